// NeuralNet: percentiles of a latency measurement.

/// Percentiles of a set of timed calls, in nanoseconds.
public struct LatencySummary: Sendable, Equatable, CustomStringConvertible {
    /// The number of timed calls.
    public let samples: Int
    /// The median latency.
    public let p50Nanoseconds: Double
    /// The 99th-percentile latency.
    public let p99Nanoseconds: Double
    /// The mean latency.
    public let meanNanoseconds: Double

    /// Summarises raw per-call durations.
    /// - Parameter nanoseconds: One duration per call; must not be empty.
    public init(nanoseconds: [Double]) {
        precondition(!nanoseconds.isEmpty, "LatencySummary needs at least one sample")
        let sorted = nanoseconds.sorted()
        func percentile(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] }
        samples = sorted.count
        p50Nanoseconds = percentile(0.5)
        p99Nanoseconds = percentile(0.99)
        meanNanoseconds = sorted.reduce(0, +) / Double(sorted.count)
    }

    /// `p50 … µs, p99 … µs, mean … µs (n = …)`.
    public var description: String {
        func micro(_ ns: Double) -> String { String(Double(Int(ns / 10)) / 100) }
        return "p50 \(micro(p50Nanoseconds)) µs, p99 \(micro(p99Nanoseconds)) µs, mean \(micro(meanNanoseconds)) µs (n = \(samples))"
    }
}
