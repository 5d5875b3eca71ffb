import GymCore

/// Sweeps the action space round robin: action 0, 1, 2, … (every beam of every access point in turn; every
/// combination of a multi-discrete space, last component fastest).
///
/// The classical beam-training procedure: it needs no model and no learning, and it is the yardstick for
/// "probes to reach the target" (a learned agent should need at most half as many).
public struct ExhaustiveSweepPolicy<Environment: Env>: Policy where Environment.ActionSpace: FiniteSpace {
    private var next = 0

    /// Creates the policy.
    public init() {}

    /// `sweep`.
    public var name: String { "sweep" }

    /// Restarts the sweep at action 0.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) { next = 0 }

    /// The next action in round-robin order.
    public mutating func action(
        in env: Environment, observation: UnsafeBufferPointer<Float>
    ) -> Environment.ActionSpace.Element {
        let a = env.actionSpace.element(at: next % max(env.actionSpace.cardinality, 1))
        next += 1
        return a
    }
}
