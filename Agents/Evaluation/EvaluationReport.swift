import Foundation

/// The figures `sensing-gym run` and `evaluate` print for a policy on an environment.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// Environment id.
    public var env: String
    /// Scenario name.
    public var scenario: String
    /// Policy name.
    public var policy: String
    /// Episodes run.
    public var episodes: Int
    /// Mean undiscounted return.
    public var meanReturn: Double
    /// Mean probes used by the episodes that reached the accuracy target (nil when none did).
    public var probesToTargetMean: Double?
    /// Share of episodes that reached the accuracy target.
    public var targetReachedRate: Double
    /// Median final position error, metres.
    public var errorMedianM: Double
    /// 90th percentile of the final error, metres.
    public var errorP90M: Double
    /// 98th percentile of the final error, metres.
    public var errorP98M: Double
    /// Share of episodes whose final error exceeds 10 cm.
    public var outliersOver10cm: Double
    /// Mean transmitted energy per episode, joules.
    public var energyPerEpisodeJ: Double
    /// Environment steps per second, policy time included.
    public var stepsPerSecond: Double
    /// Share of terminated episodes whose true final error exceeds the target (the tracker's broken promise).
    public var falseSuccessRate: Double?
    /// Mean final-state NEES over episodes with a track (2 for a consistent tracker).
    public var neesMean: Double?
    /// The two-sided 95 % band of ``neesMean`` for a consistent tracker over that many episodes.
    public var neesBand: [Double]?
    /// Share of the episodes with a track whose true final position lies inside the tracker's 95 % error ellipse
    /// (NEES ≤ χ²₂(0.95) = 5.99): 0.95 for a consistent tracker. Unlike ``neesMean`` one lost track cannot swamp it.
    public var coverage95: Double? = nil
    /// The two-sided 95 % band of ``coverage95`` for a consistent tracker over that many episodes (binomial, normal
    /// approximation): above it the tracker is underconfident, below it overconfident.
    public var coverage95Band: [Double]? = nil
    /// Median final-state NEES over episodes with a track (χ²₂'s median 2 ln 2 ≈ 1.386 for a consistent tracker):
    /// the core of the distribution, which a few lost tracks move by their count, not their size.
    public var neesMedian: Double? = nil
    /// The two-sided 95 % band of ``neesMedian`` for a consistent tracker over that many episodes.
    public var neesMedianBand: [Double]? = nil
    /// How often the policy chose each action (the action's description → count), over all episodes.
    public var actionHistogram: [String: Int]?
    /// The same over the steps taken while a track existed (after the first accepted fix): what the policy chooses
    /// once it has a posterior. Short episodes weigh the probes made before the first fix heavily in
    /// ``actionHistogram``.
    public var trackingActionHistogram: [String: Int]? = nil

    enum CodingKeys: String, CodingKey {
        case env, scenario, policy, episodes
        case meanReturn = "mean_return", probesToTargetMean = "probes_to_target_mean"
        case targetReachedRate = "target_reached_rate", errorMedianM = "error_median_m", errorP90M = "error_p90_m"
        case errorP98M = "error_p98_m", outliersOver10cm = "outliers_over_10cm"
        case energyPerEpisodeJ = "energy_per_episode_j", stepsPerSecond = "steps_per_second"
        case falseSuccessRate = "false_success_rate", neesMean = "nees_mean", neesBand = "nees_band"
        case coverage95 = "coverage_95", coverage95Band = "coverage_95_band", neesMedian = "nees_median"
        case neesMedianBand = "nees_median_band", actionHistogram = "action_histogram"
        case trackingActionHistogram = "tracking_action_histogram"
    }

    /// Encodes every key, `probes_to_target_mean` as `null` when no episode reached the target (scripts read it).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(env, forKey: .env)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(policy, forKey: .policy)
        try c.encode(episodes, forKey: .episodes)
        try c.encode(meanReturn, forKey: .meanReturn)
        try c.encode(probesToTargetMean, forKey: .probesToTargetMean)
        try c.encode(targetReachedRate, forKey: .targetReachedRate)
        try c.encode(errorMedianM, forKey: .errorMedianM)
        try c.encode(errorP90M, forKey: .errorP90M)
        try c.encode(errorP98M, forKey: .errorP98M)
        try c.encode(outliersOver10cm, forKey: .outliersOver10cm)
        try c.encode(energyPerEpisodeJ, forKey: .energyPerEpisodeJ)
        try c.encode(stepsPerSecond, forKey: .stepsPerSecond)
        try c.encode(falseSuccessRate, forKey: .falseSuccessRate)
        try c.encode(neesMean, forKey: .neesMean)
        try c.encode(neesBand, forKey: .neesBand)
        try c.encode(coverage95, forKey: .coverage95)
        try c.encode(coverage95Band, forKey: .coverage95Band)
        try c.encode(neesMedian, forKey: .neesMedian)
        try c.encode(neesMedianBand, forKey: .neesMedianBand)
        try c.encode(actionHistogram, forKey: .actionHistogram)
        try c.encode(trackingActionHistogram, forKey: .trackingActionHistogram)
    }

    /// The most chosen action and its share of all steps, or nil without a histogram.
    public var dominantAction: (action: String, share: Double)? { Self.dominant(actionHistogram) }

    /// The most chosen action and its share of the steps taken with a track, or nil without any.
    public var dominantTrackingAction: (action: String, share: Double)? { Self.dominant(trackingActionHistogram) }

    private static func dominant(_ histogram: [String: Int]?) -> (action: String, share: Double)? {
        guard let h = histogram, let top = h.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })
        else { return nil }
        return (top.key, Double(top.value) / Double(max(h.values.reduce(0, +), 1)))
    }

    /// The standard normal's 97.5 % quantile, the half-width of every two-sided 95 % band here in standard errors.
    static let normalQuantile975 = 1.959_963_984_540_054

    /// The 95 % band of the share of `count` consistent episodes inside the 95 % ellipse: 0.95 ± 1.96·√(0.95·0.05/n).
    public static func coverage95Band(count: Int) -> [Double] {
        let half = normalQuantile975 * (0.95 * 0.05 / Double(max(count, 1))).squareRoot()
        return [0.95 - half, min(0.95 + half, 1)]
    }

    /// The 95 % band of the median of `count` χ²₂ draws: the χ²₂ quantiles −2 ln(1 − p) at the order statistics'
    /// levels p = ½ ± 1.96·√(¼/n) (the sample median's binomial band).
    public static func neesMedianBand(count: Int) -> [Double] {
        let half = normalQuantile975 * (0.25 / Double(max(count, 1))).squareRoot()
        return [-2 * log(1 - max(0.5 - half, 0)), -2 * log(max(0.5 - half, 1e-300))]
    }

    /// The 95 % band of the mean of `count` χ²₂ draws, [χ²_{2n}(0.025), χ²_{2n}(0.975)] / n (Wilson–Hilferty).
    public static func neesBand(count: Int, degreesOfFreedom: Int = 2) -> [Double] {
        let k = Double(count * degreesOfFreedom)
        func quantile(_ z: Double) -> Double {
            let a = 2 / (9 * k)
            let t = 1 - a + z * a.squareRoot()
            return k * t * t * t / Double(count)
        }
        return [quantile(-normalQuantile975), quantile(normalQuantile975)]
    }

    /// The `p`-quantile (0…1) of `values` by linear interpolation, as numpy's default.
    public static func quantile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
