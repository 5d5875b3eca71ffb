/// Running per-component mean and variance of a stream of vectors (Welford / Chan et al. update).
///
/// It reproduces Gymnasium's `RunningMeanStd` exactly: the statistics start from a prior of weight
/// `initialCount` (default 1e-4, Gymnasium's `epsilon`) with mean 0 and variance 1, and each sample is merged by
/// the parallel-moments update, which for one sample is Welford's. With `initialCount: 0` it is plain Welford
/// (population variance). Updates allocate nothing.
///
/// ```swift
/// var stats = RunningMeanStd(size: 2)
/// stats.update([1, 2]); stats.update([3, 4])
/// stats.mean   // ≈ [2, 3]
/// ```
public struct RunningMeanStd: Sendable, Equatable, Codable {
    /// The running mean of each component.
    public private(set) var mean: [Double]
    /// The running (population) variance of each component.
    public private(set) var variance: [Double]
    /// The weight of the samples seen so far, including the prior.
    public private(set) var count: Double

    /// Creates statistics for vectors of `size` components with a prior of weight `initialCount`.
    public init(size: Int, initialCount: Double = 1e-4) {
        precondition(size > 0 && initialCount >= 0, "RunningMeanStd needs size > 0 and initialCount >= 0")
        self.mean = [Double](repeating: 0, count: size)
        self.variance = [Double](repeating: initialCount > 0 ? 1 : 0, count: size)
        self.count = initialCount
    }

    /// The number of components.
    public var size: Int { mean.count }

    /// Merges one sample of ``size`` components.
    public mutating func update(_ sample: UnsafeBufferPointer<Float>) {
        precondition(sample.count == size, "RunningMeanStd of size \(size) got \(sample.count) values")
        let total = count + 1
        for i in 0..<size {
            let delta = Double(sample[i]) - mean[i]
            mean[i] += delta / total
            variance[i] = (variance[i] * count + delta * delta * count / total) / total
        }
        count = total
    }

    /// Merges one sample of ``size`` components.
    public mutating func update(_ sample: [Float]) {
        sample.withUnsafeBufferPointer { update($0) }
    }

    /// Merges one scalar sample (``size`` must be 1).
    public mutating func update(_ sample: Double) {
        precondition(size == 1, "RunningMeanStd of size \(size) got a scalar")
        let total = count + 1
        let delta = sample - mean[0]
        mean[0] += delta / total
        variance[0] = (variance[0] * count + delta * delta * count / total) / total
        count = total
    }
}
