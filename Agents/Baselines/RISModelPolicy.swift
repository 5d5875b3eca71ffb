import Environments
import GymCore
import RadioScene

/// The model-based baselines of `RISConfiguration-v1` (codebook form): greedy and oracle.
///
/// - `greedy`: the action (direct or RIS beam) of highest expected one-step information gain, averaging
///   ``RISConfigurationEnv/predictedInformation(action:x:y:assumingHealthy:)`` over the sigma points of the
///   tracker's predicted belief once it has a fix (95 % radius below ``fixRadiusMetres``), and before that over
///   64 hypotheses spread over the room that probes without a usable fix down-weight (``HypothesisSearch``, as
///   the BeamSelection greedy); when no action is expected to gain anything it sweeps the actions in a seeded
///   random order. It plans with the panel's diagnosed stuck elements and never reads the truth. Where the scenario
///   asks for confirmation by a second link (``TrackConfirmation``) and the track is precise enough, it probes only
///   links that do not support the track yet (every rule).
/// - `greedy-unaware`: the same planning as if every RIS element worked.
/// - `oracle`: the beam of highest information gain at the user's true position one slot ahead.
public struct RISModelPolicy: Policy {
    /// Which rule.
    public enum Rule: String, Sendable {
        /// Expected information gain under the tracker's belief.
        case greedy
        /// Information gain at the true position.
        case oracle
        /// Greedy planning as if every RIS element worked (the panel's failure diagnosis ignored).
        case greedyUnaware = "greedy-unaware"
    }

    /// The rule in use.
    public let rule: Rule
    private var order: [Int] = []
    private var next = 0
    private var generator = Xoshiro256StarStar(seed: 0x815)
    private var search = HypothesisSearch()
    private var lastAction: Int?
    private var scratch: [PropagationPath] = []
    /// The tracker counts as having a fix once its 95 % error radius is below this, metres.
    public static let fixRadiusMetres = 1.0
    /// Hypotheses of the search phase (greedy rules).
    public static let hypothesisCount = 64

    /// Creates the policy.
    public init(_ rule: Rule) { self.rule = rule }

    /// The rule's name.
    public var name: String { rule.rawValue }

    /// Draws the search phase's hypotheses (greedy rules) and a fallback order over the actions.
    public mutating func beginEpisode(in env: RISConfigurationEnv, observation: UnsafeBufferPointer<Float>) {
        order = Array(0..<env.actionSpace.n)
        order.shuffle(using: &generator)
        next = 0
        lastAction = nil
        guard rule != .oracle else { return }
        let healthy = rule == .greedyUnaware
        var scratch = self.scratch
        search.reset(
            count: Self.hypothesisCount, area: env.episode.scenario.userArea, actionCount: env.actionSpace.n,
            using: &generator
        ) { a, x, y in env.predictedInformation(action: a, x: x, y: y, assumingHealthy: healthy, scratch: &scratch) }
        self.scratch = scratch
    }

    /// The action of highest expected information gain (at the truth for the oracle); before a fix, over the
    /// search phase's hypotheses; the fallback order when no action is predicted to inform.
    public mutating func action(in env: RISConfigurationEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        let belief = SigmaPoints.planningPoints(for: env.episode, oracle: rule == .oracle)
        let searching = rule != .oracle && env.episode.tracker.errorRadius95 > Self.fixRadiusMetres
        var values = [Double](repeating: 0, count: env.actionSpace.n)
        if searching {
            if let last = lastAction, observation[PositioningEpisode.lastOutcomeIndex] < 0.5 {
                search.observeMiss(action: last)
            }
            search.expectedGains(prior: belief.covariance, into: &values)
        } else {
            for a in 0..<env.actionSpace.n {
                for (point, weight) in belief.points {
                    let j = env.predictedInformation(
                        action: a, x: point[0], y: point[1], assumingHealthy: rule == .greedyUnaware,
                        scratch: &scratch)
                    if j.a > 0 {
                        values[a] += weight * FisherInformation.informationGain(prior: belief.covariance, information: j)
                    }
                }
            }
        }
        if env.awaitsConfirmation {
            // Precise enough already: only another link's fix can confirm the track (TrackConfirmation).
            let episode = env.episode
            for a in values.indices where episode.confirmation.supports(link: env.link(of: a), tracker: episode.tracker) {
                values[a] = 0
            }
        }
        var best = -1
        var bestValue = 0.0
        for a in values.indices where values[a] > bestValue {
            bestValue = values[a]
            best = a
        }
        if best < 0, !order.isEmpty {
            best = order[next % order.count]
            next += 1
        }
        lastAction = max(best, 0)
        return max(best, 0)
    }
}
