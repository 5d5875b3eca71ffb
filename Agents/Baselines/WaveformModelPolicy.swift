import Foundation
import Environments
import GymCore
import RadioScene

/// The model-based and fixed baselines of `Waveform-v1`: greedy, oracle, widest and cheapest.
///
/// - `greedy`: the option whose repeated use would reach the target at the least cost (the expected Fisher
///   information of one probe, n·J added to the prior until the 95 % radius is below the target, × the option's
///   price; ties broken by the one-step gain), averaging the predicted Fisher information (``WaveformEnv/predictedProbe(action:x:y:estimateX:estimateY:scratch:)``) over
///   the sigma points of the tracker's predicted belief; it never reads the truth.
/// - `oracle`: the same value at the user's true position one slot ahead (reads the ground truth).
/// - `widest`: always the widest bandwidth on the scenario's own carrier (the nearest option to `radio.carrier_hz`).
/// - `cheapest`: always the option of least probe energy.
public struct WaveformModelPolicy: Policy {
    /// Which rule.
    public enum Rule: String, Sendable, CaseIterable {
        /// Expected information gain minus cost under the tracker's belief.
        case greedy
        /// Information gain minus cost at the true position.
        case oracle
        /// The widest band on the scenario's carrier.
        case widest
        /// The least energy per probe.
        case cheapest
    }

    /// The rule in use.
    public let rule: Rule
    private var scratch: [PropagationPath] = []

    /// Creates the policy.
    public init(_ rule: Rule) { self.rule = rule }

    /// The rule's name.
    public var name: String { rule.rawValue }

    /// Nothing to prepare.
    public mutating func beginEpisode(in env: WaveformEnv, observation: UnsafeBufferPointer<Float>) {}

    /// The rule's option.
    public mutating func action(in env: WaveformEnv, observation: UnsafeBufferPointer<Float>) -> [Int] {
        let widths = env.bandwidthsHz.count
        let options = (0..<env.carriersHz.count * widths).map { [$0 / widths, $0 % widths] }
        switch rule {
        case .widest:
            let carrier = env.carriersHz.indices.min {
                abs(env.carriersHz[$0] - env.episode.scenario.radio.carrierHz)
                    < abs(env.carriersHz[$1] - env.episode.scenario.radio.carrierHz)
            } ?? 0
            let widest = env.bandwidthsHz.indices.max { env.bandwidthsHz[$0] < env.bandwidthsHz[$1] } ?? 0
            return [carrier, widest]
        case .cheapest:
            return options.min { env.probeEnergyJoules[$0[0] * widths + $0[1]] < env.probeEnergyJoules[$1[0] * widths + $1[1]] }
                ?? [0, 0]
        case .greedy, .oracle:
            let belief = SigmaPoints.planningPoints(for: env.episode, oracle: rule == .oracle)
            let points = belief.points
            var best = options[0]
            var bestKey = (cost: Double.infinity, gain: -Double.infinity)
            let target = env.episode.scenario.episode.targetAccuracyM
            for option in options {
                var gain = 0.0
                var information: FisherInformation.Symmetric2 = (0, 0, 0)
                for (point, weight) in points {
                    let probe = env.predictedProbe(
                        action: option, x: point[0], y: point[1], estimateX: belief.mean[0], estimateY: belief.mean[1],
                        scratch: &scratch)
                    gain += weight * FisherInformation.informationGain(prior: belief.covariance, information: probe.information)
                    information = (information.a + weight * probe.information.a, information.b + weight * probe.information.b,
                                   information.d + weight * probe.information.d)
                }
                // Cost to the target if this option were repeated: a one-step rule that subtracted the cost would
                // buy the cheapest probe for ever, one that divided by it the cheapest informative direction.
                let repeats = Self.probesToTarget(prior: belief.covariance, information: information, target: target)
                let key = (cost: Double(repeats) * env.probeCost(action: option), gain: gain)
                if key.cost < bestKey.cost || (key.cost == bestKey.cost && key.gain > bestKey.gain) {
                    bestKey = key
                    best = option
                }
            }
            return best
        }
    }

    /// The fewest repeats n ≤ 64 of a probe of information `information` after which the 95 % radius of
    /// (P⁻¹ + n·J)⁻¹ falls below `target` (65 when none does).
    static func probesToTarget(
        prior p: FisherInformation.Symmetric2, information j: FisherInformation.Symmetric2, target: Double
    ) -> Int {
        let det = p.a * p.d - p.b * p.b
        guard det > 0 else { return 65 }
        let ia = p.d / det, ib = -p.b / det, id = p.a / det
        for n in 1...64 {
            let a = ia + Double(n) * j.a, b = ib + Double(n) * j.b, d = id + Double(n) * j.d
            // The 95 % radius needs the smallest eigenvalue of the information.
            let smallest = 0.5 * (a + d) - (0.25 * (a - d) * (a - d) + b * b).squareRoot()
            if smallest > 0, (InformationGainReward.chiSquare95 / smallest).squareRoot() < target { return n }
        }
        return 65
    }
}
