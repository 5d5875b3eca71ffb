/// Errors of ``RecordTrajectory``.
public enum RecordTrajectoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened for writing; `reason` is the system's message.
    case cannotOpen(path: String, reason: String)
    /// Writing to the file failed; `reason` is the system's message.
    case writeFailed(path: String, reason: String)
    /// A record could not be encoded (for example an info that fails to encode).
    case encodingFailed(path: String, reason: String)
    /// The recorder was closed before this call.
    case closed(path: String)

    /// A message that names the file and the problem.
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "cannot open trajectory file '\(path)' for writing: \(reason)"
        case let .writeFailed(path, reason): return "writing trajectory file '\(path)' failed: \(reason)"
        case let .encodingFailed(path, reason): return "cannot encode a record for '\(path)': \(reason)"
        case let .closed(path): return "trajectory file '\(path)' is already closed"
        }
    }
}
