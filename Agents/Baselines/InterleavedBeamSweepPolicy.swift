import Environments
import GymCore

/// The exhaustive narrow-beam sweep, interleaved across access points: AP0 beam 0, AP1 beam 0, …, AP0 beam 1, …
///
/// Every AP's beam k is probed before any AP's beam k + 1, so a fix that needs two APs never waits for one AP's
/// whole codebook; wide beams are not used. It knows nothing of the user and counts every probe it spends.
public struct InterleavedBeamSweepPolicy: Policy {
    private var next = 0

    /// Creates the policy.
    public init() {}

    /// `"sweep"`.
    public var name: String { "sweep" }

    /// Restarts the sweep.
    public mutating func beginEpisode(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) { next = 0 }

    /// The next beam of the interleaved order.
    public mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        let aps = env.arrays.count, beams = env.codebook.count
        let k = next % (aps * beams)
        next += 1
        return Self.action(k, in: env, accessPoints: aps)
    }

    /// The whole order, one sweep of every AP's narrow beams (for ``FixedOrderSweepPolicy`` on a remote env).
    public static func order(for env: BeamSelectionEnv) -> [Int] {
        let aps = env.arrays.count
        return (0..<(aps * env.codebook.count)).map { action($0, in: env, accessPoints: aps) }
    }

    private static func action(_ k: Int, in env: BeamSelectionEnv, accessPoints aps: Int) -> Int {
        env.narrowAction(accessPoint: k % aps, beam: k / aps)
    }
}
