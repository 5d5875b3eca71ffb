// ActorCritic: PPO with a GRU policy and truncated back-propagation through time (CleanRL's ppo_atari_lstm.py).
import Dispatch
import GymCore
import NeuralNet

/// Recurrent PPO: CleanRL's PPO with a ``RecurrentActorCriticAgent`` whose hidden state runs across the steps of
/// each env and is zeroed where an episode starts (`--algo ppo-gru`; RL²'s learner).
///
/// The loop is ``PPO``'s: anneal → rollout → GAE → minibatch epochs → log, with two differences, both CleanRL's
/// `ppo_atari_lstm.py`:
/// - a minibatch is a set of whole env sequences (``PPOConfiguration/numEnvs`` / ``PPOConfiguration/numMinibatches``
///   envs, all ``PPOConfiguration/numSteps`` steps each), replayed from the hidden state the rollout started with,
///   so the gradient runs back through time to the rollout's first step (truncated BPTT);
/// - the loss covers the real transitions of those sequences only (autoreset slots are replayed but masked).
///
/// The GRU's width is ``PPOConfiguration/hiddenSizes``' first entry (64 by default). The critic learns normalised
/// values (``RecurrentActorCriticAgent/returnStatistics``) by default, because actor and critic share the GRU: on
/// RL² beam-rooms the trial return rose from −547 to −343 in 3 M steps with it and from −550 to −473 without; on the
/// RL² bandits (returns 0–100) it cost a little (70.6 against 71.7 after 2 M steps). Seeding as
/// ``PPO``: the same configuration gives the same weights bit for bit.
///
/// ```swift
/// var config = PPOConfiguration(); config.hiddenSizes = [64]
/// let ppo = try RecurrentPPO(configuration: config, envs: envs)
/// try ppo.train { print($0.globalStep, $0.episodicReturn ?? .nan) }
/// ```
public final class RecurrentPPO<Envs: EnvBatch> where Envs.Info: EpisodeOutcome {
    /// `ppo-gru`.
    public static var name: String { "ppo-gru" }
    /// The hyperparameters.
    public let configuration: PPOConfiguration
    /// The environments.
    public var envs: Envs
    /// The agent being trained.
    public let agent: RecurrentActorCriticAgent
    /// Adam over all of the agent's parameters.
    public let optimizer: Adam
    /// Environment steps taken so far, over all envs.
    public private(set) var globalStep = 0
    /// Iterations (rollout + update) completed.
    public private(set) var iteration = 0
    /// How long the last iteration's rollout and update took, and how many rows its minibatches held.
    public private(set) var lastPhases = TrainingSession<Envs>.Phases()
    /// The rollout of the last iteration.
    public private(set) var buffer: RolloutBuffer
    var rng: Xoshiro256StarStar
    private var clockStart = DispatchTime.now().uptimeNanoseconds
    private var stepsAtClockStart = 0

    /// Creates the agent for the envs' spaces and resets the envs with the configuration's seed.
    /// - Parameters:
    ///   - configuration: The hyperparameters.
    ///   - envs: The environments.
    ///   - normalizesValues: Whether the critic learns standardised returns (default; see the type's notes).
    /// - Throws: ``ActorCriticError`` for an invalid configuration (including `numEnvs` not divisible by
    ///   `numMinibatches`) or a non-categorical action space.
    public init(configuration: PPOConfiguration, envs: Envs, normalizesValues: Bool = true) throws {
        var problems = configuration.problems()
        if envs.count != configuration.numEnvs {
            problems.append("num_envs is \(configuration.numEnvs) but the env batch holds \(envs.count)")
        }
        if configuration.numMinibatches > 0, configuration.numEnvs % configuration.numMinibatches != 0 {
            problems.append(
                "recurrent PPO splits minibatches by env: num_envs (\(configuration.numEnvs)) must be a multiple of "
                    + "num_minibatches (\(configuration.numMinibatches))")
        }
        guard problems.isEmpty else { throw ActorCriticError.invalidConfiguration(problems) }
        self.configuration = configuration
        self.envs = envs
        let size = envs.singleObservationSpace.size
        agent = try RecurrentActorCriticAgent(
            observationSize: size, actionSpace: envs.singleActionSpaceDescription,
            hiddenSize: configuration.hiddenSizes.first ?? 64, configuration: configuration)
        agent.resetHiddenState(rows: configuration.numEnvs)
        agent.returnStatistics = normalizesValues ? RunningMeanStd(size: 1) : nil
        optimizer = Adam(parameters: agent.parameters, learningRate: configuration.learningRate)
        buffer = RolloutBuffer(
            numSteps: configuration.numSteps, numEnvs: configuration.numEnvs, observationSize: size,
            actionWidth: agent.actionWidth)
        rng = Xoshiro256StarStar(seed: configuration.seed ^ 0x5A3B_1E00_0000_0003)
        self.envs.reset(seed: configuration.seed, options: .none)
    }

