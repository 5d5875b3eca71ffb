// ActorCritic: Advantage Actor-Critic, sharing PPO's rollout and GAE.
import GymCore
import NeuralNet

/// Advantage Actor-Critic (Mnih et al., 2016), synchronous, as SB3's `A2C`: one gradient step per short rollout
/// on `−mean(Â·logπ) − c_ent·mean(H) + c_vf·½·mean((V − R)²)`, using the same rollout buffer and GAE as ``PPO``.
///
/// Use ``PPOConfiguration/a2c`` for SB3's defaults (5 steps per env, λ = 1, lr 7e-4); `updateEpochs`,
/// `numMinibatches`, `clipCoef` and `targetKL` are not used.
///
/// ```swift
/// let a2c = try A2C(configuration: .a2c, envs: envs)
/// try a2c.train()
/// ```
public final class A2C<Envs: EnvBatch>: ActorCriticAlgorithm where Envs.Info: EpisodeOutcome {
    /// `a2c`.
    public static var name: String { "a2c" }
    /// The training state: envs, agent, optimizer, buffer, counters.
    public let session: TrainingSession<Envs>

    /// Creates the agent for the envs' spaces and resets the envs with the configuration's seed.
    /// - Throws: ``ActorCriticError`` for an invalid configuration or action space.
    public init(configuration: PPOConfiguration, envs: Envs) throws {
        session = try TrainingSession(configuration: configuration, envs: envs)
    }

    /// One iteration of A2C: anneal, rollout, GAE, one gradient step on the whole rollout.
    /// - Returns: The iteration's metrics.
    /// - Throws: ``EnvError`` when the envs reject an action.
    public func iterate() throws -> TrainingMetrics {
        let args = session.configuration
        let agent = session.agent
        // At ρ = 1 the clipped surrogate's gradient is A2C's policy gradient; a huge clip keeps it unclipped.
        let objective = PPOObjective(
            clipCoef: .greatestFiniteMagnitude, clipValueLoss: false, entropyCoefficient: args.entCoef,
            valueCoefficient: args.vfCoef)

        // 1. Anneal the learning rate.
        session.annealLearningRate()

        // 2. Rollout and 3. GAE(λ).
        try session.collectRollout()
        let buffer = session.buffer

        // 4. One gradient step on every valid transition of the rollout.
        let slots = buffer.validSlots()
        var losses = UpdateLosses()
        if !slots.isEmpty {
            let batch = slots[...]
            let (logProb, entropy, values) = agent.evaluate(
                observations: buffer.observations(at: batch), actions: buffer.actions(at: batch))
            var advantages = batch.map { buffer.advantages[$0] }
            if args.normAdv { normalizeAdvantages(&advantages) }
            let result = objective.evaluate(
                logProb: logProb, entropy: entropy, values: values, oldLogProb: batch.map { buffer.logProbs[$0] },
                oldValues: batch.map { buffer.values[$0] }, advantages: advantages, returns: batch.map { buffer.returns[$0] })
            session.optimizer.parameters.zeroGrad()
            agent.backward(gradLogProb: result.gradLogProb, gradEntropy: result.gradEntropy, gradValues: result.gradValues)
            session.optimizer.parameters.clipGradientNorm(maxNorm: args.maxGradNorm)
            session.optimizer.step()
            // Report A2C's own policy loss, −mean(Â·logπ), rather than the surrogate's value at ρ = 1.
            losses.policyLoss = zip(advantages, logProb).reduce(0) { $0 - Double($1.0) * Double($1.1) } / Double(slots.count)
            losses.valueLoss = result.valueLoss
            losses.entropy = result.entropy
        }

        // 5. Log.
        session.iteration += 1
        return session.metrics(losses: losses)
    }
}
