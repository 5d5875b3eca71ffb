// ActorCritic: the state PPO and A2C share — envs, agent, optimizer, rollout buffer, generator, counters.
import Dispatch
import GymCore
import NeuralNet

/// Everything a training run holds between iterations, shared by ``PPO`` and ``A2C``.
///
/// Seeding: the agent's weights from `seed` (see ``ActorCriticAgent``), env `i` from `seed + i`, the action
/// sampling and minibatch shuffling from one generator seeded from `seed`. The same configuration therefore gives
/// the same weights, bit for bit, after the same number of iterations.
public final class TrainingSession<Envs: EnvBatch> where Envs.Info: EpisodeOutcome {
    /// The hyperparameters.
    public let configuration: PPOConfiguration
    /// The environments.
    public var envs: Envs
    /// The agent being trained.
    public let agent: ActorCriticAgent
    /// Adam over all of the agent's parameters.
    public let optimizer: Adam
    /// Environment steps taken so far, over all envs.
    public internal(set) var globalStep = 0
    /// Iterations (rollout + update) completed.
    public internal(set) var iteration = 0
    /// The number of threads each PPO minibatch's forward and backward passes are split over (default 1).
    ///
    /// The result is bit-for-bit repeatable for a given count; different counts round differently (see
    /// ``MinibatchGradient``). Set it before training; it is not a hyperparameter and is not checkpointed.
    public var threads = 1
    var buffer: RolloutBuffer
    var rng: Xoshiro256StarStar
    private var gradient: MinibatchGradient?
    /// How long the last PPO iteration's rollout and update took, and how many rows its minibatches held in all.
    public internal(set) var lastPhases = Phases()

    /// Wall-clock seconds of one iteration's two phases (for benchmarks).
    public struct Phases: Sendable {
        /// Collecting the rollout and computing GAE.
        public var rolloutSeconds = 0.0
        /// The minibatch epochs.
        public var updateSeconds = 0.0
        /// Rows forwarded and back-propagated over all minibatches of all epochs.
        public var updateRows = 0
    }
    private var clockStart = DispatchTime.now().uptimeNanoseconds
    private var stepsAtClockStart = 0

    /// Creates the agent for the envs' spaces and resets the envs with `seed`.
    /// - Parameters:
    ///   - configuration: The hyperparameters; checked first.
    ///   - envs: The environments; their count must equal ``PPOConfiguration/numEnvs``.
    /// - Throws: ``ActorCriticError`` for an invalid configuration or an unsupported action space.
    public init(configuration: PPOConfiguration, envs: Envs) throws {
        var problems = configuration.problems()
        if envs.count != configuration.numEnvs {
            problems.append("num_envs is \(configuration.numEnvs) but the env batch holds \(envs.count)")
        }
        guard problems.isEmpty else { throw ActorCriticError.invalidConfiguration(problems) }
        self.configuration = configuration
        self.envs = envs
        let size = envs.singleObservationSpace.size
        agent = try ActorCriticAgent(
            observationSize: size, actionSpace: envs.singleActionSpaceDescription, configuration: configuration)
        optimizer = Adam(parameters: agent.parameters, learningRate: configuration.learningRate)
        buffer = RolloutBuffer(
            numSteps: configuration.numSteps, numEnvs: configuration.numEnvs, observationSize: size,
            actionWidth: agent.actionWidth)
        rng = Xoshiro256StarStar(seed: configuration.seed ^ 0x5A3B_1E00_0000_0002)
        self.envs.reset(seed: configuration.seed, options: .none)
    }