    /// Whether the configured number of iterations is done.
    public var isFinished: Bool { iteration >= configuration.numIterations }

    /// Starts the steps-per-second clock now.
    public func restartClock() {
        clockStart = DispatchTime.now().uptimeNanoseconds
        stepsAtClockStart = globalStep
    }

    /// Runs iterations until ``PPOConfiguration/numIterations`` are done, calling `afterIteration` after each.
    public func train(afterIteration: (TrainingMetrics) throws -> Void = { _ in }) throws {
        while !isFinished { try afterIteration(try iterate()) }
    }

    /// One iteration: anneal, rollout (hidden state carried), GAE, minibatch epochs over whole env sequences.
    /// - Returns: The iteration's metrics (losses from its last minibatch, as CleanRL logs them).
    /// - Throws: ``EnvError`` when the envs reject an action.
    public func iterate() throws -> TrainingMetrics {
        let args = configuration
        let objective = PPOObjective(
            clipCoef: args.clipCoef, clipValueLoss: args.clipVloss, entropyCoefficient: args.entCoef,
            valueCoefficient: args.vfCoef)

        // 1. Anneal the learning rate linearly to zero over the run.
        if args.annealLR { optimizer.learningRate = args.learningRate(atIteration: iteration) }

        // 2. Rollout with the hidden state carried over from the last one; keep where it started.
        // 3. GAE(λ).
        let rolloutStart = DispatchTime.now().uptimeNanoseconds
        let initialHidden = agent.hiddenState
        try buffer.collect(from: &envs, agent: agent, using: &rng)
        globalStep += args.numEnvs * args.numSteps
        buffer.computeAdvantages(gamma: args.gamma, lambda: args.gaeLambda)
        // Value normalisation: the critic regresses on (R − mean) / std of all value targets so far, so that the
        // shared encoder and GRU are not swamped by the value loss where returns are in the hundreds.
        if var statistics = agent.returnStatistics {
            for slot in buffer.validSlots() { statistics.update(Double(buffer.returns[slot])) }
            agent.returnStatistics = statistics
        }
        let updateStart = DispatchTime.now().uptimeNanoseconds

        // 4. Minibatch epochs: each minibatch is numEnvs / numMinibatches whole sequences, replayed through time.
        let envsPerMinibatch = args.numEnvs / args.numMinibatches
        var envOrder = Array(0 ..< args.numEnvs)
        var losses = UpdateLosses()
        var clipped = 0, evaluated = 0
        let rolloutHidden = agent.hiddenState
        epochs: for _ in 0 ..< args.updateEpochs {
            shuffle(&envOrder, using: &rng)
            for minibatch in 0 ..< args.numMinibatches {
                let envIndices = Array(envOrder[(minibatch * envsPerMinibatch) ..< ((minibatch + 1) * envsPerMinibatch)])
                let sequence = SequenceMinibatch(buffer: buffer, envs: envIndices, initialHidden: initialHidden)
                guard !sequence.validRows.isEmpty else { continue }
                var advantages = sequence.validRows.map { buffer.advantages[sequence.slots[$0]] }
                if args.normAdv { normalizeAdvantages(&advantages) }
                agent.parameters.zeroGrad()
                let result = sequence.lossAndGradient(agent: agent, buffer: buffer, advantages: advantages, objective: objective)
                agent.parameters.clipGradientNorm(maxNorm: args.maxGradNorm)
                optimizer.step()

                clipped += result.clippedCount
                evaluated += sequence.validRows.count
                losses.record(result)
            }
            if let targetKL = args.targetKL, losses.approxKL > targetKL { break epochs }
        }
        agent.hiddenState = rolloutHidden
        losses.clipFraction = evaluated > 0 ? Double(clipped) / Double(evaluated) : 0
        let updateEnd = DispatchTime.now().uptimeNanoseconds
        lastPhases = TrainingSession<Envs>.Phases(
            rolloutSeconds: Double(updateStart - rolloutStart) / 1e9, updateSeconds: Double(updateEnd - updateStart) / 1e9,
            updateRows: evaluated)

        // 5. Log.
        iteration += 1
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
        return TrainingMetrics(
            rollout: buffer, globalStep: globalStep, iteration: iteration, learningRate: Double(optimizer.learningRate),
            losses: losses, stepsPerSecond: Double(globalStep - stepsAtClockStart) / max(seconds, 1e-9))
    }

    /// A checkpoint of the current state.
    /// - Parameters:
    ///   - envID: The env id (metadata for `evaluate`).
    ///   - scenario: The scenario name (metadata for `evaluate`).
    ///   - algorithm: The name stored (default `ppo-gru`; RL² stores `rl2`).
    ///   - extra: More metadata (RL² stores its trial length and training tasks here).
    public func checkpoint(
        envID: String, scenario: String, algorithm: String = RecurrentPPO.name, extra: [String: String] = [:]
    ) -> RecurrentPolicyCheckpoint {
        RecurrentPolicyCheckpoint(
            agent: agent, optimizer: optimizer, configuration: configuration, algorithm: algorithm, envID: envID,
            scenario: scenario, globalStep: globalStep, iteration: iteration, extra: extra)
    }

