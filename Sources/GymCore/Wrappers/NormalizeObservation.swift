/// Normalises observations to roughly zero mean and unit variance, as Gymnasium's `NormalizeObservation`.
///
/// Each observation (from reset and from step) first updates ``statistics`` when ``isTraining`` is true, then is
/// written as `(x − mean) / √(var + epsilon)` per component. Freeze the statistics for evaluation by setting
/// `isTraining = false` and copying ``statistics`` from the training env.
///
/// ```swift
/// var env = NormalizeObservation(GridWalk(size: 5))
/// env.isTraining = false
/// ```
public struct NormalizeObservation<Inner: Env>: EnvWrapper {
    /// The wrapped env.
    public private(set) var inner: Inner
    /// The running mean and variance of the inner env's observations.
    public var statistics: RunningMeanStd
    /// Whether observations update ``statistics`` (Gymnasium's `update_running_mean`).
    public var isTraining = true
    /// Added to the variance before the square root.
    public let epsilon: Double
    /// Unbounded, with the inner observation's shape.
    public let observationSpace: Box

    /// Wraps `inner` with fresh statistics.
    public init(_ inner: Inner, epsilon: Double = 1e-8) {
        self.inner = inner
        self.epsilon = epsilon
        self.statistics = RunningMeanStd(size: inner.observationSpace.size)
        self.observationSpace = Box(low: -.infinity, high: .infinity, shape: inner.observationSpace.shape)
    }

    /// Resets the inner env and normalises its first observation.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Inner.Info {
        let info = inner.reset(seed: seed, options: options, into: observation)
        normalize(observation)
        return info
    }

    /// Steps the inner env and normalises its observation.
    public mutating func step(
        _ action: Inner.ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Inner.Info> {
        let t = try inner.step(action, into: observation)
        normalize(observation)
        return t
    }

    private mutating func normalize(_ observation: UnsafeMutableBufferPointer<Float>) {
        if isTraining { statistics.update(UnsafeBufferPointer(observation)) }
        for i in 0..<observation.count {
            let scaled = (Double(observation[i]) - statistics.mean[i]) / (statistics.variance[i] + epsilon).squareRoot()
            observation[i] = Float(scaled)
        }
    }
}
