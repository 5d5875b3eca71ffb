// MetaRL: first-order MAML and Reptile on the PPO policy, read top to bottom like CleanRL: sample tasks → inner
// loop (rollout → PPO update, k times) → query → meta-update → log.
import Dispatch
import Environments
import GymCore
import NeuralNet

/// A MAML-family meta-learner (first-order MAML or Reptile, ``MAMLAlgorithm``) on the PPO actor-critic policy.
///
/// Tasks are opaque identifiers; `makeEnv` turns one into its environment, so the learner does not depend on who
/// defines task families. Every task must share the first task's observation and action spaces.
///
/// **Inner loop** (shared by both algorithms, and exactly what ``adapt(to:episodes:seed:)`` does): start a PPO
/// learner from θ (fresh Adam moments); `innerUpdates` times, play `innerEpisodes` complete episodes of the task
/// under the current parameters, compute GAE(λ) on them and apply one inner update — a vanilla policy-gradient
/// SGD step or one PPO update (CleanRL's minibatch epochs), ``MAMLConfiguration/innerUpdate`` — the result is φ.
/// **Query:** `queryEpisodes` fresh episodes under φ; first-order MAML takes the PPO loss gradient on them at φ
/// (on-policy, so the ratio is 1; clipped to `max_grad_norm` as a PPO minibatch is).
/// **Meta-update** over the batch of tasks (``MetaUpdate``): Reptile `θ ← θ + ε·mean(φᵢ − θ)`, first-order MAML
/// `θ ← θ − β·mean ∇L_query(φᵢ)`. Actor, critic and (Gaussian) log-std are all meta-learned.
///
/// **Observation statistics** (with `ppo.normalize_observations`): they belong to the meta-policy. Within a
/// meta-iteration every inner loop and query normalises with the statistics as they were when the iteration
/// began (frozen: adaptation never changes them); after the meta-update, every raw observation of the iteration is
/// merged into them, in task and episode order. After meta-training they stay frozen, so meta-test adaptation and
/// evaluation see the same normalisation and an adaptation of 0 episodes is the meta-policy itself.
///
/// **Determinism:** iteration `m` draws its tasks and every task's seed from `(seed, m)` alone, episode `e` of a
/// task is reset with `taskSeed + e`, and everything runs in a fixed order on one thread; the same configuration
/// and tasks give the same meta-parameters bit for bit, and a run resumed from a checkpoint continues exactly as
/// the uninterrupted run would have.
///
/// ```swift
/// let learner = try MAMLLearner(configuration: config, envID: "BeamSelection-v1", trainTasks: ids) { id in
///     AnyEnv(BeamSelectionEnv(scenario: try family.scenario(id)), id: "BeamSelection-v1")
/// }
/// try learner.metaTrain(iterations: 200) { print($0.iteration, $0.innerReturnBefore ?? .nan, $0.innerReturnAfter ?? .nan) }
/// let adapted = try learner.adapt(to: "test-3", episodes: 5, seed: 1)
/// ```
public final class MAMLLearner<Info: EnvInfo & EpisodeOutcome> {
    /// Turns a task identifier into that task's environment.
    public typealias MakeEnv = (String) throws -> AnyEnv<Info>

    /// The hyperparameters.
    public let configuration: MAMLConfiguration
    /// The env id the tasks are variations of (metadata for checkpoints and meta-test).
    public let envID: String
    /// The meta-training tasks, in the order given.
    public let trainTasks: [String]
    /// The meta-policy: parameters θ and the observation statistics.
    public let metaAgent: ActorCriticAgent
    /// Meta-iterations completed.
    public internal(set) var iteration = 0
    /// Environment steps taken in meta-training so far (inner loops and query episodes of every task).
    public internal(set) var globalStep = 0

    private let makeEnv: MakeEnv
    private var envs: [String: AnyEnv<Info>] = [:]
    private var clockStart = DispatchTime.now().uptimeNanoseconds
    private var stepsAtClockStart = 0

