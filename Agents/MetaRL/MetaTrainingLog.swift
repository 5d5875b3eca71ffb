// MetaRL: the meta-training log, a CSV with CleanRL-style metric names.
import Foundation

/// Appends one CSV row per meta-iteration under ``MetaTrainingMetrics/columns``; empty cells mean "no such
/// episodes in this iteration".
///
/// ```swift
/// let log = try MetaTrainingLog(path: "runs/meta/meta_train.csv")
/// try learner.metaTrain(iterations: 200) { try log.append($0) }
/// ```
public final class MetaTrainingLog {
    /// The file written.
    public let path: String
    private let handle: FileHandle

    /// Opens `path` for appending, writing the header first when the file is new or empty.
    /// - Parameter path: The CSV file; its directory must exist.
    /// - Throws: A Foundation error naming the file when it cannot be created or opened.
    public init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path), !manager.createFile(atPath: path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        if try handle.seekToEnd() == 0 {
            try handle.write(contentsOf: Data((MetaTrainingMetrics.columns.joined(separator: ",") + "\n").utf8))
        }
    }

    /// Appends the row of one meta-iteration.
    /// - Throws: A Foundation error when the write fails.
    public func append(_ metrics: MetaTrainingMetrics) throws {
        try handle.write(contentsOf: Data((metrics.cells.joined(separator: ",") + "\n").utf8))
    }

    /// Flushes and closes the file.
    public func close() throws {
        try handle.synchronize()
        try handle.close()
    }
}
