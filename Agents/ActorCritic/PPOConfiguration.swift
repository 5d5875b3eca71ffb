// ActorCritic: every hyperparameter of PPO and A2C in one place, with CleanRL's defaults.

/// The hyperparameters of ``PPO`` and ``A2C``, named and defaulted as in CleanRL's `ppo.py` `Args`.
///
/// Field names are CleanRL's in Swift case (`num_envs` → ``numEnvs``); the JSON form (stored in checkpoints)
/// uses CleanRL's snake-case names, so a run's configuration reads the same in both tools.
///
/// ```swift
/// var config = PPOConfiguration()          // CleanRL's discrete-PPO defaults
/// config.totalTimesteps = 200_000
/// let a2c = PPOConfiguration.a2c           // SB3's A2C defaults on the same fields
/// ```
public struct PPOConfiguration: Sendable, Codable, Equatable {
    // MARK: - Experiment

    /// The seed of the networks' initialisation, the action sampling and the environments (`seed + i` for env i).
    public var seed: UInt64 = 1
    /// The total number of environment steps to train for (CleanRL's `total_timesteps`).
    public var totalTimesteps: Int = 500_000

    // MARK: - Rollout

    /// The number of parallel environments in the vector env.
    public var numEnvs: Int = 8
    /// The number of steps each environment runs per rollout (the rollout is `numEnvs × numSteps` steps).
    public var numSteps: Int = 128

    // MARK: - Returns and advantages

    /// The discount factor γ.
    public var gamma: Double = 0.99
    /// The λ of generalised advantage estimation (1 gives Monte-Carlo advantages with bootstrapping).
    public var gaeLambda: Double = 0.95
    /// Whether advantages are normalised per minibatch (zero mean, unit standard deviation).
    public var normAdv: Bool = true

    // MARK: - Optimisation

    /// The Adam learning rate at the first update.
    public var learningRate: Float = 2.5e-4
    /// Whether the learning rate decays linearly to zero over the run.
    public var annealLR: Bool = true
    /// The number of minibatches each rollout is split into.
    public var numMinibatches: Int = 4
    /// The number of passes (epochs) over each rollout.
    public var updateEpochs: Int = 4
    /// The largest joint gradient norm; gradients are scaled down to it before each Adam step.
    public var maxGradNorm: Float = 0.5

    // MARK: - Loss

    /// The surrogate clipping coefficient ε: the probability ratio is clipped to `[1 − ε, 1 + ε]`.
    public var clipCoef: Double = 0.2
    /// Whether the value loss is clipped around the rollout's value estimates (with ``clipCoef``).
    public var clipVloss: Bool = true
    /// The weight of the entropy bonus.
    public var entCoef: Double = 0.01
    /// The weight of the value loss.
    public var vfCoef: Double = 0.5
    /// The approximate-KL threshold that stops an update's epochs early (`nil`: never).
    public var targetKL: Double? = nil

    // MARK: - Networks

    /// The hidden widths of the actor and of the critic (CleanRL: two tanh layers of 64).
    public var hiddenSizes: [Int] = [64, 64]
    /// Whether observations are normalised by running mean and variance (and clipped to ±10), as CleanRL's
    /// continuous-action PPO does with `NormalizeObservation`; the statistics live in the agent and its checkpoint.
    public var normalizeObservations: Bool = true
    /// The initial log standard deviation of a Gaussian policy (Box action spaces).
    public var initialLogStd: Float = 0

    /// Creates the CleanRL defaults.
    public init() {}

    /// SB3's A2C defaults on these fields: 5 steps per env, λ = 1, one full-batch step per rollout, lr 7e-4, no
    /// advantage normalisation, no entropy bonus. SB3 uses RMSprop; this A2C uses Adam (the one optimizer here).
    public static var a2c: PPOConfiguration {
        var config = PPOConfiguration()
        config.numSteps = 5
        config.gaeLambda = 1
        config.learningRate = 7e-4
        config.numMinibatches = 1
        config.updateEpochs = 1
        config.normAdv = false
        config.entCoef = 0
        config.clipVloss = false
        return config
    }

    // MARK: - Derived sizes

    /// The number of steps per rollout over all environments (CleanRL's `batch_size`).
    public var batchSize: Int { numEnvs * numSteps }
    /// The number of samples per minibatch (CleanRL's `minibatch_size`).
    public var minibatchSize: Int { max(1, batchSize / max(1, numMinibatches)) }
    /// The number of updates (rollouts) in the run (CleanRL's `num_iterations`).
    public var numIterations: Int { max(1, totalTimesteps / max(1, batchSize)) }

    /// The learning rate of iteration `iteration` (from 0): annealed linearly to 0 over the run when ``annealLR``
    /// (CleanRL's `frac`), else ``learningRate``.
    public func learningRate(atIteration iteration: Int) -> Float {
        guard annealLR else { return learningRate }
        return Float((1 - Double(iteration) / Double(numIterations)) * Double(learningRate))
    }

    /// The seed a run resumed after `globalStep` steps resets its envs (and, mixed, its generator) with.
    public func resumeSeed(globalStep: Int) -> UInt64 { seed &+ UInt64(globalStep) &* 0x9E37_79B9 }

    /// Checks every field, returning a message per problem (empty when valid).
    public func problems() -> [String] {
        var found: [String] = []
        if numEnvs < 1 { found.append("num_envs must be at least 1, got \(numEnvs)") }
        if numSteps < 1 { found.append("num_steps must be at least 1, got \(numSteps)") }
        if totalTimesteps < 1 { found.append("total_timesteps must be positive, got \(totalTimesteps)") }
        if !(0...1).contains(gamma) { found.append("gamma must lie in [0, 1], got \(gamma)") }
        if !(0...1).contains(gaeLambda) { found.append("gae_lambda must lie in [0, 1], got \(gaeLambda)") }
        if !(learningRate > 0) { found.append("learning_rate must be positive, got \(learningRate)") }
        if numMinibatches < 1 { found.append("num_minibatches must be at least 1, got \(numMinibatches)") }
        if updateEpochs < 1 { found.append("update_epochs must be at least 1, got \(updateEpochs)") }
        if !(maxGradNorm > 0) { found.append("max_grad_norm must be positive, got \(maxGradNorm)") }
        if !(clipCoef > 0) { found.append("clip_coef must be positive, got \(clipCoef)") }
        if hiddenSizes.isEmpty || hiddenSizes.contains(where: { $0 < 1 }) {
            found.append("hidden_sizes must be positive widths, got \(hiddenSizes)")
        }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case seed, totalTimesteps = "total_timesteps", numEnvs = "num_envs", numSteps = "num_steps", gamma
        case gaeLambda = "gae_lambda", normAdv = "norm_adv", learningRate = "learning_rate", annealLR = "anneal_lr"
        case numMinibatches = "num_minibatches", updateEpochs = "update_epochs", maxGradNorm = "max_grad_norm"
        case clipCoef = "clip_coef", clipVloss = "clip_vloss", entCoef = "ent_coef", vfCoef = "vf_coef"
        case targetKL = "target_kl", hiddenSizes = "hidden_sizes", normalizeObservations = "normalize_observations"
        case initialLogStd = "initial_log_std"
    }
}