    /// Creates the meta-policy for the first task's spaces, initialised from the configuration's seed as a PPO
    /// agent is (CleanRL's orthogonal initialisation).
    /// - Parameters:
    ///   - configuration: The hyperparameters; checked first.
    ///   - envID: The env id (metadata).
    ///   - trainTasks: The meta-training task identifiers; at least one, no duplicates.
    ///   - makeEnv: Makes a task's env; called once per task (envs are kept and reset with seeds).
    /// - Throws: ``MAMLError`` for an invalid configuration or task list, ``ActorCriticError`` for an unsupported
    ///   action space, or what `makeEnv` throws.
    public init(
        configuration: MAMLConfiguration, envID: String, trainTasks: [String], makeEnv: @escaping MakeEnv
    ) throws {
        var problems = configuration.problems()
        if trainTasks.isEmpty { problems.append("train_tasks must hold at least one task") }
        if Set(trainTasks).count != trainTasks.count { problems.append("train_tasks holds duplicates") }
        guard problems.isEmpty else { throw MAMLError.invalidConfiguration(problems) }
        self.configuration = configuration
        self.envID = envID
        self.trainTasks = trainTasks
        self.makeEnv = makeEnv
        let first = try makeEnv(trainTasks[0])
        envs[trainTasks[0]] = first
        var agentConfiguration = configuration.ppo
        agentConfiguration.seed = configuration.seed
        metaAgent = try ActorCriticAgent(
            observationSize: first.observationSpace.size, actionSpace: first.actionSpaceDescription,
            configuration: agentConfiguration)
    }

    // MARK: - Meta-training

