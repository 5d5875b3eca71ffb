/// Truncates episodes after a number of steps, as Gymnasium's `TimeLimit`.
///
/// On the step that brings the episode to ``maxEpisodeSteps`` steps, `truncated` becomes true (the inner
/// env's `terminated` is passed through unchanged, so both may be true). ``reset(seed:options:into:)`` restarts
/// the count.
///
/// ```swift
/// var env = TimeLimit(GridWalk(size: 5), maxEpisodeSteps: 50)
/// ```
public struct TimeLimit<Inner: Env>: EnvWrapper {
    /// The wrapped env.
    public private(set) var inner: Inner
    /// The number of steps after which an episode is truncated.
    public let maxEpisodeSteps: Int
    /// The steps taken in the current episode.
    public private(set) var elapsedSteps = 0

    /// Wraps `inner`; `maxEpisodeSteps` must be positive.
    public init(_ inner: Inner, maxEpisodeSteps: Int) {
        precondition(maxEpisodeSteps > 0, "TimeLimit needs maxEpisodeSteps > 0, got \(maxEpisodeSteps)")
        self.inner = inner
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    /// Resets the inner env and the step count.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Inner.Info {
        elapsedSteps = 0
        return inner.reset(seed: seed, options: options, into: observation)
    }

    /// Steps the inner env and truncates when the episode reaches ``maxEpisodeSteps`` steps.
    public mutating func step(
        _ action: Inner.ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Inner.Info> {
        var t = try inner.step(action, into: observation)
        elapsedSteps += 1
        if elapsedSteps >= maxEpisodeSteps { t.truncated = true }
        return t
    }
}
