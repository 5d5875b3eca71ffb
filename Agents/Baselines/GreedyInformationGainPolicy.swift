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
/// cost term does not change the choice. A tracking probe accepted with less than a fifth of the gain expected of
/// it (a beam planned to give an angle that gave a range alone) is not chosen again while the estimate stays
/// within the track's 95 % radius of where it was planned: the Gaussian cannot hold that negative information,
/// and without it greedy repeats the same beam while a wrong track drifts (docs/PHYSICS.md §7).
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
    /// The last tracking probe: its action, the gain expected of it, and the ln det and estimate it was planned at.
    private var planned: (action: Int, expectedGain: Double, logDet: Double, estimate: SIMD2<Double>)?
    /// Tracking probes whose gain fell short of a fifth of the expected, with the estimate they were planned at.
    private var disappointed: [(action: Int, estimate: SIMD2<Double>)] = []
    /// Share of the expected gain below which a tracking probe counts as disappointed.
    public static let disappointingShare = 0.2

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
        planned = nil
        disappointed.removeAll(keepingCapacity: true)
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
        let estimate = SIMD2(tracker.mean[0], tracker.mean[1])
        let tracking = tracker.errorRadius95 < Self.fixRadiusMetres
        if tracking {
            for (point, weight) in SigmaPoints.of(mean: estimate, covariance: prior) {
                for a in 0..<actionCount {
                    let probe = env.predictedProbe(action: a, x: point[0], y: point[1], scratch: &scratch)
                    values[a] += weight * FisherInformation.informationGain(prior: prior, information: probe.information)
                }
            }
            recordDisappointment(
                posterior: env.episode.tracker, accepted: observation[PositioningEpisode.lastOutcomeIndex] > 0.5,
                radius: tracker.errorRadius95, estimate: estimate)
        } else {
            search.expectedGains(prior: prior, into: &values)
            disappointed.removeAll(keepingCapacity: true)
        }
        var best = -1
        for a in 0..<actionCount where best < 0 || values[a] > values[best] {
            if tracking, disappointed.contains(where: { $0.action == a }) { continue }
            best = a
        }
        if best < 0 { best = (0..<actionCount).max { values[$0] < values[$1] } ?? 0 }
        planned = tracking
            ? (best, values[best], ExtendedKalmanFilter.logDetPosition(of: tracker.covariance), estimate) : nil
        lastAction = best
        return best
    }

    /// Whether the last tracking probe, `accepted` by the tracker, fell short of its expected gain (realised ½ ln det
    /// of the planned prior over the posterior `posterior`), recorded if so (a miss is fading as often as geometry,
    /// and is not); drops the records whose estimate lies beyond `radius` of `estimate` (the track has moved on:
    /// what the beam would see there is a new question).
    private mutating func recordDisappointment(
        posterior: ExtendedKalmanFilter, accepted: Bool, radius: Double, estimate: SIMD2<Double>
    ) {
        disappointed.removeAll { (($0.estimate - estimate) * ($0.estimate - estimate)).sum() > radius * radius }
        guard let p = planned else { return }
        let realised = 0.5 * (p.logDet - posterior.logDetPosition)
        if accepted, p.expectedGain > 0, realised < Self.disappointingShare * p.expectedGain {
            disappointed.append((p.action, p.estimate))
        }
    }
}
