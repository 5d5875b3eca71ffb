import Foundation
import SensingGym

/// The output side `train` and `meta-train` share: a CSV log with CleanRL's metric names, a progress bar, a
/// checkpoint every `checkpointEvery` iterations and at the end.
struct TrainingLoop {
    /// The progress bar's label.
    let label: String
    /// The CSV log's path.
    let logPath: String
    /// Iterations between checkpoints.
    let checkpointEvery: Int

    /// Runs `iterations`, which calls its argument after every iteration, logging and checkpointing on the way.
    /// - Parameters:
    ///   - total: The environment steps the run will take (for the progress bar).
    ///   - save: Writes the checkpoint.
    /// - Returns: The last iteration's metrics and the mean episodic return of the last 10 iterations that had one.
    func run(
        total: Int, iterations: ((TrainingMetrics) throws -> Void) throws -> Void, save: @escaping () throws -> Void
    ) throws -> (last: TrainingMetrics?, meanReturn: Double) {
        let log = try TrainingLog(path: logPath)
        var progress = ProgressReporter(label: label, total: total)
        var recent: [Double] = []
        var last: TrainingMetrics?
        try iterations { metrics in
            try log.append(metrics)
            progress.update(min(metrics.globalStep, total))
            if let value = metrics.episodicReturn { recent = Array((recent + [value]).suffix(10)) }
            last = metrics
            if metrics.iteration % checkpointEvery == 0 { try save() }
        }
        try save()
        try log.close()
        return (last, recent.isEmpty ? .nan : recent.reduce(0, +) / Double(recent.count))
    }
}