    /// One meta-iteration: sample a batch of training tasks, run the inner loop (and query) on each, apply the
    /// outer update to θ, merge the iteration's observations into the statistics.
    /// - Returns: The iteration's metrics.
    /// - Throws: ``EnvError`` when an env rejects an action, ``MAMLError`` or `makeEnv`'s error for a bad task.
    public func iterate() throws -> MetaTrainingMetrics {
        let config = configuration
        let theta = values(of: metaAgent)

        // 1. Sample the meta-batch of tasks.
        let tasks = taskBatch(iteration: iteration)

        // 2. Inner loop on each task (θ → φᵢ), then 3. its query episodes under φᵢ.
        var adapted: [[[Float]]] = [], queryGradients: [[[Float]]] = []
        var allEpisodes: [CompleteEpisodes.Episode] = [], before: [Double] = [], after: [Double] = []
        var queryErrors: [Double] = []
        for (slot, task) in tasks.enumerated() {
            let seed = innerSeed(iteration: iteration, slot: slot)
            let (learner, support) = try innerLoop(task: task, episodes: config.supportEpisodes, seed: seed)
            before += support.prefix(config.innerEpisodes).map(\.episodicReturn)
            allEpisodes += support
            adapted.append(values(of: learner.session.agent))
            guard config.queryEpisodes > 0 else { continue }
            let query = try CompleteEpisodes.collect(
                count: config.queryEpisodes, from: try env(for: task), lanes: config.numEnvs,
                seed: seed &+ UInt64(config.supportEpisodes), maxEpisodeSteps: config.maxEpisodeSteps,
                agent: learner.session.agent, using: &learner.session.rng)
            after += query.episodes.map(\.episodicReturn)
            queryErrors += query.episodes.map(\.errorMetres)
            allEpisodes += query.episodes
            if config.algo == .fomaml {
                learner.session.buffer = query.rolloutBuffer(
                    observationSize: metaAgent.observationSize, actionWidth: metaAgent.actionWidth)
                learner.session.buffer.computeAdvantages(gamma: config.ppo.gamma, lambda: config.ppo.gaeLambda)
                queryGradients.append(try policyGradient(learner))
            }
        }

        // 4. Meta-update of θ.
        let updated: [[Float]]
        switch config.algo {
        case .reptile: updated = MetaUpdate.reptile(theta: theta, adapted: adapted, stepSize: config.outerLearningRate)
        case .fomaml:
            updated = MetaUpdate.fomaml(theta: theta, queryGradients: queryGradients, stepSize: config.outerLearningRate)
        }
        for (entry, value) in zip(metaAgent.parameters.entries, updated) { entry.parameter.value = value }
        if var statistics = metaAgent.observationStatistics {
            for episode in allEpisodes {
                episode.rawObservations.withUnsafeBufferPointer { raw in
                    for t in 0 ..< episode.length {
                        let row = t * metaAgent.observationSize
                        statistics.update(UnsafeBufferPointer(rebasing: raw[row ..< (row + metaAgent.observationSize)]))
                    }
                }
            }
            metaAgent.observationStatistics = statistics
        }

        // 5. Log.
        let steps = allEpisodes.reduce(0) { $0 + $1.length }
        globalStep += steps
        iteration += 1
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        var squaredStep = 0.0
        for (old, new) in zip(theta, updated) {
            for (a, b) in zip(old, new) { squaredStep += Double(b - a) * Double(b - a) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
        return MetaTrainingMetrics(
            globalStep: globalStep, iteration: iteration, tasks: tasks.count, episodes: allEpisodes.count,
            episodicReturn: mean(allEpisodes.map(\.episodicReturn)), innerReturnBefore: mean(before),
            innerReturnAfter: mean(after), episodicLength: mean(allEpisodes.map { Double($0.length) }),
            finalErrorMetres: mean(queryErrors.isEmpty ? allEpisodes.map(\.errorMetres) : queryErrors),
            outerStepNorm: squaredStep.squareRoot(),
            stepsPerSecond: Double(globalStep - stepsAtClockStart) / max(seconds, 1e-9))
    }

    /// Runs meta-iterations until ``iteration`` reaches `iterations`, calling `progress` after each (log,
    /// checkpoint, progress bar); an error it throws stops training.
    public func metaTrain(iterations: Int, progress: (MetaTrainingMetrics) throws -> Void = { _ in }) throws {
        while iteration < iterations {
            try progress(try iterate())
        }
    }

    /// Starts the steps-per-second clock now.
    public func restartClock() {
        clockStart = DispatchTime.now().uptimeNanoseconds
        stepsAtClockStart = globalStep
    }

    // MARK: - Meta-test

    /// Adapts the meta-policy to a task with exactly `episodes` complete episodes of experience: the inner loop,
    /// with `⌈episodes / innerEpisodes⌉` PPO updates on consecutive groups of `innerEpisodes` episodes (the last
    /// group may be smaller). θ and the observation statistics are not changed. Called with
    /// ``innerSeed(iteration:slot:)`` and ``MAMLConfiguration/supportEpisodes`` it reproduces that slot's φ.
    /// - Parameters:
    ///   - task: The task (any identifier `makeEnv` accepts, held out or not).
    ///   - episodes: The adaptation budget in episodes; 0 returns a copy of the meta-policy.
    ///   - seed: Episode `e` is reset with `seed + e`; the action sampling and minibatch order are seeded from it.
    /// - Throws: ``EnvError``, ``MAMLError`` or `makeEnv`'s error.
    public func adapt(to task: String, episodes: Int, seed: UInt64) throws -> MAMLAdaptation {
        precondition(episodes >= 0, "adapt: episodes must not be negative")
        let (learner, played) = try innerLoop(task: task, episodes: episodes, seed: seed)
        return MAMLAdaptation(
            agent: learner.session.agent, task: task, episodes: played.count,
            environmentSteps: played.reduce(0) { $0 + $1.length },
            updates: (episodes + configuration.innerEpisodes - 1) / configuration.innerEpisodes,
            episodeReturns: played.map(\.episodicReturn))
    }

    /// The mean undiscounted return of `agent`'s deterministic policy (categorical mode, Gaussian mean; frozen
    /// statistics) over `episodes` episodes of a task, episode `e` reset with `seed + e`.
    /// - Throws: ``EnvError``, ``MAMLError`` or `makeEnv`'s error.
    public func evaluateReturn(of agent: ActorCriticAgent, on task: String, episodes: Int, seed: UInt64) throws -> Double {
        var env = try env(for: task)
        var policy = LearnedPolicy<AnyEnv<Info>>(agent: agent, name: configuration.algo.rawValue)
        var observation = [Float](repeating: 0, count: env.observationSpace.size)
        var total = 0.0
        for e in 0 ..< episodes {
            _ = observation.withUnsafeMutableBufferPointer { env.reset(seed: seed &+ UInt64(e), options: .none, into: $0) }
            for _ in 0 ..< configuration.maxEpisodeSteps {
                let action = observation.withUnsafeBufferPointer { policy.action(in: env, observation: $0) }
                let t = try observation.withUnsafeMutableBufferPointer { buffer throws(EnvError) in
                    try env.step(action, into: buffer)
                }
                total += t.reward
                if t.terminated || t.truncated { break }
            }
        }
        return episodes > 0 ? total / Double(episodes) : .nan
    }

    /// How `agent`'s sampled policy (the policy the inner loop trains, frozen statistics) does over `episodes`
    /// episodes of a task, episode `e` reset with `seed + e`, the sampling seeded from `seed` — for memoryless
    /// policies whose mode repeats one action, the fairer meta-test figure.
    /// - Returns: The mean undiscounted return and the median final error in metres.
    /// - Throws: ``EnvError``, ``MAMLError`` or `makeEnv`'s error.
    public func evaluateSampled(_ agent: ActorCriticAgent, on task: String, episodes: Int, seed: UInt64) throws
        -> (meanReturn: Double, errorMedianMetres: Double)
    {
        var rng = Xoshiro256StarStar(seed: Self.mix(seed, 0xE7A1))
        let played = try CompleteEpisodes.collect(
            count: episodes, from: try env(for: task), lanes: configuration.numEnvs, seed: seed,
            maxEpisodeSteps: configuration.maxEpisodeSteps, agent: agent, using: &rng)
        let errors = played.episodes.map(\.errorMetres).sorted()
        let median = errors.isEmpty ? .nan
            : errors.count % 2 == 1 ? errors[errors.count / 2] : (errors[errors.count / 2 - 1] + errors[errors.count / 2]) / 2
        return (played.meanReturn ?? .nan, median)
    }

    // MARK: - The shared inner loop

    /// θ → φ on one task: a PPO learner started from θ (fresh Adam), one inner update per group of
    /// `innerEpisodes` complete episodes, `episodes` in all.
    /// - Returns: The learner (its agent holds φ, its generator continues for the query) and the episodes played.
    private func innerLoop(task: String, episodes: Int, seed: UInt64) throws
        -> (PPO<VectorEnv<AnyEnv<Info>>>, [CompleteEpisodes.Episode])
    {
        let env = try env(for: task)
        let learner = try PPO(
            configuration: configuration.innerConfiguration(seed: seed), envs: VectorEnv([env]))
        let agent = learner.session.agent
        agent.parameters.assignValues(from: metaAgent.parameters)
        agent.observationStatistics = metaAgent.observationStatistics
        var played: [CompleteEpisodes.Episode] = []
        while played.count < episodes {
            // Rollout: the next group of complete episodes under the current parameters.
            let count = min(configuration.innerEpisodes, episodes - played.count)
            let group = try CompleteEpisodes.collect(
                count: count, from: env, lanes: configuration.numEnvs, seed: seed &+ UInt64(played.count),
                maxEpisodeSteps: configuration.maxEpisodeSteps, agent: agent, using: &learner.session.rng)
            played += group.episodes
            // GAE(λ) and one inner update on exactly those episodes: an SGD policy-gradient step or PPO's epochs.
            learner.session.buffer = group.rolloutBuffer(
                observationSize: agent.observationSize, actionWidth: agent.actionWidth)
            learner.session.buffer.computeAdvantages(gamma: configuration.ppo.gamma, lambda: configuration.ppo.gaeLambda)
            switch configuration.innerUpdate {
            case .ppo: _ = try learner.update()
            case .vpg:
                let gradient = try policyGradient(learner)
                for (entry, g) in zip(agent.parameters.entries, gradient) {
                    entry.parameter.value.withUnsafeMutableBufferPointer { value in
                        for j in value.indices { value[j] -= configuration.innerLearningRate * g[j] }
                    }
                }
            }
        }
        return (learner, played)
    }

    /// The PPO loss gradient at the learner's current parameters on its buffer, whose advantages are computed and
    /// whose episodes were played under those parameters (so the ratio is 1 and the surrogate's gradient is the
    /// vanilla policy gradient `−Â·∇logπ`, plus the value and entropy terms): every valid slot in one batch,
    /// advantages normalised as configured, actor and critic each clipped to `max_grad_norm`. First-order MAML's query
    /// gradient and the `vpg` inner step.
    private func policyGradient(_ learner: PPO<VectorEnv<AnyEnv<Info>>>) throws -> [[Float]] {
        let args = learner.session.configuration
        let agent = learner.session.agent
        let buffer = learner.session.buffer
        let slots = buffer.validSlots()[...]
        var advantages = slots.map { buffer.advantages[$0] }
        if args.normAdv { normalizeAdvantages(&advantages) }
        let objective = PPOObjective(
            clipCoef: args.clipCoef, clipValueLoss: args.clipVloss, entropyCoefficient: args.entCoef,
            valueCoefficient: args.vfCoef)
        _ = try learner.session.minibatchGradient().compute(
            buffer: buffer, slots: slots, advantages: advantages, objective: objective)
        // Actor and critic are clipped to max_grad_norm separately: with one joint norm, the value loss of returns
        // in the hundreds (BeamSelection) took the whole step and left the policy unchanged (adapting on 0, 1, 5
        // or 10 episodes gave identical episodes, measured).
        agent.actor.parameters.clipGradientNorm(maxNorm: args.maxGradNorm)
        agent.critic.parameters.clipGradientNorm(maxNorm: args.maxGradNorm)
        return agent.parameters.entries.map(\.parameter.grad)
    }

    // MARK: - Tasks and seeds

    /// The tasks of meta-iteration `iteration`: a seeded shuffle of the training tasks, taken in order and
    /// reshuffled when used up, `metaBatchSize` in all.
    public func taskBatch(iteration: Int) -> [String] {
        var rng = Xoshiro256StarStar(seed: Self.mix(configuration.seed, UInt64(iteration), 0x7A5C))
        var batch: [String] = []
        var order: [Int] = []
        while batch.count < configuration.metaBatchSize {
            if order.isEmpty {
                order = Array(trainTasks.indices)
                shuffle(&order, using: &rng)
                order.reverse()
            }
            batch.append(trainTasks[order.removeLast()])
        }
        return batch
    }

    /// The seed of task slot `slot` of meta-iteration `iteration`: its episodes are reset with `seed + e`, its
    /// inner learner's sampling and shuffling are seeded from it. `adapt(to:episodes:seed:)` with this seed and
    /// ``MAMLConfiguration/supportEpisodes`` episodes reproduces that slot's φ.
    public func innerSeed(iteration: Int, slot: Int) -> UInt64 {
        Self.mix(configuration.seed, UInt64(iteration), UInt64(slot) &+ 0x1_0000)
    }

    /// SplitMix64's finaliser over the words in turn: a well-spread seed from a few small integers.
    static func mix(_ words: UInt64...) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for word in words {
            var z = (state ^ word) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            state = z ^ (z >> 31)
        }
        return state
    }

    /// The env of a task, made on first use and checked against the meta-policy's spaces.
    func env(for task: String) throws -> AnyEnv<Info> {
        if let env = envs[task] { return env }
        let env = try makeEnv(task)
        if env.observationSpace.size != metaAgent.observationSize {
            throw MAMLError.taskSpaceMismatch(
                task: task, detail: "observation size \(env.observationSpace.size), expected \(metaAgent.observationSize)")
        }
        if env.actionSpaceDescription != metaAgent.actionSpace {
            throw MAMLError.taskSpaceMismatch(
                task: task, detail: "action space \(env.actionSpaceDescription), expected \(metaAgent.actionSpace)")
        }
        envs[task] = env
        return env
    }

    /// The values of an agent's parameters, in ``ParameterSet`` order.
    private func values(of agent: ActorCriticAgent) -> [[Float]] { agent.parameters.entries.map(\.parameter.value) }
}