    /// Continues from a checkpoint: weights, observation statistics, Adam state and counters.
    ///
    /// The envs restart fresh episodes seeded from the seed and the step count, and the sampling generator is
    /// reseeded the same way, so a resumed run is deterministic but not bit-identical to an uninterrupted one.
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` or ``CheckpointError`` when it does not fit.
    public func restore(from checkpoint: PolicyCheckpoint) throws {
        guard checkpoint.agent.observationSize == agent.observationSize,
            checkpoint.agent.actionSpace == agent.actionSpace, checkpoint.agent.hiddenSizes == agent.hiddenSizes
        else {
            throw ActorCriticError.incompatibleCheckpoint(
                "checkpoint agent (observation \(checkpoint.agent.observationSize), hidden \(checkpoint.agent.hiddenSizes), "
                    + "actions \(checkpoint.agent.actionSpace)) does not match this run (observation "
                    + "\(agent.observationSize), hidden \(agent.hiddenSizes), actions \(agent.actionSpace))")
        }
        try checkpoint.restoreTraining(into: agent, optimizer: optimizer)
        globalStep = checkpoint.globalStep
        iteration = checkpoint.iteration
        let resumeSeed = configuration.resumeSeed(globalStep: globalStep)
        rng = Xoshiro256StarStar(seed: resumeSeed ^ 0x5A3B_1E00_0000_0002)
        envs.reset(seed: resumeSeed, options: .none)
        buffer.envsWereReset()
        restartClock()
    }

    /// Starts the steps-per-second clock now.
    public func restartClock() {
        clockStart = DispatchTime.now().uptimeNanoseconds
        stepsAtClockStart = globalStep
    }

    /// Whether the configured number of iterations is done.
    public var isFinished: Bool { iteration >= configuration.numIterations }

    // MARK: - Shared steps of an iteration

    /// Sets Adam's learning rate for the next update: linearly annealed to 0 when configured (CleanRL's `frac`).
    func annealLearningRate() {
        guard configuration.annealLR else { return }
        optimizer.learningRate = configuration.learningRate(atIteration: iteration)
    }

    /// The minibatch gradient for the current ``threads`` (its replicas are made on first use).
    func minibatchGradient() throws -> MinibatchGradient {
        if let gradient, gradient.threads == max(1, threads) { return gradient }
        let made = try MinibatchGradient(agent: agent, configuration: configuration, threads: max(1, threads))
        gradient = made
        return made
    }

    /// Collects one rollout and computes its advantages.
    func collectRollout() throws(EnvError) {
        try buffer.collect(from: &envs, agent: agent, using: &rng)
        globalStep += configuration.numEnvs * configuration.numSteps
        buffer.computeAdvantages(gamma: configuration.gamma, lambda: configuration.gaeLambda)
    }

    /// The metrics row of the finished iteration, with the episode figures of its rollout.
    func metrics(losses: UpdateLosses) -> TrainingMetrics {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
        return TrainingMetrics(
            rollout: buffer, globalStep: globalStep, iteration: iteration, learningRate: Double(optimizer.learningRate),
            losses: losses, stepsPerSecond: Double(globalStep - stepsAtClockStart) / max(seconds, 1e-9))
    }

    /// A checkpoint of the current state, under the algorithm's name.
    /// - Parameters:
    ///   - algorithm: `ppo` or `a2c`.
    ///   - envID: The env id (metadata for `evaluate`).
    ///   - scenario: The scenario name (metadata for `evaluate`).
    public func checkpoint(algorithm: String, envID: String, scenario: String) -> PolicyCheckpoint {
        PolicyCheckpoint(
            agent: agent, optimizer: optimizer, configuration: configuration, algorithm: algorithm, envID: envID,
            scenario: scenario, globalStep: globalStep, iteration: iteration)
    }
}

/// The loss figures of one update.
struct UpdateLosses {
    var valueLoss = 0.0
    var policyLoss = 0.0
    var entropy = 0.0
    var oldApproxKL = 0.0
    var approxKL = 0.0
    var clipFraction = 0.0

    /// Keeps a minibatch's loss terms (CleanRL logs the last minibatch's).
    mutating func record(_ result: PPOObjective.Result) {
        policyLoss = result.policyLoss
        valueLoss = result.valueLoss
        entropy = result.entropy
        oldApproxKL = result.oldApproxKL
        approxKL = result.approxKL
    }
}

/// The unbiased sample variance (as `torch.var` and `np.var(ddof=1)`); 0 for fewer than two values.
func variance(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
}
