// NeuralNet: what can go wrong when saving or loading a checkpoint.

/// An error saving, loading or applying a ``Checkpoint``; the description says what is wrong and where.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: the operation, the path and the `errno` value.
    case io(operation: String, path: String, errno: Int32)
    /// The file is not a valid checkpoint (bad magic, truncated, checksum mismatch, malformed payload).
    case corrupt(String)
    /// The file's format version is not one this build reads.
    case versionMismatch(found: UInt32, supported: UInt32)
    /// A tensor's shape differs from the parameter it should be loaded into.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor or metadata entry the caller needs is absent.
    case missingEntry(String)

    /// A one-line, human-readable explanation.
    public var description: String {
        switch self {
        case let .io(operation, path, code):
            return "checkpoint I/O error: \(operation) \(path) failed with errno \(code)"
        case let .corrupt(reason):
            return "corrupt checkpoint: \(reason)"
        case let .versionMismatch(found, supported):
            return "checkpoint format version \(found) is not supported (this build reads version \(supported))"
        case let .shapeMismatch(name, expected, found):
            return "checkpoint tensor \(name) has shape \(found), expected \(expected)"
        case let .missingEntry(name):
            return "checkpoint has no entry named \(name)"
        }
    }
}
