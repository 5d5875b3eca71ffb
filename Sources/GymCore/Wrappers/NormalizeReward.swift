/// Scales rewards so that their discounted return has roughly unit variance, as Gymnasium's `NormalizeReward`.
///
/// Exactly Gymnasium 1.x: a running discounted reward `G ← G·γ·(1 − terminated) + r` updates
/// ``statistics`` (when ``isTraining``), and the step's reward becomes `r / √(var(G) + epsilon)` (the mean is not
/// subtracted). `G` is not cleared by reset or truncation, only by termination, as in Gymnasium.
///
/// ```swift
/// var env = NormalizeReward(GridWalk(size: 5), gamma: 0.99)
/// ```
public struct NormalizeReward<Inner: Env>: EnvWrapper {
    /// The wrapped env.
    public private(set) var inner: Inner
    /// The running mean and variance of the discounted reward.
    public var statistics = RunningMeanStd(size: 1)
    /// The running discounted reward `G`.
    public private(set) var discountedReward = 0.0
    /// Whether steps update ``statistics`` (Gymnasium's `update_running_mean`).
    public var isTraining = true
    /// The discount factor γ of `G`.
    public let gamma: Double
    /// Added to the variance before the square root.
    public let epsilon: Double

    /// Wraps `inner`.
    public init(_ inner: Inner, gamma: Double = 0.99, epsilon: Double = 1e-8) {
        self.inner = inner
        self.gamma = gamma
        self.epsilon = epsilon
    }

    /// Resets the inner env.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Inner.Info {
        inner.reset(seed: seed, options: options, into: observation)
    }

    /// Steps the inner env and normalises its reward.
    public mutating func step(
        _ action: Inner.ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Inner.Info> {
        var t = try inner.step(action, into: observation)
        discountedReward = discountedReward * gamma * (t.terminated ? 0 : 1) + t.reward
        if isTraining { statistics.update(discountedReward) }
        t.reward /= (statistics.variance[0] + epsilon).squareRoot()
        return t
    }
}
