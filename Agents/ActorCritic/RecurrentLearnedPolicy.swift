// ActorCritic: a trained recurrent agent as a `Policy`, its hidden state reset at every episode's start.
import GymCore
import NeuralNet

/// Acts with a trained ``RecurrentActorCriticAgent`` in deterministic mode (the categorical mode), with frozen
/// observation statistics; the hidden state is zeroed when an episode begins and carried through it. What
/// `sensing-gym evaluate` runs for a `ppo-gru` checkpoint.
///
/// ```swift
/// var policy = RecurrentLearnedPolicy<AnyEnv<ProbeInfo>>(agent: checkpoint.agent, name: "ppo-gru")
/// let report = try PolicyEvaluator.evaluate(env: &env, policy: &policy, episodes: 500, seed: 1, envID: id, scenario: name)
/// ```
public struct RecurrentLearnedPolicy<Environment: Env>: Policy where Environment.ActionSpace.Element == FlatAction {
    /// The agent.
    public let agent: RecurrentActorCriticAgent
    /// The name in tables (`ppo-gru`).
    public let name: String
    private var observation: [Float]
    private var starts = [true]

    /// Wraps an agent.
    public init(agent: RecurrentActorCriticAgent, name: String) {
        self.agent = agent
        self.name = name
        observation = [Float](repeating: 0, count: agent.observationSize)
    }

    /// Marks the next decision as an episode's first: the hidden state is zeroed before it.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) {
        starts = [true]
    }

    /// The agent's most likely action, given the observation and the episode so far.
    public mutating func action(in env: Environment, observation: UnsafeBufferPointer<Float>) -> FlatAction {
        for i in 0 ..< self.observation.count { self.observation[i] = observation[i] }
        agent.normalize(&self.observation, update: false)
        let actions = agent.deterministicActions(
            observations: Tensor(shape: [1, agent.observationSize], scalars: self.observation), episodeStarts: starts)
        starts = [false]
        return agent.flatAction(actions, row: 0)
    }
}
