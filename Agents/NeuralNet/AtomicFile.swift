// NeuralNet: crash-safe file replacement and whole-file reads with POSIX calls (internal).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file atomically: temp file in the same directory, `fsync`, `rename` over the target, `fsync` the directory.
///
/// A crash or a thrown error at any point leaves either the old file or the new one at `path`, never a mix.
enum AtomicFile {
    /// Called after each chunk reaches the temp file with `(bytesWritten, totalBytes)`; throwing aborts the save.
    typealias WriteHook = (_ bytesWritten: Int, _ totalBytes: Int) throws -> Void

    static let chunkSize = 1 << 16

    /// The temp path used while saving to `path` from this process.
    static func temporaryPath(for path: String) -> String { "\(path).tmp-\(getpid())" }

    static func replaceContents(of path: String, with bytes: [UInt8], hook: WriteHook?) throws {
        removeStaleTemporaries(for: path)
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CheckpointError.io(operation: "open", path: temporary, errno: errno) }
        var isOpen = true
        do {
            var written = 0
            while written < bytes.count {
                let chunk = min(chunkSize, bytes.count - written)
                let result = bytes.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return write(fd, base + written, chunk)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw CheckpointError.io(operation: "write", path: temporary, errno: errno)
                }
                written += result
                try hook?(written, bytes.count)
            }
            if bytes.isEmpty { try hook?(0, 0) }
            guard fsync(fd) == 0 else { throw CheckpointError.io(operation: "fsync", path: temporary, errno: errno) }
            isOpen = false
            guard close(fd) == 0 else { throw CheckpointError.io(operation: "close", path: temporary, errno: errno) }
            guard rename(temporary, path) == 0 else {
                throw CheckpointError.io(operation: "rename to \(path)", path: temporary, errno: errno)
            }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
        try syncDirectory(containing: path)
    }

    /// Removes `path.tmp-PID` files left by processes that died mid-save (killed before they could clean up);
    /// those of live processes, which may be saving right now, are kept.
    static func removeStaleTemporaries(for path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let prefix = String(slash.map { path[path.index(after: $0)...] } ?? path[...]) + ".tmp-"
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno == EPERM { continue }
            unlink(directory + "/" + name)
        }
    }

    /// `fsync`s the directory holding `path`, so the rename itself survives a power loss.
    static func syncDirectory(containing path: String) throws {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckpointError.io(operation: "open directory", path: directory, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw CheckpointError.io(operation: "fsync directory", path: directory, errno: errno) }
    }

    /// Reads the whole file at `path`.
    static func contents(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CheckpointError.io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(fd, base, raw.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw CheckpointError.io(operation: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            result.append(contentsOf: buffer[0 ..< count])
        }
        return result
    }
}
