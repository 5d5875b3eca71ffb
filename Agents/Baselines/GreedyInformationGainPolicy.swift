import Environments
import GymCore
import RadioScene

/// Greedy one-step expected information gain on `BeamSelection-v1`: the model-based baseline.
///
/// It plans with the environment's physics (``BeamSelectionEnv/predictedProbe(action:x:y:)``) and the tracker's
/// own belief, never the truth. Before the tracker has a fix, the belief is a cloud of hypothetical positions
/// spread over the room; every probe that yields no usable line-of-sight measurement (nothing detected, or
/// rejected as NLoS) down-weights the hypotheses under which it would have (negative information, which the
/// Gaussian tracker cannot hold). Once the tracker has a fix, the belief
/// is its predicted Gaussian, represented by five sigma points (unscented transform, κ = 1). The policy picks
/// the action with the highest expected ½ ln det(I + P·J) over its belief; probe costs are equal, so the
/// cost term does not change the choice.
public struct GreedyInformationGainPolicy: Policy {
    /// Hypotheses per episode before the first fix.
    public let hypothesisCount: Int
    /// Weight kept by a hypothesis under which a probe that missed would have detected the user.
    public static let missLikelihood = HypothesisSearch.missLikelihood
    /// The tracker counts as having a fix once its 95 % error radius is below this, metres.
    public static let fixRadiusMetres = 1.0

    private var generator: Xoshiro256StarStar
    private var search = HypothesisSearch()
    private var actionCount = 0
    private var lastAction: Int?
    private var scratch: [PropagationPath] = []

    /// Creates the policy; `seed` fixes its hypotheses.
    public init(seed: UInt64, hypothesisCount: Int = 192) {
        generator = Xoshiro256StarStar(seed: seed ^ 0x6EED)
        self.hypothesisCount = hypothesisCount
    }

    /// `greedy`.
    public var name: String { "greedy" }

    /// Draws fresh hypotheses over the user area and predicts every probe at each.
    public mutating func beginEpisode(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) {
        actionCount = env.actionSpace.n
        var scratch = self.scratch
        search.reset(
            count: hypothesisCount, area: env.episode.scenario.userArea, actionCount: actionCount, using: &generator
        ) { a, x, y in env.predictedProbe(action: a, x: x, y: y, scratch: &scratch).information }
        self.scratch = scratch
        lastAction = nil
    }

    /// The action of highest expected information gain under the current belief.
    public mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        // A probe that yielded no usable line of sight tells where the user is not.
        if let last = lastAction, observation[PositioningEpisode.lastOutcomeIndex] < 0.5 {
            search.observeMiss(action: last)
        }
        var tracker = env.episode.tracker
        tracker.predict(dt: env.episode.scenario.episode.slotDurationS)
        let p = tracker.covariance
        let prior: FisherInformation.Symmetric2 = (p.r0[0], p.r0[1], p.r1[1])
        var values = [Double](repeating: 0, count: actionCount)
        if tracker.errorRadius95 < Self.fixRadiusMetres {
            for (point, weight) in SigmaPoints.of(mean: SIMD2(tracker.mean[0], tracker.mean[1]), covariance: prior) {
                for a in 0..<actionCount {
                    let probe = env.predictedProbe(action: a, x: point[0], y: point[1], scratch: &scratch)
                    values[a] += weight * FisherInformation.informationGain(prior: prior, information: probe.information)
                }
            }
        } else {
            search.expectedGains(prior: prior, into: &values)
        }
        var best = 0
        for a in 1..<actionCount where values[a] > values[best] { best = a }
        lastAction = best
        return best
    }
}
