// MetaRL: RL² — a recurrent policy whose hidden state runs across the episodes of a trial, trained with PPO.
import GymCore
import NeuralNet

/// RL² (Duan et al., 2016, "RL²: Fast Reinforcement Learning via Slow Reinforcement Learning"): the "fast"
/// learner is the hidden state of a GRU policy that sees its previous action, reward and done flag and keeps its
/// state across the `k` episodes of a trial on one task; the "slow" learner is recurrent PPO over batches of
/// trials on tasks drawn from the training distribution (``TrialBatch``).
///
/// Adapting to a new task needs no gradient step: the policy runs a trial on it, and what it learned in the
/// first episodes is in its hidden state for the next ones. ``runTrial(agent:task:episodes:seed:sampleActions:)``
/// does that for evaluation (meta-test "after n adaptation episodes" is episode n + 1 of a trial).
///
/// ```swift
/// var config = PPOConfiguration(); config.hiddenSizes = [64]; config.numEnvs = 16
/// let learner = try RL2.learner(configuration: config, episodesPerTrial: 1) { seed in
///     var rng = Xoshiro256StarStar(seed: seed)
///     return AnyEnv(BernoulliBanditEnv.sampleTask(armCount: 5, pulls: 100, using: &rng))
/// }
/// try learner.train()
/// let episodes = RL2.runTrial(agent: learner.agent, task: testTask, episodes: 3, seed: 7)
/// ```
public enum RL2 {
    /// `rl2`.
    public static let name = "rl2"

    /// A recurrent PPO learner over trials of `episodesPerTrial` episodes of tasks drawn by `makeTask`.
    /// - Parameter normalizesValues: ``RecurrentPPO``'s value normalisation (default on).
    /// - Throws: ``ActorCriticError`` for an invalid configuration or a non-categorical action space.
    public static func learner<Info: EnvInfo & EpisodeOutcome>(
        configuration: PPOConfiguration, episodesPerTrial: Int, normalizesValues: Bool = true,
        makeTask: @escaping (UInt64) -> AnyEnv<Info>
    ) throws -> RecurrentPPO<TrialBatch<Info>> {
        let trials = TrialBatch(count: configuration.numEnvs, episodesPerTrial: episodesPerTrial, makeTask: makeTask)
        return try RecurrentPPO(configuration: configuration, envs: trials, normalizesValues: normalizesValues)
    }

    /// Runs one trial of `episodes` episodes on `task` with the hidden state carried across them, and returns
    /// the episodes in order. The agent's own rollout hidden state is left as it was.
    /// - Parameters:
    ///   - agent: The meta-trained agent (frozen observation statistics).
    ///   - task: The task env; it is reset with `seed` at the trial's start.
    ///   - episodes: The trial's length.
    ///   - seed: Seeds the task's reset and the action sampling.
    ///   - sampleActions: Sample from the policy (RL²'s exploration lives in it; the default) or take its mode.
    ///   - onStep: Called after every step with its info (before a reset between episodes) and whether it ended
    ///     an episode.
    /// - Throws: ``EnvError`` when the task rejects an action.
    public static func runTrial<Info: EnvInfo & EpisodeOutcome>(
        agent: RecurrentActorCriticAgent, task: AnyEnv<Info>, episodes: Int, seed: UInt64, sampleActions: Bool = true,
        onStep: (Info, Bool) -> Void = { _, _ in }
    ) throws(EnvError) -> [TrialBatch<Info>.FinishedEpisode] {
        let saved = agent.hiddenState
        defer { agent.hiddenState = saved }
        agent.resetHiddenState(rows: 1)
        var trial = TrialBatch(count: 1, episodesPerTrial: episodes) { _ in task }
        trial.reset(seed: seed, options: .none)
        var rng = Xoshiro256StarStar(seed: seed ^ 0x0A6E_2000_0000_0001)
        var starts = [true]
        while true {
            var observation = trial.observations
            agent.normalize(&observation, update: false)
            let input = Tensor(shape: [1, agent.observationSize], scalars: observation)
            let actions = sampleActions
                ? agent.act(observations: input, episodeStarts: starts, using: &rng).actions
                : agent.deterministicActions(observations: input, episodeStarts: starts)
            starts = [false]
            let finished = trial.finishedEpisodes.count
            try trial.step([agent.flatAction(actions, row: 0)])
            onStep(trial.stepInfos[0], trial.finishedEpisodes.count > finished)
            if trial.terminated[0] || trial.truncated[0] { break }
        }
        return trial.drainFinishedEpisodes()
    }
}
