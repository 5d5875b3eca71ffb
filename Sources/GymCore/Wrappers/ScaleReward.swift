/// Multiplies every reward by a constant factor (Gymnasium's `TransformReward` with `r * scale`).
///
/// ```swift
/// var env = ScaleReward(GridWalk(size: 5), scale: 0.1)
/// ```
public struct ScaleReward<Inner: Env>: EnvWrapper {
    /// The wrapped env.
    public private(set) var inner: Inner
    /// The factor applied to every reward.
    public var scale: Double

    /// Wraps `inner`.
    public init(_ inner: Inner, scale: Double) {
        self.inner = inner
        self.scale = scale
    }

    /// Resets the inner env.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Inner.Info {
        inner.reset(seed: seed, options: options, into: observation)
    }

    /// Steps the inner env and scales its reward.
    public mutating func step(
        _ action: Inner.ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Inner.Info> {
        var t = try inner.step(action, into: observation)
        t.reward *= scale
        return t
    }
}
