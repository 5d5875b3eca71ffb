// MetaRL: the MAML-family learner's checkpoints and its evaluation through PolicyEvaluator.
import Environments
import GymCore

extension MAMLLearner {
    /// A checkpoint of the meta-policy, the configuration, the training tasks and the progress.
    public func checkpoint() -> MAMLCheckpoint {
        MAMLCheckpoint(
            agent: metaAgent, configuration: configuration, envID: envID, trainTasks: trainTasks, iteration: iteration,
            globalStep: globalStep)
    }

    /// Continues from a checkpoint of the same configuration and training tasks: θ, statistics and counters.
    /// Because every iteration's randomness derives from the seed and the iteration number, the resumed run
    /// continues bit for bit as the uninterrupted one.
    /// - Throws: ``MAMLError/incompatibleCheckpoint(_:)`` when it does not fit, ``CheckpointError`` for a bad entry.
    public func restore(from checkpoint: MAMLCheckpoint) throws {
        guard checkpoint.configuration == configuration else {
            throw MAMLError.incompatibleCheckpoint("the checkpoint was trained with another configuration")
        }
        guard checkpoint.trainTasks == trainTasks else {
            throw MAMLError.incompatibleCheckpoint("the checkpoint was trained on other tasks")
        }
        guard checkpoint.envID == envID else {
            throw MAMLError.incompatibleCheckpoint("the checkpoint was trained on \(checkpoint.envID), not \(envID)")
        }
        let stored = checkpoint.policy.agent
        guard stored.observationSize == metaAgent.observationSize, stored.actionSpace == metaAgent.actionSpace else {
            throw MAMLError.incompatibleCheckpoint("the checkpoint's spaces differ from the tasks'")
        }
        metaAgent.parameters.copyValues(from: stored.parameters)
        metaAgent.observationStatistics = stored.observationStatistics
        iteration = checkpoint.iteration
        globalStep = checkpoint.globalStep
        restartClock()
    }
}

extension MAMLLearner where Info == ProbeInfo {
    /// Runs `agent`'s deterministic policy on a task through ``PolicyEvaluator``: return, probes to target, final
    /// error quantiles and the rest of the ``EvaluationReport``.
    /// - Throws: ``EnvError``, ``MAMLError`` or `makeEnv`'s error.
    public func evaluate(_ agent: ActorCriticAgent, on task: String, episodes: Int, seed: UInt64) throws -> EvaluationReport {
        var env = try env(for: task)
        var policy = LearnedPolicy<AnyEnv<ProbeInfo>>(agent: agent, name: configuration.algo.rawValue)
        return try PolicyEvaluator.evaluate(
            env: &env, policy: &policy, episodes: episodes, seed: seed, envID: envID, scenario: task)
    }
}
