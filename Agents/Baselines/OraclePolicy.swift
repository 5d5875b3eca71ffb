import Environments
import GymCore
import RadioScene

/// The oracle on `BeamSelection-v0`: knows the user's true position and picks the probe that, without noise,
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
        var tracker = env.episode.tracker
        var user = env.episode.user
        var scratch = Xoshiro256StarStar(seed: 0)
        let dt = env.episode.scenario.episode.slotDurationS
        tracker.predict(dt: dt)
        // The oracle looks one slot ahead, where the probe will find the user.
        user.advance(dt: dt, using: &scratch)
        let p = tracker.covariance
        let prior: FisherInformation.Symmetric2 = (p.r0[0], p.r0[1], p.r1[1])
        var best = 0
        var bestKey = (-Double.infinity, -Double.infinity)
        for a in 0..<env.actionSpace.n {
            let probe = env.predictedProbe(action: a, x: user.position[0], y: user.position[1])
            let key = (FisherInformation.informationGain(prior: prior, information: probe.information), probe.energySNR)
            if key > bestKey {
                bestKey = key
                best = a
            }
        }
        return best
    }
}
