// MetaRL: every hyperparameter of the MAML-family learner in one place.

/// The hyperparameters of ``MAMLLearner``: the meta-batch, the inner loop, the outer step, and the PPO loss and
/// networks the inner loop uses.
///
/// Field names follow CleanRL's habit in Swift case; the JSON form (stored in checkpoints) uses snake case
/// (`meta_batch_size`, `inner_updates`, …). The inner loop's unit is the complete episode, so meta-training adapts
/// exactly as meta-test does: ``MAMLLearner/adapt(to:episodes:seed:)`` with `innerUpdates · innerEpisodes` episodes.
///
/// ```swift
/// var config = MAMLConfiguration()
/// config.algo = .reptile
/// config.innerUpdates = 3
/// config.outerLearningRate = 0.5
/// ```
public struct MAMLConfiguration: Sendable, Codable, Equatable {
    // MARK: - Experiment

    /// First-order MAML or Reptile.
    public var algo: MAMLAlgorithm = .fomaml
    /// The seed of the meta-parameters' initialisation, the task batches, the episodes and the action sampling.
    public var seed: UInt64 = 1

    // MARK: - Outer loop

    /// The number of training tasks adapted to per meta-iteration (drawn without replacement while they last).
    public var metaBatchSize: Int = 8
    /// The outer step size: Reptile's ε or first-order MAML's β (plain SGD on θ, no momentum).
    public var outerLearningRate: Float = 0.5

    // MARK: - Inner loop

    /// k: the inner updates per task, each on its own fresh episodes (Reptile with k = 1 is joint training on
    /// the batch's tasks; k ≥ 2 is what makes it meta-learn).
    public var innerUpdates: Int = 2
    /// The complete episodes collected under the current parameters before each inner update.
    public var innerEpisodes: Int = 5
    /// The fresh episodes collected under the adapted parameters φ per task: the query set of first-order MAML's
    /// gradient and, for both algorithms, the `meta/inner_return_after` figure (0 skips them for Reptile).
    public var queryEpisodes: Int = 5
    /// How each inner update changes the parameters: one vanilla policy-gradient SGD step (MAML's inner step, the
    /// default), or PPO's minibatch epochs with Adam. Adam's per-parameter normalisation makes a fresh optimizer's
    /// first steps full-size whatever the gradient's scale, so on a few episodes without signal it takes full
    /// steps of noise (seen on the toy bandits: the meta-policy collapses or does not learn).
    public var innerUpdate: InnerUpdate = .vpg
    /// The inner updates' step size: the SGD step α for ``InnerUpdate/vpg`` (on a gradient clipped to
    /// `max_grad_norm`), Adam's learning rate for ``InnerUpdate/ppo`` (fresh moments for every task, ~1e-3).
    public var innerLearningRate: Float = 0.5
    /// The number of episodes run side by side within a task (batched forward passes); changes the order of
    /// action sampling, hence the figures, but not what the learner may use.
    public var numEnvs: Int = 5
    /// Episodes still running after this many steps are cut there (counted as truncated), so that an env that
    /// never ends cannot hang the inner loop.
    public var maxEpisodeSteps: Int = 10_000

    // MARK: - PPO loss and networks

    /// The inner updates' loss and networks: `gamma`, `gae_lambda`, `norm_adv`, `num_minibatches`, `update_epochs`,
    /// `max_grad_norm`, `clip_coef`, `clip_vloss`, `ent_coef`, `vf_coef`, `target_kl`, `hidden_sizes`,
    /// `normalize_observations`, `initial_log_std`. Its `seed`, `learning_rate`, `anneal_lr`, `num_envs`,
    /// `num_steps` and `total_timesteps` are not used (the fields above replace them).
    public var ppo: PPOConfiguration = {
        var ppo = PPOConfiguration()
        ppo.numMinibatches = 1
        ppo.annealLR = false
        return ppo
    }()

    /// The kinds of inner update.
    public enum InnerUpdate: String, Sendable, Codable, CaseIterable {
        /// One PPO update: `update_epochs` passes of clipped-surrogate minibatch steps with Adam (CleanRL's epochs).
        case ppo
        /// One SGD step `φ ← φ − α·∇L` on the PPO loss at ratio 1 (the vanilla policy gradient with the value and
        /// entropy terms), on all of the update's episodes, its norm clipped to `max_grad_norm`.
        case vpg
    }

    /// Creates the defaults.
    public init() {}

    /// The episodes of one task's inner loop: `innerUpdates · innerEpisodes`.
    public var supportEpisodes: Int { innerUpdates * innerEpisodes }

    /// The PPO configuration of one task's inner learner, seeded with `seed`.
    func innerConfiguration(seed: UInt64) -> PPOConfiguration {
        var config = ppo
        config.seed = seed
        config.learningRate = innerLearningRate
        config.annealLR = false
        config.numEnvs = 1
        config.numSteps = 1
        config.totalTimesteps = 1
        return config
    }

    /// Checks every field, returning a message per problem (empty when valid).
    public func problems() -> [String] {
        var found: [String] = []
        if metaBatchSize < 1 { found.append("meta_batch_size must be at least 1, got \(metaBatchSize)") }
        if !(outerLearningRate > 0) { found.append("outer_learning_rate must be positive, got \(outerLearningRate)") }
        if innerUpdates < 1 { found.append("inner_updates must be at least 1, got \(innerUpdates)") }
        if innerEpisodes < 1 { found.append("inner_episodes must be at least 1, got \(innerEpisodes)") }
        if queryEpisodes < 0 { found.append("query_episodes must not be negative, got \(queryEpisodes)") }
        if algo == .fomaml && queryEpisodes < 1 { found.append("query_episodes must be at least 1 for fomaml") }
        if !(innerLearningRate > 0) { found.append("inner_learning_rate must be positive, got \(innerLearningRate)") }
        if numEnvs < 1 { found.append("num_envs must be at least 1, got \(numEnvs)") }
        if maxEpisodeSteps < 1 { found.append("max_episode_steps must be at least 1, got \(maxEpisodeSteps)") }
        found += innerConfiguration(seed: seed).problems().map { "ppo." + $0 }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case algo, seed, metaBatchSize = "meta_batch_size", outerLearningRate = "outer_learning_rate"
        case innerUpdates = "inner_updates", innerEpisodes = "inner_episodes", queryEpisodes = "query_episodes"
        case innerUpdate = "inner_update", innerLearningRate = "inner_learning_rate", numEnvs = "num_envs", maxEpisodeSteps = "max_episode_steps"
        case ppo
    }
}
