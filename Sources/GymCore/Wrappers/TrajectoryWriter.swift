import Foundation

/// The buffered file behind ``RecordTrajectory``; one per recorder, shared by its copies.
final class TrajectoryWriter {
    let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    /// The first write or encoding error, reported by the next `flush` or `close`.
    private(set) var pendingError: RecordTrajectoryError?

    init(path: String, append: Bool) throws(RecordTrajectoryError) {
        self.path = path
        guard let file = fopen(path, append ? "a" : "w") else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.file = file
        buffer.reserveCapacity(1 << 16)
    }

    deinit {
        if let file {
            writeBuffer()
            fclose(file)
        }
    }

    var isOpen: Bool { file != nil }

    /// Appends `line` plus a newline, writing through when the buffer passes 64 KiB.
    func append(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { writeBuffer() }
    }

    /// Records an error to report at the next flush or close.
    func record(_ error: RecordTrajectoryError) {
        if pendingError == nil { pendingError = error }
    }

    /// Writes the buffer and flushes the file.
    func flush() throws(RecordTrajectoryError) {
        guard let file else { throw .closed(path: path) }
        writeBuffer()
        if fflush(file) != 0 { record(.writeFailed(path: path, reason: String(cString: strerror(errno)))) }
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
    }

    /// Flushes and closes the file; later calls throw ``RecordTrajectoryError/closed(path:)``.
    func close() throws(RecordTrajectoryError) {
        guard let file else { throw .closed(path: path) }
        defer { self.file = nil }
        do throws(RecordTrajectoryError) {
            try flush()
        } catch {
            fclose(file)
            throw error
        }
        if fclose(file) != 0 { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }

    private func writeBuffer() {
        guard let file, !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != buffer.count { record(.writeFailed(path: path, reason: String(cString: strerror(errno)))) }
        buffer.removeAll(keepingCapacity: true)
    }
}
