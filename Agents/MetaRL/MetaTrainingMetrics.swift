// MetaRL: what one meta-iteration reports (one row of the meta-training log).
import Foundation

/// The figures of one meta-iteration, under CleanRL-style names (``columns``).
public struct MetaTrainingMetrics: Sendable, Equatable {
    /// Environment steps taken so far over all tasks, inner loops and query episodes (`global_step`).
    public var globalStep: Int
    /// The meta-iteration number, from 1 (`iteration`).
    public var iteration: Int
    /// Tasks adapted to in this iteration (`meta/tasks`).
    public var tasks: Int
    /// Episodes played in this iteration (`charts/episodes`).
    public var episodes: Int
    /// Mean return of every episode of the iteration, support and query (`charts/episodic_return`).
    public var episodicReturn: Double?
    /// Mean return of the first inner update's episodes, under θ: before adaptation (`meta/inner_return_before`).
    public var innerReturnBefore: Double?
    /// Mean return of the query episodes, under the adapted φ: after adaptation (`meta/inner_return_after`; nil
    /// without query episodes).
    public var innerReturnAfter: Double?
    /// Mean length of the iteration's episodes (`charts/episodic_length`).
    public var episodicLength: Double?
    /// Mean final position error of the query episodes, metres (`charts/final_error_m`; the support episodes' when
    /// there are no query episodes).
    public var finalErrorMetres: Double?
    /// The Euclidean norm of the outer step `θ_new − θ` (`meta/outer_step_norm`).
    public var outerStepNorm: Double
    /// Environment steps per second since training (or resuming) started (`charts/SPS`).
    public var stepsPerSecond: Double

    /// The column names, in order.
    public static let columns = [
        "global_step", "iteration", "meta/tasks", "charts/episodes", "charts/episodic_return",
        "meta/inner_return_before", "meta/inner_return_after", "charts/episodic_length", "charts/final_error_m",
        "meta/outer_step_norm", "charts/SPS",
    ]

    /// The row's cells in ``columns`` order; empty cells mean "no such episodes".
    public var cells: [String] {
        func cell(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "" }
            return String(format: "%.6g", value)
        }
        return [
            String(globalStep), String(iteration), String(tasks), String(episodes), cell(episodicReturn),
            cell(innerReturnBefore), cell(innerReturnAfter), cell(episodicLength), cell(finalErrorMetres),
            cell(outerStepNorm), String(format: "%.0f", stepsPerSecond),
        ]
    }
}
