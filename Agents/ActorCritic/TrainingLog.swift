// ActorCritic: the training log, a CSV with CleanRL's metric names.
import Foundation

/// Appends one CSV row per training iteration, with CleanRL's metric names as the header, so runs compare
/// directly with CleanRL's TensorBoard scalars. Empty cells mean "no episode ended in this iteration".
///
/// ```swift
/// let log = try TrainingLog(path: "runs/ppo/train.csv")
/// try ppo.train { try log.append($0) }
/// ```
public final class TrainingLog {
    /// The column names, in order.
    public static let columns = [
        "global_step", "iteration", "charts/episodic_return", "charts/episodic_length", "charts/probes_used",
        "charts/final_error_m", "charts/episodes", "charts/learning_rate", "losses/value_loss", "losses/policy_loss",
        "losses/entropy", "losses/old_approx_kl", "losses/approx_kl", "losses/clipfrac", "losses/explained_variance",
        "charts/SPS",
    ]

    /// The file written.
    public let path: String
    private let handle: FileHandle

    /// Opens `path` for appending, writing the header first when the file is new or empty.
    /// - Parameter path: The CSV file; its directory must exist.
    /// - Throws: A Foundation error naming the file when it cannot be created or opened.
    public init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let end = try handle.seekToEnd()
        if end == 0 { try handle.write(contentsOf: Data((Self.columns.joined(separator: ",") + "\n").utf8)) }
    }

    /// Appends the row of one iteration.
    /// - Throws: A Foundation error when the write fails.
    public func append(_ m: TrainingMetrics) throws {
        func cell(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            return String(format: "%.6g", value)
        }
        let cells = [
            String(m.globalStep), String(m.iteration), cell(m.episodicReturn), cell(m.episodicLength), cell(m.probesUsed),
            cell(m.finalErrorMetres), String(m.episodes), cell(m.learningRate), cell(m.valueLoss), cell(m.policyLoss),
            cell(m.entropy), cell(m.oldApproxKL), cell(m.approxKL), cell(m.clipFraction), cell(m.explainedVariance),
            String(format: "%.0f", m.stepsPerSecond),
        ]
        try handle.write(contentsOf: Data((cells.joined(separator: ",") + "\n").utf8))
    }

    /// Flushes and closes the file.
    public func close() throws {
        try handle.synchronize()
        try handle.close()
    }
}
