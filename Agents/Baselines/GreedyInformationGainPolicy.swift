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
    public static let missLikelihood = 0.02
    /// The tracker counts as having a fix once its 95 % error radius is below this, metres.
    public static let fixRadiusMetres = 1.0

    private var generator: Xoshiro256StarStar
    private var weights: [Double] = []
    /// Per hypothesis h and action a (index h·A + a): the predicted Fisher information (zero: no usable LoS).
    private var information: [FisherInformation.Symmetric2] = []
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
        let area = env.episode.scenario.userArea
        actionCount = env.actionSpace.n
        weights = [Double](repeating: 1, count: hypothesisCount)
        information.removeAll(keepingCapacity: true)
        for _ in 0..<hypothesisCount {
            let h = area.lower + (area.upper - area.lower) * SIMD2(generator.nextUnitDouble(), generator.nextUnitDouble())
            for a in 0..<actionCount {
                let probe = env.predictedProbe(action: a, x: h[0], y: h[1], scratch: &scratch)
                information.append(probe.information)
            }
        }
        lastAction = nil
    }

    /// The action of highest expected information gain under the current belief.
    public mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        // A probe that yielded no usable line of sight tells where the user is not.
        if let last = lastAction, observation[PositioningEpisode.lastOutcomeIndex] < 0.5 {
            for h in weights.indices where information[h * actionCount + last].a > 0 {
                weights[h] *= Self.missLikelihood
            }
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
            for h in weights.indices where weights[h] > 1e-9 {
                for a in 0..<actionCount {
                    let j = information[h * actionCount + a]
                    if j.a > 0 { values[a] += weights[h] * FisherInformation.informationGain(prior: prior, information: j) }
                }
            }
        }
        var best = 0
        for a in 1..<actionCount where values[a] > values[best] { best = a }
        lastAction = best
        return best
    }
}
