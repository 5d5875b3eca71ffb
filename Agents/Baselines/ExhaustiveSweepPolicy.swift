import GymCore

/// Sweeps the codebook round robin: action 0, 1, 2, … (every beam of every access point in turn).
///
/// The classical beam-training procedure: it needs no model and no learning, and it is the yardstick for
/// "probes to reach the target" (a learned agent should need at most half as many).
public struct ExhaustiveSweepPolicy<Environment: Env>: Policy where Environment.ActionSpace == Discrete {
    private var next = 0

    /// Creates the policy.
    public init() {}

    /// `sweep`.
    public var name: String { "sweep" }

    /// Restarts the sweep at action 0.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) { next = 0 }

    /// The next action in round-robin order.
    public mutating func action(in env: Environment, observation: UnsafeBufferPointer<Float>) -> Int {
        let a = env.actionSpace.start + next % env.actionSpace.n
        next += 1
        return a
    }
}