    /// Continues from a checkpoint: weights, observation statistics, Adam state and counters; the envs restart
    /// fresh episodes seeded from the seed and step count (deterministic, not bit-identical to an uninterrupted run).
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` or ``CheckpointError`` when it does not fit.
    public func restore(from checkpoint: RecurrentPolicyCheckpoint) throws {
        guard checkpoint.agent.observationSize == agent.observationSize,
            checkpoint.agent.actionSpace == agent.actionSpace, checkpoint.agent.hiddenSize == agent.hiddenSize
        else {
            throw ActorCriticError.incompatibleCheckpoint(
                "checkpoint agent (observation \(checkpoint.agent.observationSize), GRU \(checkpoint.agent.hiddenSize), "
                    + "actions \(checkpoint.agent.actionSpace)) does not match this run (observation "
                    + "\(agent.observationSize), GRU \(agent.hiddenSize), actions \(agent.actionSpace))")
        }
        try checkpoint.contents.restore(into: agent.parameters, optimizer: optimizer)
        agent.observationStatistics = checkpoint.agent.observationStatistics
        agent.returnStatistics = checkpoint.agent.returnStatistics
        globalStep = checkpoint.globalStep
        iteration = checkpoint.iteration
        let resumeSeed = configuration.resumeSeed(globalStep: globalStep)
        rng = Xoshiro256StarStar(seed: resumeSeed ^ 0x5A3B_1E00_0000_0003)
        envs.reset(seed: resumeSeed, options: .none)
        buffer.envsWereReset()
        agent.resetHiddenState(rows: configuration.numEnvs)
        restartClock()
    }
}

/// Whole env sequences of a rollout, gathered time-major for one recurrent minibatch.
struct SequenceMinibatch {
    /// The rollout slot of each row (row `t·B + b` is env `envs[b]` at step `t`).
    let slots: [Int]
    /// The rows that are real transitions, in order.
    let validRows: [Int]
    let observations: [Float]
    let actions: [Float]
    let episodeStarts: [Bool]
    let initialHidden: Tensor

    init(buffer: RolloutBuffer, envs: [Int], initialHidden rolloutStart: Tensor) {
        let batch = envs.count
        var slots: [Int] = []
        slots.reserveCapacity(buffer.numSteps * batch)
        for t in 0 ..< buffer.numSteps {
            for env in envs { slots.append(t * buffer.numEnvs + env) }
        }
        self.slots = slots
        validRows = slots.indices.filter { buffer.valid[slots[$0]] }
        observations = buffer.observations(at: slots[...]).scalars
        actions = buffer.actions(at: slots[...])
        episodeStarts = slots.map { buffer.episodeStarts[$0] }
        let width = rolloutStart.columnCount
        var hidden = Tensor(shape: [batch, width])
        if rolloutStart.rowCount == buffer.numEnvs {
            for (b, env) in envs.enumerated() {
                hidden.scalars.replaceSubrange((b * width) ..< ((b + 1) * width),
                                               with: rolloutStart.scalars[(env * width) ..< ((env + 1) * width)])
            }
        }
        initialHidden = hidden
    }

    /// Replays the sequences, evaluates the PPO objective on the valid rows (normalised by their count) and
    /// back-propagates it through time into the agent's gradients.
    func lossAndGradient(
        agent: RecurrentActorCriticAgent, buffer: RolloutBuffer, advantages: [Float], objective: PPOObjective
    ) -> PPOObjective.Result {
        let (logProb, entropy, values) = agent.evaluateSequence(
            observations: observations, actions: actions, episodeStarts: episodeStarts, initialHidden: initialHidden)
        let validSlots = validRows.map { slots[$0] }
        // The critic's outputs are normalised values: compare them with normalised targets and old values.
        let (mean, std) = agent.valueNormalization ?? (0, 1)
        let result = objective.evaluate(
            logProb: validRows.map { logProb[$0] }, entropy: validRows.map { entropy[$0] },
            values: validRows.map { values[$0] }, oldLogProb: validSlots.map { buffer.logProbs[$0] },
            oldValues: validSlots.map { (buffer.values[$0] - mean) / std }, advantages: advantages,
            returns: validSlots.map { (buffer.returns[$0] - mean) / std })
        var gradLogProb = [Float](repeating: 0, count: slots.count)
        var gradEntropy = gradLogProb
        var gradValues = gradLogProb
        for (k, row) in validRows.enumerated() {
            gradLogProb[row] = result.gradLogProb[k]
            gradEntropy[row] = result.gradEntropy[k]
            gradValues[row] = result.gradValues[k]
        }
        agent.backwardSequence(gradLogProb: gradLogProb, gradEntropy: gradEntropy, gradValues: gradValues)
        return result
    }
}
