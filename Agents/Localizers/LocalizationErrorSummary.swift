import Foundation

/// Positioning-error statistics of a set of predictions, in metres (the columns of the paper's Table II, and more).
///
/// ```swift
/// let summary = try LocalizationErrorSummary(predictions: wrf.predict(table: test), truth: test)
/// print(summary)  // n=100 mean=0.055 m median=… p90=… max=0.309 m
/// ```
public struct LocalizationErrorSummary: Sendable, Equatable, CustomStringConvertible {
    /// Number of points.
    public let count: Int
    /// Smallest Euclidean error.
    public let min: Double
    /// Mean Euclidean error.
    public let mean: Double
    /// Median Euclidean error.
    public let median: Double
    /// 90th-percentile Euclidean error (nearest rank).
    public let p90: Double
    /// Largest Euclidean error.
    public let max: Double
    /// Root-mean-square Euclidean error.
    public let rmse: Double

    /// Summarises the planar errors `‖(x̂, ŷ) − (x, y)‖` of `predictions` against the rows of `truth`.
    ///
    /// - Throws: `FingerprintTableError.shapeMismatch` if the counts differ, `.emptyTable` if there are none.
    public init(predictions: [(x: Double, y: Double)], truth: FingerprintTable) throws {
        guard predictions.count == truth.rowCount else {
            throw FingerprintTableError.shapeMismatch(
                file: truth.source, detail: "\(predictions.count) predictions for \(truth.rowCount) rows")
        }
        guard !predictions.isEmpty else { throw FingerprintTableError.emptyTable(file: truth.source) }
        let errors = predictions.indices.map { i in
            let dx = predictions[i].x - truth.x[i], dy = predictions[i].y - truth.y[i]
            return (dx * dx + dy * dy).squareRoot()
        }.sorted()
        let n = errors.count
        count = n
        min = errors[0]
        max = errors[n - 1]
        mean = errors.reduce(0, +) / Double(n)
        median = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2
        p90 = errors[Swift.max(0, Int((0.9 * Double(n)).rounded(.up)) - 1)]
        rmse = (errors.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
    }

    /// One line: count, mean, median, p90, max, RMSE in metres.
    public var description: String {
        func m(_ v: Double) -> String { String(format: "%.4f m", v) }
        return "n=\(count) mean=\(m(mean)) median=\(m(median)) p90=\(m(p90)) max=\(m(max)) rmse=\(m(rmse))"
    }
}
