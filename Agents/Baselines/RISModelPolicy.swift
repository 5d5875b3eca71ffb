import Environments
import GymCore
import RadioScene

/// The model-based baselines of `RISConfiguration-v1` (codebook form): greedy and oracle.
///
/// - `greedy`: the beam of highest expected one-step information gain, averaging
///   ``RISConfigurationEnv/predictedInformation(action:x:y:)`` over the sigma points of the tracker's predicted
///   belief once the tracker has a fix (95 % radius below ``fixRadiusMetres``); before that, and whenever no
///   beam is expected to gain anything, it sweeps the codebook in a seeded random order. It never reads the truth.
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
    /// The tracker counts as having a fix once its 95 % error radius is below this, metres.
    public static let fixRadiusMetres = 1.0

    /// Creates the policy.
    public init(_ rule: Rule) { self.rule = rule }

    /// The rule's name.
    public var name: String { rule.rawValue }

    /// Forgets which beams were used.
    public mutating func beginEpisode(in env: RISConfigurationEnv, observation: UnsafeBufferPointer<Float>) {
        order = Array(0..<env.actionSpace.n)
        order.shuffle(using: &generator)
        next = 0
    }

    /// The rule's beam.
    public mutating func action(in env: RISConfigurationEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        let belief = SigmaPoints.planningPoints(for: env.episode, oracle: rule == .oracle)
        let points = belief.points
        var best = -1
        var bestValue = 0.0
        let searching = rule != .oracle && env.episode.tracker.errorRadius95 > Self.fixRadiusMetres
        for a in 0..<env.actionSpace.n where !searching {
            var value = 0.0
            for (point, weight) in points {
                let j = env.predictedInformation(
                    action: a, x: point[0], y: point[1], assumingHealthy: rule == .greedyUnaware)
                if j.a > 0 { value += weight * FisherInformation.informationGain(prior: belief.covariance, information: j) }
            }
            if value > bestValue {
                bestValue = value
                best = a
            }
        }
        if best < 0, !order.isEmpty {
            best = order[next % order.count]
            next += 1
        }
        return max(best, 0)
    }
}
