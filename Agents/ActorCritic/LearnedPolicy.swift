// ActorCritic: a trained agent as a `Policy`, so `PolicyEvaluator` scores it like the baselines.
import GymCore
import NeuralNet

/// Acts with a trained ``ActorCriticAgent`` in deterministic mode (categorical mode, Gaussian mean), with the
/// agent's frozen observation statistics — the policy `sensing-gym evaluate` runs.
///
/// ```swift
/// var policy = LearnedPolicy<AnyEnv<ProbeInfo>>(agent: checkpoint.agent, name: "ppo")
/// let report = try PolicyEvaluator.evaluate(env: &env, policy: &policy, episodes: 500, seed: 1, envID: id, scenario: name)
/// ```
public struct LearnedPolicy<Environment: Env>: Policy where Environment.ActionSpace.Element == FlatAction {
    /// The agent.
    public let agent: ActorCriticAgent
    /// The name in tables (`ppo`, `a2c`).
    public let name: String
    private var observation: [Float]

    /// Wraps an agent.
    /// - Parameters:
    ///   - agent: The trained agent.
    ///   - name: The name in tables.
    public init(agent: ActorCriticAgent, name: String) {
        self.agent = agent
        self.name = name
        observation = [Float](repeating: 0, count: agent.observationSize)
    }

    /// Nothing to prepare: the policy is memoryless.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) {}

    /// The agent's most likely action for the observation.
    public mutating func action(in env: Environment, observation: UnsafeBufferPointer<Float>) -> FlatAction {
        for i in 0 ..< self.observation.count { self.observation[i] = observation[i] }
        agent.normalize(&self.observation, update: false)
        let actions = agent.deterministicActions(
            observations: Tensor(shape: [1, agent.observationSize], scalars: self.observation))
        return agent.flatAction(actions, row: 0)
    }
}
