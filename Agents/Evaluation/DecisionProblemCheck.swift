/// Whether a task set is a real decision problem, judged from the baselines' figures as an outsider would.
///
/// The criteria of ``OfferedBenchmarks``, over the pooled episodes of all tasks:
/// - order: mean return oracle ≥ greedy ≥ random;
/// - spread: the oracle reaches the target in ≥ 20 points more episodes than random, or with ≤ 60 % of random's
///   probes;
/// - honesty: every policy's false-success rate is ≤ 5 %;
/// - solvable: the oracle reaches the target in most (> 50 %) episodes.
public struct DecisionProblemCheck: Sendable, Codable, Equatable {
    /// Mean return (over tasks) oracle ≥ greedy ≥ random.
    public var ordered: Bool
    /// Oracle's reached share minus random's, points (pooled).
    public var reachedGainPoints: Double
    /// Oracle's pooled probes to target over random's (nil when either never reached it).
    public var probesRatio: Double?
    /// ≥ 20 points more reached, or ≤ 60 % of the probes.
    public var spread: Bool
    /// The largest pooled false-success rate of any policy.
    public var worstFalseSuccess: Double
    /// ``worstFalseSuccess`` ≤ 5 %.
    public var honest: Bool
    /// The oracle's pooled reached share.
    public var oracleReached: Double
    /// ``oracleReached`` > 50 %.
    public var solvable: Bool

    /// All four criteria hold.
    public var passes: Bool { ordered && spread && honest && solvable }

    enum CodingKeys: String, CodingKey {
        case ordered, spread, honest, solvable
        case reachedGainPoints = "reached_gain_points", probesRatio = "probes_ratio"
        case worstFalseSuccess = "worst_false_success", oracleReached = "oracle_reached"
    }

    /// Encodes every key, ``probesRatio`` as `null` when either policy never reached the target.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ordered, forKey: .ordered)
        try c.encode(reachedGainPoints, forKey: .reachedGainPoints)
        try c.encode(probesRatio, forKey: .probesRatio)
        try c.encode(spread, forKey: .spread)
        try c.encode(worstFalseSuccess, forKey: .worstFalseSuccess)
        try c.encode(honest, forKey: .honest)
        try c.encode(oracleReached, forKey: .oracleReached)
        try c.encode(solvable, forKey: .solvable)
    }

    /// Checks `report`; nil unless it holds `random`, `greedy` and `oracle`.
    public init?(_ report: TaskSetReport) {
        guard let random = report.summary(of: "random"), let greedy = report.summary(of: "greedy"),
            let oracle = report.summary(of: "oracle")
        else { return nil }
        ordered = oracle.meanReturn.mean >= greedy.meanReturn.mean && greedy.meanReturn.mean >= random.meanReturn.mean
        reachedGainPoints = 100 * (oracle.targetReachedPooled - random.targetReachedPooled)
        if let o = oracle.probesToTargetPooled, let r = random.probesToTargetPooled, r > 0 {
            probesRatio = o / r
        } else {
            probesRatio = nil
        }
        spread = reachedGainPoints >= 20 || (probesRatio.map { $0 <= 0.6 } ?? false)
        worstFalseSuccess = report.policies.compactMap(\.falseSuccessPooled).max() ?? 0
        honest = worstFalseSuccess <= 0.05
        oracleReached = oracle.targetReachedPooled
        solvable = oracleReached > 0.5
    }
}
