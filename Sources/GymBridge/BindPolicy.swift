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
        let z85 = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")
        guard key.count == 40, key.allSatisfy({ z85.contains($0) }) else {
            throw KeyError(path: path)
        }
        return key
    }

    /// A key file that does not hold a 40-character Z85 CURVE key.
    public struct KeyError: Error, CustomStringConvertible {
        /// The file read.
        public let path: String
        /// What is wrong.
        public var description: String {
            "\(path) does not hold a Z85 CURVE secret key (40 characters, e.g. from zmq_curve_keypair)"
        }
    }
}
