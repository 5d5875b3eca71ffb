import Environments
import GymCore
import RadioScene

/// Greedy one-step expected information gain on `BeamSelection-v0`: the model-based baseline.
///
/// It plans with the environment's physics (``BeamSelectionEnv/predictedProbe(action:x:y:)``) and the tracker's
/// own belief, never the truth. Before the tracker has a fix, the belief is a cloud of hypothetical positions
/// spread over the room; every probe that detects nothing down-weights the hypotheses under which it would
/// have (negative information, which the Gaussian tracker cannot hold). Once the tracker has a fix, the belief
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
    private var hypotheses: [SIMD2<Double>] = []
    private var weights: [Double] = []
    private var detects: [[Bool]] = []   // [hypothesis][action]
    private var lastAction: Int?
    private var snrOffset = 0

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
        hypotheses = (0..<hypothesisCount).map { _ in
            area.lower + (area.upper - area.lower) * SIMD2(generator.nextUnitDouble(), generator.nextUnitDouble())
        }
        weights = [Double](repeating: 1, count: hypothesisCount)
        detects = hypotheses.map { h in
            (0..<env.actionSpace.n).map { env.predictedProbe(action: $0, x: h[0], y: h[1]).detected }
        }
        lastAction = nil
        snrOffset = PositioningEpisode.trackerObservationCount
    }

    /// The action of highest expected information gain under the current belief.
    public mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        // A probe that saw nothing tells where the user is not.
        if let last = lastAction, observation[snrOffset + last] < -0.5 {
            for i in weights.indices where detects[i][last] { weights[i] *= Self.missLikelihood }
        }
        var tracker = env.episode.tracker
        tracker.predict(dt: env.episode.scenario.episode.slotDurationS)
        let p = tracker.covariance
        let prior: FisherInformation.Symmetric2 = (p.r0[0], p.r0[1], p.r1[1])
        let belief = tracker.errorRadius95 < Self.fixRadiusMetres
            ? Self.sigmaPoints(mean: SIMD2(tracker.mean[0], tracker.mean[1]), covariance: prior)
            : zip(hypotheses, weights).map { ($0, $1) }
        var best = 0
        var bestValue = -Double.infinity
        for a in 0..<env.actionSpace.n {
            var value = 0.0
            for (point, weight) in belief where weight > 1e-12 {
                let probe = env.predictedProbe(action: a, x: point[0], y: point[1])
                value += weight * FisherInformation.informationGain(prior: prior, information: probe.information)
            }
            if value > bestValue {
                bestValue = value
                best = a
            }
        }
        lastAction = best
        return best
    }

    /// Sigma points of a 2-D Gaussian (κ = 1): the mean with weight 1/3 and ±√3 along each Cholesky column, 1/6 each.
    static func sigmaPoints(mean: SIMD2<Double>, covariance c: FisherInformation.Symmetric2) -> [(SIMD2<Double>, Double)] {
        let l00 = max(c.a, 0).squareRoot()
        let l10 = l00 > 0 ? c.b / l00 : 0
        let l11 = max(c.d - l10 * l10, 0).squareRoot()
        let s = 3.0.squareRoot()
        let col0 = SIMD2(l00, l10) * s, col1 = SIMD2(0, l11) * s
        return [(mean, 1.0 / 3), (mean + col0, 1.0 / 6), (mean - col0, 1.0 / 6), (mean + col1, 1.0 / 6),
                (mean - col1, 1.0 / 6)]
    }
}
