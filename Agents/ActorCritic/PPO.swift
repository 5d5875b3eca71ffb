// ActorCritic: Proximal Policy Optimization, read top to bottom like CleanRL's ppo.py.
import Dispatch
import GymCore
import NeuralNet

/// Proximal Policy Optimization (Schulman et al., 2017) with CleanRL's details: GAE(λ), per-minibatch advantage
/// normalisation, clipped surrogate, optional value clipping, entropy bonus, gradient-norm clipping, linear
/// learning-rate annealing and an optional target-KL early stop.
///
/// Each ``iterate()`` is one pass of CleanRL's loop: anneal → rollout → GAE → minibatch epochs → log.
/// Works for `Discrete`, `MultiDiscrete` and `Box` action spaces (the agent picks the head) on any ``EnvBatch``.
///
/// ```swift
/// var config = PPOConfiguration(); config.totalTimesteps = 200_000
/// let envs = try VectorEnv(count: config.numEnvs) { _ in try SensingGymRegistry.make("BeamSelection-v1") }
/// let ppo = try PPO(configuration: config, envs: envs)
/// try ppo.train { print($0.globalStep, $0.episodicReturn ?? .nan) }
/// ```
public final class PPO<Envs: EnvBatch>: ActorCriticAlgorithm where Envs.Info: EpisodeOutcome {
    /// `ppo`.
    public static var name: String { "ppo" }
    /// The training state: envs, agent, optimizer, buffer, counters.
    public let session: TrainingSession<Envs>

    /// Creates the agent for the envs' spaces and resets the envs with the configuration's seed.
    /// - Throws: ``ActorCriticError`` for an invalid configuration or action space.
    public init(configuration: PPOConfiguration, envs: Envs) throws {
        session = try TrainingSession(configuration: configuration, envs: envs)
    }

    /// One iteration of PPO: anneal the learning rate, collect a rollout, compute GAE, run the minibatch epochs.
    /// - Returns: The iteration's metrics (losses from its last minibatch, as CleanRL logs them).
    /// - Throws: ``EnvError`` when the envs reject an action.
    public func iterate() throws -> TrainingMetrics {
        // 1. Anneal the learning rate linearly to zero over the run.
        session.annealLearningRate()

        // 2. Rollout: numSteps steps in each of numEnvs envs, with the current policy.
        // 3. GAE(λ): advantages and returns, bootstrapped from the critic.
        let rolloutStart = DispatchTime.now().uptimeNanoseconds
        try session.collectRollout()
        let updateStart = DispatchTime.now().uptimeNanoseconds

        // 4. Optimise the policy and value networks: updateEpochs passes over shuffled minibatches.
        let (losses, evaluated) = try update()
        let updateEnd = DispatchTime.now().uptimeNanoseconds
        session.lastPhases = TrainingSession.Phases(
            rolloutSeconds: Double(updateStart - rolloutStart) / 1e9, updateSeconds: Double(updateEnd - updateStart) / 1e9,
            updateRows: evaluated)

        // 5. Log.
        session.iteration += 1
        return session.metrics(losses: losses)
    }

    /// CleanRL's minibatch epochs on the session's rollout buffer, whose advantages are already computed:
    /// `updateEpochs` passes over shuffled minibatches of its valid slots, each a clipped-gradient Adam step,
    /// stopping early past `targetKL`. ``iterate()`` calls it after the rollout; MetaRL's MAML-family learner calls
    /// it on buffers of complete episodes.
    /// - Returns: The losses of the last minibatch (clip fraction over the whole update) and the rows evaluated.
    func update() throws -> (losses: UpdateLosses, rows: Int) {
        let args = session.configuration
        let objective = PPOObjective(
            clipCoef: args.clipCoef, clipValueLoss: args.clipVloss, entropyCoefficient: args.entCoef,
            valueCoefficient: args.vfCoef)
        let buffer = session.buffer
        var slots = buffer.validSlots()
        var losses = UpdateLosses()
        var clipped = 0, evaluated = 0
        epochs: for _ in 0 ..< args.updateEpochs {
            shuffle(&slots, using: &session.rng)
            for minibatch in 0 ..< args.numMinibatches {
                let range = (minibatch * slots.count / args.numMinibatches) ..< ((minibatch + 1) * slots.count / args.numMinibatches)
                guard !range.isEmpty else { continue }
                let mb = slots[range]

                var advantages = mb.map { buffer.advantages[$0] }
                if args.normAdv { normalizeAdvantages(&advantages) }
                let result = try session.minibatchGradient().compute(
                    buffer: buffer, slots: mb, advantages: advantages, objective: objective)

                session.optimizer.parameters.clipGradientNorm(maxNorm: args.maxGradNorm)
                session.optimizer.step()

                clipped += result.clippedCount
                evaluated += mb.count
                losses.record(result)
            }
            if let targetKL = args.targetKL, losses.approxKL > targetKL { break epochs }
        }
        losses.clipFraction = evaluated > 0 ? Double(clipped) / Double(evaluated) : 0
        return (losses, evaluated)
    }
}

/// Normalises advantages to zero mean and unit (unbiased) standard deviation, as CleanRL: `(A − mean) / (std + 1e-8)`.
/// A single sample is left as it is (its standard deviation is undefined).
func normalizeAdvantages(_ advantages: inout [Float]) {
    guard advantages.count > 1 else { return }
    let values = advantages.map(Double.init)
    let mean = values.reduce(0, +) / Double(values.count)
    let std = variance(values).squareRoot()
    for i in advantages.indices { advantages[i] = Float((values[i] - mean) / (std + 1e-8)) }
}

/// Fisher–Yates shuffle with an explicit generator, so the order depends on the seed alone (not on the standard
/// library's shuffling algorithm).
func shuffle(_ values: inout [Int], using rng: inout Xoshiro256StarStar) {
    guard values.count > 1 else { return }
    for i in stride(from: values.count - 1, to: 0, by: -1) {
        let j = Int(rng.next(upperBound: UInt64(i + 1)))
        values.swapAt(i, j)
    }
}
