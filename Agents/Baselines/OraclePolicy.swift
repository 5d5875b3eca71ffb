import Environments
import GymCore
import RadioScene

/// The oracle on `BeamSelection-v1`: knows the user's true position and picks the probe that, without noise,
/// would add the most information — an upper bound no real agent can beat on average.
///
/// It reads the ground truth through the environment (`episode.user`), which no other policy may do.
public struct OraclePolicy: Policy {
    /// Creates the policy.
    public init() {}

    /// `oracle`.
    public var name: String { "oracle" }

    /// Nothing to prepare.
    public mutating func beginEpisode(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) {}

    /// The action with the largest information gain at the true position (highest SNR when none is usable).
    public mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        let belief = SigmaPoints.planningPoints(for: env.episode, oracle: true)
        let user = belief.points[0].point
        var best = 0
        var bestKey = (-Double.infinity, -Double.infinity)
        for a in 0..<env.actionSpace.n {
            let probe = env.predictedProbe(action: a, x: user[0], y: user[1])
            let key = (FisherInformation.informationGain(prior: belief.covariance, information: probe.information), probe.energySNR)
            if key > bestKey {
                bestKey = key
                best = a
            }
        }
        return best
    }
}
