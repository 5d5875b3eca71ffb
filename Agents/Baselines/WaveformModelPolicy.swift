import Foundation
import Environments
import GymCore
import RadioScene

/// The model-based and fixed baselines of `Waveform-v1`: greedy, oracle, widest and cheapest.
///
/// - `greedy`: the option whose repeated use would reach the target at the least cost (the repeats the tracker's own
///   update needs at its estimate, ``WaveformEnv/repeatsToTarget(action:x:y:maxRepeats:scratch:)``, × the option's price;
///   ties broken by the one-step gain averaged over the sigma points of the tracker's predicted belief,
///   ``WaveformEnv/predictedProbe(action:x:y:estimateX:estimateY:scratch:)``); it never reads the truth. Before the
///   tracker has a fix its belief is a cloud of hypotheses over the user area (``HypothesisSearch``), and a probe
///   that started no track down-weights those under which its option would have (negative information: a line of
///   sight merged in antiphase with a reflection fails the power gate at that carrier and bandwidth every time the
///   user stands there); an option's cost to the target is then divided by the share of the cloud it would fix.
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
    /// Hypotheses per episode of the greedy rule's search phase (before the first fix).
    public let hypothesisCount: Int
    private var scratch: [PropagationPath] = []
    private var generator: Xoshiro256StarStar
    private var search = HypothesisSearch()
    /// The option of the last probe made without a track (its miss is negative information).
    private var lastSearchOption: Int?

    /// Creates the policy; `seed` fixes the greedy rule's hypotheses.
    public init(_ rule: Rule, seed: UInt64 = 0, hypothesisCount: Int = 192) {
        self.rule = rule
        self.hypothesisCount = hypothesisCount
        generator = Xoshiro256StarStar(seed: seed ^ 0x3A7E)
    }

    /// The rule's name.
    public var name: String { rule.rawValue }

    /// The greedy rule draws fresh hypotheses over the user area and predicts every option at each.
    public mutating func beginEpisode(in env: WaveformEnv, observation: UnsafeBufferPointer<Float>) {
        lastSearchOption = nil
        guard rule == .greedy else { return }
        let widths = env.bandwidthsHz.count
        let estimate = (env.episode.tracker.mean[0], env.episode.tracker.mean[1])
        var scratch = self.scratch
        search.reset(
            count: hypothesisCount, area: env.episode.scenario.userArea, actionCount: env.carriersHz.count * widths,
            using: &generator
        ) { a, x, y in
            env.predictedProbe(
                action: [a / widths, a % widths], x: x, y: y, estimateX: estimate.0, estimateY: estimate.1,
                scratch: &scratch
            ).information
        }
        self.scratch = scratch
    }

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
            // Search phase (greedy only): the shares of the hypotheses each option would fix, given the misses.
            let searching = rule == .greedy && !env.episode.tracker.isInitialised
            var shares = [Double](repeating: 1, count: options.count)
            if searching {
                if let last = lastSearchOption { search.observeMiss(action: last) }
                shares = [Double](repeating: 0, count: options.count)
                search.usableShares(into: &shares)
            }
            let belief = SigmaPoints.planningPoints(for: env.episode, oracle: rule == .oracle)
            let points = belief.points
            var best = options[0]
            var bestKey = PlanKey.worst
            // Repeats are counted at the estimate (the truth for the oracle), within the budget left.
            let at = rule == .oracle ? points[0].point : belief.mean
            let maxRepeats = max(1, env.episode.scenario.episode.probeBudget - env.episode.probesUsed)
            for (index, option) in options.enumerated() {
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
                // Searching, a probe fixes the user with probability `shares[index]`: 1/share probes per fix.
                let share = shares[index]
                let key = PlanKey(
                    reaches: repeats <= maxRepeats && share > 0, costToTarget: Double(repeats) * price / share,
                    gain: gain * share, netGain: gain * share - price)
                if key.isBetter(than: bestKey) {
                    bestKey = key
                    best = option
                }
            }
            lastSearchOption = searching ? best[0] * widths + best[1] : nil
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
