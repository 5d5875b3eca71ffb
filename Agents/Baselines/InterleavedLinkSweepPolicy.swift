import Environments
import GymCore

/// `RISConfiguration-v1`'s exhaustive sweep, interleaved across links: the first action of each link (every
/// access point's direct beams, each RIS panel's beams), then the second of each, and so on.
///
/// The RIS env's counterpart of ``InterleavedBeamSweepPolicy``: where a track needs two links
/// (``TrackConfirmation``), an action-order sweep would spend the AP's whole codebook before its first RIS probe.
/// It knows nothing of the user and counts every probe it spends.
public struct InterleavedLinkSweepPolicy: Policy {
    private var order: [Int] = []
    private var next = 0

    /// Creates the policy.
    public init() {}

    /// `"sweep"`.
    public var name: String { "sweep" }

    /// Orders the actions link by link (once per env shape) and restarts the sweep.
    public mutating func beginEpisode(in env: RISConfigurationEnv, observation: UnsafeBufferPointer<Float>) {
        next = 0
        guard order.count != env.actionSpace.n else { return }
        order = Self.order(for: env)
    }

    /// The whole order: the k-th action of every link, for k = 0, 1, … (also for ``FixedOrderSweepPolicy`` on a
    /// remote env).
    public static func order(for env: RISConfigurationEnv) -> [Int] {
        var byLink: [Int: [Int]] = [:]
        for a in 0..<env.actionSpace.n { byLink[env.link(of: a), default: []].append(a) }
        let links = byLink.keys.sorted().map { byLink[$0]! }
        var order: [Int] = []
        order.reserveCapacity(env.actionSpace.n)
        for k in 0..<(links.map(\.count).max() ?? 0) {
            for actions in links where k < actions.count { order.append(actions[k]) }
        }
        return order
    }

    /// The next action of the interleaved order.
    public mutating func action(in env: RISConfigurationEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        defer { next += 1 }
        return order[next % order.count]
    }
}
