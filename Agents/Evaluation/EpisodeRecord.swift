import Environments

/// How one evaluation episode went: what ``EvaluationReport`` summarises.
public struct EpisodeRecord: Sendable {
    /// The undiscounted return.
    public var episodicReturn: Double
    /// Whether the episode terminated (the tracker declared the target reached) rather than being truncated.
    public var terminated: Bool
    /// The info of the episode's last step.
    public var finalInfo: ProbeInfo
    /// The radiated energy over the episode, joules.
    public var energyJoules: Double

    /// Creates a record.
    public init(episodicReturn: Double, terminated: Bool, finalInfo: ProbeInfo, energyJoules: Double) {
        self.episodicReturn = episodicReturn
        self.terminated = terminated
        self.finalInfo = finalInfo
        self.energyJoules = energyJoules
    }
}

extension EvaluationReport {
    /// Summarises episodes: mean return, probes to target over the terminated ones, error quantiles, false-success
    /// rate (terminated episodes whose true error exceeds the target), mean and median final NEES with their 95 %
    /// bands, and the share of final errors inside the 95 % ellipse with its band.
    /// - Parameters:
    ///   - records: The episodes.
    ///   - steps: The env steps they took (for `steps_per_second`).
    ///   - seconds: The wall-clock time they took.
    ///   - actionHistogram: How often each action was chosen, if counted.
    public init(
        env: String, scenario: String, policy: String, records: [EpisodeRecord], steps: Int, seconds: Double,
        actionHistogram: [String: Int]? = nil
    ) {
        let n = Double(max(records.count, 1))
        let reached = records.filter(\.terminated)
        let errors = records.map(\.finalInfo.errorMetres)
        let nees = records.compactMap { $0.finalInfo.trackStarted && $0.finalInfo.nees.isFinite ? $0.finalInfo.nees : nil }
        let falseSuccesses = reached.filter { $0.finalInfo.errorMetres > $0.finalInfo.targetAccuracyMetres }.count
        self.init(
            env: env, scenario: scenario, policy: policy, episodes: records.count,
            meanReturn: records.reduce(0) { $0 + $1.episodicReturn } / n,
            probesToTargetMean: reached.isEmpty
                ? nil : reached.reduce(0) { $0 + Double($1.finalInfo.probesUsed) } / Double(reached.count),
            targetReachedRate: Double(reached.count) / n,
            errorMedianM: Self.quantile(errors, 0.5), errorP90M: Self.quantile(errors, 0.9),
            errorP98M: Self.quantile(errors, 0.98), outliersOver10cm: Double(errors.filter { $0 > 0.1 }.count) / n,
            energyPerEpisodeJ: records.reduce(0) { $0 + $1.energyJoules } / n,
            stepsPerSecond: Double(steps) / max(seconds, 1e-9),
            falseSuccessRate: reached.isEmpty ? nil : Double(falseSuccesses) / Double(reached.count),
            neesMean: nees.isEmpty ? nil : nees.reduce(0, +) / Double(nees.count),
            neesBand: nees.isEmpty ? nil : Self.neesBand(count: nees.count),
            coverage95: nees.isEmpty ? nil : Double(nees.filter { $0 <= InformationGainReward.chiSquare95 }.count) / Double(nees.count),
            actionHistogram: actionHistogram)
        if !nees.isEmpty {
            coverage95Band = Self.coverage95Band(count: nees.count)
            neesMedian = Self.quantile(nees, 0.5)
            neesMedianBand = Self.neesMedianBand(count: nees.count)
        }
    }
}
