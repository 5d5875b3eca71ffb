import GymCore

/// Replays a fixed order of action indices round robin, in any env with a finite action space.
///
/// How a structured sweep (``InterleavedBeamSweepPolicy``, ``InterleavedLinkSweepPolicy``) runs where the env's
/// structure is not at hand, e.g. on a remote env: the order comes from a local instance of the same env and
/// scenario (``InterleavedBeamSweepPolicy/order(for:)``), and this replays it, so `run --remote` sweeps exactly as
/// a local `run` does.
public struct FixedOrderSweepPolicy<Environment: Env>: Policy where Environment.ActionSpace: FiniteSpace {
    /// The action indices, in sweep order (indices of ``FiniteSpace/element(at:)``).
    public let order: [Int]
    /// The name in tables (`sweep`).
    public let name: String
    private var next = 0

    /// Creates the policy; `order` must not be empty.
    public init(order: [Int], name: String = "sweep") {
        precondition(!order.isEmpty, "a sweep needs at least one action")
        self.order = order
        self.name = name
    }

    /// Restarts the sweep.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) { next = 0 }

    /// The next action of the order.
    public mutating func action(
        in env: Environment, observation: UnsafeBufferPointer<Float>
    ) -> Environment.ActionSpace.Element {
        defer { next += 1 }
        return env.actionSpace.element(at: order[next % order.count])
    }
}
