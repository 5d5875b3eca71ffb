import Foundation
import Environments
import GymCore
import RadioScene

/// The model-based and fixed baselines of `Waveform-v1`: greedy, oracle, widest and cheapest.
///
/// - `greedy`: the option whose repeated use would reach the target at the least cost (the repeats the tracker's own
///   update needs at its estimate, ``WaveformEnv/repeatsToTarget(action:x:y:maxRepeats:scratch:)``, × the option's price;
///   ties broken by the one-step gain averaged over the sigma points of the tracker's predicted belief,
///   ``WaveformEnv/predictedProbe(action:x:y:estimateX:estimateY:scratch:)``); it never reads the truth.
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
            var bestKey = PlanKey.worst
            // Repeats are counted at the estimate (the truth for the oracle), within the budget left.
            let at = rule == .oracle ? points[0].point : belief.mean
            let maxRepeats = max(1, env.episode.scenario.episode.probeBudget - env.episode.probesUsed)
            for option in options {
                var gain = 0.0
                for (point, weight) in points {
                    let probe = env.predictedProbe(
                        action: option, x: point[0], y: point[1], estimateX: belief.mean[0], estimateY: belief.mean[1],
                        scratch: &scratch)
                    gain += weight * FisherInformation.informationGain(prior: belief.covariance, information: probe.information)
                }
                // Cost to the target if this option were repeated: a one-step rule that subtracted the cost would
                // buy the cheapest probe for ever, one that divided by it the cheapest informative direction. The
                // repeats run the tracker's own update (WaveformEnv.repeatsToTarget), so one link's shared bias
                // does not look as if it averaged away. Where no option reaches the target by repetition alone
                // (its bias floor is above the target), the best net one-step gain: options must then be combined.
                let repeats = env.repeatsToTarget(
                    action: option, x: at[0], y: at[1], maxRepeats: maxRepeats, scratch: &scratch)
                let price = env.probeCost(action: option)
                let key = PlanKey(
                    reaches: repeats <= maxRepeats, costToTarget: Double(repeats) * price, gain: gain, netGain: gain - price)
                if key.isBetter(than: bestKey) {
                    bestKey = key
                    best = option
                }
            }
            return best
        }
    }

    /// How greedy and oracle rank an option: options that reach the target by repetition first, by cost to the
    /// target (ties: the larger one-step gain); then the others by one-step gain net of the probe's price.
    struct PlanKey {
        var reaches: Bool
        var costToTarget: Double
        var gain: Double
        var netGain: Double

        static let worst = PlanKey(reaches: false, costToTarget: .infinity, gain: -.infinity, netGain: -.infinity)

        func isBetter(than other: PlanKey) -> Bool {
            if reaches != other.reaches { return reaches }
            if reaches {
                return costToTarget < other.costToTarget || (costToTarget == other.costToTarget && gain > other.gain)
            }
            return netGain > other.netGain
        }
    }
}
