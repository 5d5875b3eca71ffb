// ActorCritic: what PPO and A2C have in common, so the CLI and tests can drive either.

/// An actor-critic learner that improves its ``TrainingSession``'s agent one iteration (rollout + update) at a time.
///
/// ```swift
/// let ppo = try PPO(configuration: config, envs: envs)
/// try ppo.train { metrics in try log.append(metrics) }
/// ```
public protocol ActorCriticAlgorithm: AnyObject {
    /// The batch of environments trained on.
    associatedtype Envs: EnvBatch where Envs.Info: EpisodeOutcome

    /// The algorithm's name in logs, tables and checkpoints (`ppo`, `a2c`).
    static var name: String { get }
    /// The training state.
    var session: TrainingSession<Envs> { get }

    /// Runs one iteration: rollout, advantages, update; returns its metrics.
    /// - Throws: ``EnvError`` when the envs reject an action.
    func iterate() throws -> TrainingMetrics
}

extension ActorCriticAlgorithm {
    /// Runs iterations until ``PPOConfiguration/numIterations`` are done, calling `afterIteration` after each
    /// (log, checkpoint, progress); an error it throws stops training.
    public func train(afterIteration: (TrainingMetrics) throws -> Void = { _ in }) throws {
        while !session.isFinished {
            try afterIteration(try iterate())
        }
    }
}
