// ActorCritic: a trained agent as a `Policy`, so `PolicyEvaluator` scores it like the baselines.
import GymCore
import NeuralNet

/// Acts with a trained ``ActorCriticAgent`` in deterministic mode (categorical mode, Gaussian mean) or, given a
/// sampling seed, by sampling its distribution, with the agent's frozen observation statistics — the policy
/// `sensing-gym evaluate` runs (`--sample-actions` for the sampled one).
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
    private var sampler: Xoshiro256StarStar?

    /// Wraps an agent.
    /// - Parameters:
    ///   - agent: The trained agent.
    ///   - name: The name in tables.
    ///   - samplingSeed: Sample actions from the policy with a generator of this seed (nil: take the mode).
    public init(agent: ActorCriticAgent, name: String, samplingSeed: UInt64? = nil) {
        self.agent = agent
        self.name = name
        observation = [Float](repeating: 0, count: agent.observationSize)
        sampler = samplingSeed.map { Xoshiro256StarStar(seed: $0 ^ 0x5A3B_1E00_0000_00E7) }
    }

    /// Nothing to prepare: the policy is memoryless.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) {}

    /// The agent's most likely action for the observation, or a sampled one.
    public mutating func action(in env: Environment, observation: UnsafeBufferPointer<Float>) -> FlatAction {
        for i in 0 ..< self.observation.count { self.observation[i] = observation[i] }
        agent.normalize(&self.observation, update: false)
        let input = Tensor(shape: [1, agent.observationSize], scalars: self.observation)
        if var rng = sampler {
            defer { sampler = rng }
            return agent.flatAction(agent.act(observations: input, using: &rng).actions, row: 0)
        }
        return agent.flatAction(agent.deterministicActions(observations: input), row: 0)
    }
}
