// ActorCritic: what one training iteration reports (one row of the training log).

/// The figures of one iteration (rollout + update), under CleanRL's metric names in ``TrainingLog``.
public struct TrainingMetrics: Sendable, Equatable {
    /// Environment steps taken so far, over all envs (`global_step`).
    public var globalStep: Int
    /// The iteration number, from 1.
    public var iteration: Int
    /// Episodes that ended during this iteration's rollout.
    public var episodes: Int
    /// Mean undiscounted return of those episodes (`charts/episodic_return`; nil when none ended).
    public var episodicReturn: Double?
    /// Mean length of those episodes (`charts/episodic_length`).
    public var episodicLength: Double?
    /// Mean probes those episodes used (`charts/probes_used`).
    public var probesUsed: Double?
    /// Mean final position error of those episodes, metres (`charts/final_error_m`).
    public var finalErrorMetres: Double?
    /// The learning rate of this update (`charts/learning_rate`).
    public var learningRate: Double
    /// Value loss of the last minibatch (`losses/value_loss`).
    public var valueLoss: Double
    /// Policy (surrogate) loss of the last minibatch (`losses/policy_loss`).
    public var policyLoss: Double
    /// Mean policy entropy of the last minibatch (`losses/entropy`).
    public var entropy: Double
    /// `mean(−log ρ)` of the last minibatch (`losses/old_approx_kl`).
    public var oldApproxKL: Double
    /// `mean((ρ − 1) − log ρ)` of the last minibatch (`losses/approx_kl`).
    public var approxKL: Double
    /// Share of samples whose ratio was clipped, over the whole update (`losses/clipfrac`).
    public var clipFraction: Double
    /// `1 − Var(returns − values) / Var(returns)` over the rollout (`losses/explained_variance`).
    public var explainedVariance: Double
    /// Environment steps per second since training (or resuming) started (`charts/SPS`).
    public var stepsPerSecond: Double
}

extension TrainingMetrics {
    /// The metrics row of a finished iteration: the episodes that ended in its rollout, its losses and counters.
    init(
        rollout buffer: RolloutBuffer, globalStep: Int, iteration: Int, learningRate: Double, losses: UpdateLosses,
        stepsPerSecond: Double
    ) {
        let episodes = buffer.finishedEpisodes
        func mean(_ value: (RolloutBuffer.FinishedEpisode) -> Double) -> Double? {
            episodes.isEmpty ? nil : episodes.map(value).reduce(0, +) / Double(episodes.count)
        }
        self.init(
            globalStep: globalStep, iteration: iteration, episodes: episodes.count,
            episodicReturn: mean(\.episodicReturn), episodicLength: mean { Double($0.length) },
            probesUsed: mean { Double($0.probesUsed) }, finalErrorMetres: mean(\.finalErrorMetres),
            learningRate: learningRate, valueLoss: losses.valueLoss, policyLoss: losses.policyLoss,
            entropy: losses.entropy, oldApproxKL: losses.oldApproxKL, approxKL: losses.approxKL,
            clipFraction: losses.clipFraction, explainedVariance: buffer.explainedVariance(),
            stepsPerSecond: stepsPerSecond)
    }
}
