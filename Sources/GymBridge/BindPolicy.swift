import Foundation

/// Decides whether an endpoint may be bound without encryption, and loads CURVE keys.
///
/// Loopback TCP (`127.0.0.0/8`, `::1`, `localhost`, interface `lo`), `ipc://` and `inproc://` are local to the
/// machine. Anything else is reachable from the network and needs CURVE (`--curve-secret-key-file`) or an explicit
/// `--insecure`: whoever reaches an unencrypted socket can run envs on the server.
///
/// ```swift
/// BindPolicy.isLocal("tcp://127.0.0.1:*")   // true
/// BindPolicy.isLocal("tcp://0.0.0.0:5555")  // false
/// ```
public enum BindPolicy {
    /// Whether `endpoint` is reachable only from this machine.
    public static func isLocal(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        let address = endpoint.dropFirst("tcp://".count)
        guard !address.contains(";"), let colon = address.lastIndex(of: ":") else { return false }
        var host = address[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        if host == "localhost" || host == "lo" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Checks the form of `endpoint`: `tcp://HOST:PORT` with PORT 1…65535 or `*`, `ipc://PATH` with a path that
    /// fits a Unix socket address (at most 107 bytes), or `inproc://NAME`.
    /// - Returns: `nil` when well formed, else what is wrong.
    public static func endpointProblem(_ endpoint: String) -> String? {
        if endpoint.hasPrefix("ipc://") {
            let path = endpoint.dropFirst("ipc://".count)
            if path.isEmpty { return "ipc:// needs a path, e.g. ipc:///tmp/sensing-gym.sock" }
            if path.utf8.count > 107 { return "the ipc path has \(path.utf8.count) bytes; the limit is 107" }
            return nil
        }
        if endpoint.hasPrefix("inproc://") { return endpoint.count > "inproc://".count ? nil : "inproc:// needs a name" }
        guard endpoint.hasPrefix("tcp://") else {
            return "'\(endpoint)' is not tcp://HOST:PORT or ipc://PATH"
        }
        let address = endpoint.dropFirst("tcp://".count)
        guard let colon = address.lastIndex(of: ":"), colon != address.startIndex else {
            return "'\(endpoint)' needs HOST:PORT, e.g. tcp://127.0.0.1:5555"
        }
        let host = address[..<colon]
        let bracketed = host.hasPrefix("[") && host.hasSuffix("]")
        if host.contains(":") && !bracketed || host.hasPrefix("[") != host.hasSuffix("]") {
            return "an IPv6 host must be in brackets, e.g. tcp://[::1]:5555"
        }
        let port = address[address.index(after: colon)...]
        if port == "*" { return nil }
        guard let number = Int(port), (1...65_535).contains(number) else {
            return "port '\(port)' must be an integer in 1...65535 or *"
        }
        return nil
    }

    /// Removes the socket file of an `ipc://` endpoint (after the server stopped); other endpoints are ignored.
    public static func removeSocketFile(of endpoint: String) {
        guard endpoint.hasPrefix("ipc://") else { return }
        let path = String(endpoint.dropFirst("ipc://".count))
        var status = stat()
        // Only a socket: never remove a regular file someone named by mistake.
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFSOCK else { return }
        unlink(path)
    }

    /// Reads the Z85 CURVE public keys of the clients to admit: every regular file in `directory`, one 40-character
    /// key per line (blank lines and `#` comments ignored).
    /// - Throws: ``KeyError`` naming a file with a line that is not a key, or the directory when it holds no key;
    ///   a Foundation error when the directory is unreadable.
    public static func loadAuthorizedKeys(directory: String) throws -> Set<String> {
        var keys = Set<String>()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        for name in names where !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                guard isZ85Key(trimmed) else { throw KeyError(path: path, kind: "public") }
                keys.insert(trimmed)
            }
        }
        guard !keys.isEmpty else { throw KeyError(path: directory, kind: "public") }
        return keys
    }

    static func isZ85Key(_ text: String) -> Bool {
        let z85 = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")
        return text.count == 40 && text.allSatisfy { z85.contains($0) }
    }

    /// Checks that `endpoint` may be bound with the given security settings.
    /// - Returns: `nil` when allowed, else a message explaining what to add.
    public static func violation(endpoint: String, hasCurveKey: Bool, insecure: Bool) -> String? {
        if isLocal(endpoint) || hasCurveKey || insecure { return nil }
        return "refusing to bind \(endpoint) without encryption: it is reachable from the network. "
            + "Pass --curve-secret-key-file FILE (a Z85 CURVE secret key) or, on a trusted network, --insecure."
    }

    /// Reads a Z85-encoded CURVE secret key (40 characters, surrounding whitespace ignored) from `path`.
    /// - Throws: a Foundation error when the file is unreadable, ``BindPolicy/KeyError`` when its content is
    ///   not a 40-character Z85 key.
    public static func loadCurveSecretKey(path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard isZ85Key(key) else { throw KeyError(path: path, kind: "secret") }
        return key
    }

    /// A key file that does not hold a 40-character Z85 CURVE key.
    public struct KeyError: Error, CustomStringConvertible {
        /// The file read.
        public let path: String
        /// `secret` or `public`.
        public var kind = "secret"
        /// What is wrong.
        public var description: String {
            "\(path) does not hold Z85 CURVE \(kind) keys (40 characters each, e.g. from zmq_curve_keypair)"
        }
    }
}
