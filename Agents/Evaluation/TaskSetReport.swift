/// The figures of several policies over a set of tasks (for example 20 test tasks of a ``TaskFamily``), each
/// task evaluated by ``PolicyEvaluator`` into an ``EvaluationReport``.
///
/// Per policy: mean ± standard deviation over tasks of the per-task figures, the pooled rates (reached, false
/// success) over all episodes, and the normalised score (random = 0, oracle = 1) of each task averaged over tasks.
///
/// ```swift
/// let report = TaskSetReport(family: "beam-rooms", envID: "BeamSelection-v1", split: "test",
///                            tasks: ids.map(\.description), episodesPerTask: 50, seed: 1, perTask: reports)
/// ```
public struct TaskSetReport: Sendable, Codable, Equatable {
    /// A mean and a standard deviation (population, over tasks).
    public struct Spread: Sendable, Codable, Equatable {
        /// Mean over tasks.
        public var mean: Double
        /// Standard deviation over tasks (0 for one task).
        public var std: Double

        /// The mean and standard deviation of `values` (NaN for none).
        public init(_ values: [Double]) {
            guard !values.isEmpty else {
                (mean, std) = (.nan, .nan)
                return
            }
            let m = values.reduce(0, +) / Double(values.count)
            mean = m
            std = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
        }
    }

    /// One policy's figures over the task set.
    public struct PolicySummary: Sendable, Codable, Equatable {
        /// Policy name.
        public var policy: String
        /// Mean undiscounted return, nats: over tasks of each task's mean.
        public var meanReturn: Spread
        /// Probes to target over tasks in which some episode reached it (nil when none did).
        public var probesToTarget: Spread?
        /// Probes to target pooled over every episode that reached it (nil when none did).
        public var probesToTargetPooled: Double?
        /// Share of episodes that reached the target: over tasks.
        public var targetReachedRate: Spread
        /// Share of all episodes (all tasks) that reached the target.
        public var targetReachedPooled: Double
        /// Median final error per task, metres: over tasks.
        public var errorMedianM: Spread
        /// 90th percentile of the final error per task, metres: over tasks.
        public var errorP90M: Spread
        /// Terminated episodes whose true error exceeds the target, over all terminated episodes (nil: none).
        public var falseSuccessPooled: Double?
        /// (return − random's) / (oracle's − random's) per task, over tasks (nil without random and oracle).
        public var normalisedScore: Spread?

        enum CodingKeys: String, CodingKey {
            case policy
            case meanReturn = "mean_return", probesToTarget = "probes_to_target"
            case probesToTargetPooled = "probes_to_target_pooled", targetReachedRate = "target_reached_rate"
            case targetReachedPooled = "target_reached_pooled", errorMedianM = "error_median_m"
            case errorP90M = "error_p90_m", falseSuccessPooled = "false_success_pooled"
            case normalisedScore = "normalised_score"
        }

        /// Encodes every key, absent figures as `null` (as ``EvaluationReport`` does; scripts read them).
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(policy, forKey: .policy)
            try c.encode(meanReturn, forKey: .meanReturn)
            try c.encode(probesToTarget, forKey: .probesToTarget)
            try c.encode(probesToTargetPooled, forKey: .probesToTargetPooled)
            try c.encode(targetReachedRate, forKey: .targetReachedRate)
            try c.encode(targetReachedPooled, forKey: .targetReachedPooled)
            try c.encode(errorMedianM, forKey: .errorMedianM)
            try c.encode(errorP90M, forKey: .errorP90M)
            try c.encode(falseSuccessPooled, forKey: .falseSuccessPooled)
            try c.encode(normalisedScore, forKey: .normalisedScore)
        }
    }

    /// Task family name.
    public var family: String
    /// Environment id.
    public var env: String
    /// Split the tasks come from (`train`, `test`, `ood`).
    public var split: String
    /// The tasks' identifiers (`family/split/index`).
    public var tasks: [String]
    /// Episodes per task and policy.
    public var episodesPerTask: Int
    /// Seed of each task's first episode.
    public var seed: UInt64
    /// Per policy, in the order run.
    public var policies: [PolicySummary]
    /// Every task's reports: `perTask[t][p]` is policy p on task t.
    public var perTask: [[EvaluationReport]]

    enum CodingKeys: String, CodingKey {
        case family, env, split, tasks, seed, policies
        case episodesPerTask = "episodes_per_task", perTask = "per_task"
    }

    /// Summarises `perTask` (`perTask[t][p]`: policy p on task t, the same policies in the same order per task).
    public init(
        family: String, envID: String, split: String, tasks: [String], episodesPerTask: Int, seed: UInt64,
        perTask: [[EvaluationReport]]
    ) {
        self.family = family
        self.env = envID
        self.split = split
        self.tasks = tasks
        self.episodesPerTask = episodesPerTask
        self.seed = seed
        self.perTask = perTask
        let names = perTask.first?.map(\.policy) ?? []
        func column(_ policy: String) -> [EvaluationReport] { perTask.compactMap { $0.first { $0.policy == policy } } }
        let random = column("random"), oracle = column("oracle")
        policies = names.map { name in
            let reports = column(name)
            let reached = reports.map { $0.targetReachedRate * Double($0.episodes) }
            let totalReached = reached.reduce(0, +)
            let episodes = Double(reports.reduce(0) { $0 + $1.episodes })
            let probes = zip(reports, reached).compactMap { r, n in r.probesToTargetMean.map { ($0, n) } }
            let falseSuccesses = zip(reports, reached).compactMap { r, n in r.falseSuccessRate.map { $0 * n } }
            var scores: [Double] = []
            if random.count == reports.count, oracle.count == reports.count {
                for (t, r) in reports.enumerated() {
                    let span = oracle[t].meanReturn - random[t].meanReturn
                    if abs(span) > 1e-9 { scores.append((r.meanReturn - random[t].meanReturn) / span) }
                }
            }
            return PolicySummary(
                policy: name, meanReturn: Spread(reports.map(\.meanReturn)),
                probesToTarget: probes.isEmpty ? nil : Spread(probes.map(\.0)),
                probesToTargetPooled: totalReached > 0 ? probes.reduce(0) { $0 + $1.0 * $1.1 } / totalReached : nil,
                targetReachedRate: Spread(reports.map(\.targetReachedRate)),
                targetReachedPooled: episodes > 0 ? totalReached / episodes : 0,
                errorMedianM: Spread(reports.map(\.errorMedianM)), errorP90M: Spread(reports.map(\.errorP90M)),
                falseSuccessPooled: totalReached > 0 ? falseSuccesses.reduce(0, +) / totalReached : nil,
                normalisedScore: scores.isEmpty ? nil : Spread(scores))
        }
    }

    /// The summary of `policy`, if it was run.
    public func summary(of policy: String) -> PolicySummary? { policies.first { $0.policy == policy } }
}
