// PPO learns small MDPs with known optima — discrete, multi-discrete and continuous — within seconds.
// The tiny MDPs are defined here and reused by the A2C and checkpoint tests.
import Agents
import GymCore
import XCTest

// MARK: - Tiny MDPs

/// The info of the tiny MDPs: the steps used, no position error.
struct ToyInfo: EnvInfo, EpisodeOutcome {
    var probesUsed: Int
    var errorMetres: Double = 0
}

/// A one-step bandit over `Discrete(rewards.count)`: action a pays `rewards[a]` and ends the episode.
struct DiscreteBandit: Env {
    let rewards: [Double]
    let observationSpace = Box(low: 0, high: 1, shape: [1])
    var actionSpace: Discrete { Discrete(rewards.count) }

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        observation[0] = 1
        return ToyInfo(probesUsed: 0)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        _ = try actionSpace.element(from: .index(action))
        observation[0] = 1
        return Transition(reward: rewards[action], terminated: true, truncated: false, info: ToyInfo(probesUsed: 1))
    }
}

/// A one-step bandit over `MultiDiscrete([3, 2])`: pays `[0.1, 0.2, 0.6][a₀] + [0.4, 0][a₁]`; optimum `[2, 0]` pays 1.
struct MultiDiscreteBandit: Env {
    let observationSpace = Box(low: 0, high: 1, shape: [1])
    let actionSpace = MultiDiscrete([3, 2])

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        observation[0] = 1
        return ToyInfo(probesUsed: 0)
    }

    mutating func step(_ action: [Int], into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        let a = try actionSpace.element(from: .indices(action))
        observation[0] = 1
        let reward = [0.1, 0.2, 0.6][a[0]] + [0.4, 0][a[1]]
        return Transition(reward: reward, terminated: true, truncated: false, info: ToyInfo(probesUsed: 1))
    }
}

/// A one-step continuous bandit: action a ∈ [−2, 2] pays `−(a − 0.7)²`, so the optimal mean action is 0.7.
struct GaussianBandit: Env {
    static let optimum: Float = 0.7
    let observationSpace = Box(low: 0, high: 1, shape: [1])
    let actionSpace = Box(low: -2, high: 2, shape: [1])

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        observation[0] = 1
        return ToyInfo(probesUsed: 0)
    }

    mutating func step(_ action: [Float], into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        let a = try actionSpace.element(from: .values(action))
        observation[0] = 1
        let miss = Double(a[0] - Self.optimum)
        return Transition(reward: -miss * miss, terminated: true, truncated: false, info: ToyInfo(probesUsed: 1))
    }
}

/// A five-state chain starting in state 1: action 0 moves left, 1 right. Reaching state 0 ends the episode
/// with +0.3 (the tempting nearby exit), reaching state 4 ends it with +1; every other step costs 0.05;
/// truncated after 12 steps. The optimum goes right three times: return −0.05 − 0.05 + 1 = 0.9.
struct ShortChain: Env {
    static let optimalReturn = 0.9
    let observationSpace = Box(low: 0, high: 1, shape: [5])
    let actionSpace = Discrete(2)
    private var state = 1
    private var steps = 0

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        state = 1
        steps = 0
        write(observation)
        return ToyInfo(probesUsed: 0)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        _ = try actionSpace.element(from: .index(action))
        state += action == 1 ? 1 : -1
        steps += 1
        write(observation)
        let reward = state == 4 ? 1 : state == 0 ? 0.3 : -0.05
        return Transition(
            reward: reward, terminated: state == 0 || state == 4, truncated: steps >= 12, info: ToyInfo(probesUsed: steps))
    }

    private func write(_ observation: UnsafeMutableBufferPointer<Float>) {
        for i in 0 ..< 5 { observation[i] = i == state ? 1 : 0 }
    }
}

// MARK: - Helpers shared by the actor-critic tests

/// `count` copies of `env` as a vector env of type-erased envs, the form the trainers take.
func toyEnvs<E: Env>(_ env: E, count: Int) -> VectorEnv<AnyEnv<ToyInfo>> where E.Info == ToyInfo {
    VectorEnv(count: count) { _ in AnyEnv(env, id: "Toy-v0") }
}

/// A small, fast configuration for the tiny MDPs.
func toyConfiguration(seed: UInt64 = 1, steps: Int) -> PPOConfiguration {
    var config = PPOConfiguration()
    config.seed = seed
    config.numEnvs = 4
    config.numSteps = 32
    config.totalTimesteps = steps
    config.hiddenSizes = [16, 16]
    config.learningRate = 3e-3
    return config
}

/// The undiscounted return of one episode with the agent's deterministic policy.
func greedyReturn<E: Env>(of agent: ActorCriticAgent, in env: E, maxSteps: Int = 50) throws -> (Double, [FlatAction])
where E.Info == ToyInfo {
    var env = AnyEnv(env, id: "Toy-v0")
    var policy = LearnedPolicy<AnyEnv<ToyInfo>>(agent: agent, name: "test")
    var (observation, _) = env.reset(seed: 0)
    var total = 0.0
    var actions: [FlatAction] = []
    for _ in 0 ..< maxSteps {
        let action = observation.withUnsafeBufferPointer { policy.action(in: env, observation: $0) }
        actions.append(action)
        let result = try env.step(action)
        observation = result.observation
        total += result.reward
        if result.terminated || result.truncated { break }
    }
    return (total, actions)
}

// MARK: - PPO learning tests

final class PPOLearningTests: XCTestCase {
    func testPPO_DiscreteBandit_LearnsBestArm() throws {
        let bandit = DiscreteBandit(rewards: [0.2, 0.5, 1.0, 0.1])
        let ppo = try PPO(configuration: toyConfiguration(steps: 4_096), envs: toyEnvs(bandit, count: 4))
        var last: TrainingMetrics?
        try ppo.train { last = $0 }
        let (reward, actions) = try greedyReturn(of: ppo.session.agent, in: bandit)
        XCTAssertEqual(actions, [.index(2)])
        XCTAssertEqual(reward, 1.0)
        // The sampled policy, not only its mode, concentrates on the best arm.
        XCTAssertGreaterThan(try XCTUnwrap(last?.episodicReturn), 0.9)
    }

    func testPPO_ShortChain_FindsFarGoalPastNearbyExit() throws {
        let ppo = try PPO(configuration: toyConfiguration(steps: 8_192), envs: toyEnvs(ShortChain(), count: 4))
        try ppo.train()
        let (total, actions) = try greedyReturn(of: ppo.session.agent, in: ShortChain())
        XCTAssertEqual(total, ShortChain.optimalReturn, accuracy: 1e-9, "actions \(actions)")
    }

    func testPPO_MultiDiscreteBandit_LearnsBestCombination() throws {
        let ppo = try PPO(configuration: toyConfiguration(steps: 4_096), envs: toyEnvs(MultiDiscreteBandit(), count: 4))
        try ppo.train()
        let (reward, actions) = try greedyReturn(of: ppo.session.agent, in: MultiDiscreteBandit())
        XCTAssertEqual(actions, [.indices([2, 0])])
        XCTAssertEqual(reward, 1.0, accuracy: 1e-9)
    }

    func testPPO_GaussianBandit_MeanMovesToOptimum() throws {
        var config = toyConfiguration(steps: 12_288)
        config.entCoef = 0
        let ppo = try PPO(configuration: config, envs: toyEnvs(GaussianBandit(), count: 4))
        let (_, before) = try greedyReturn(of: ppo.session.agent, in: GaussianBandit())
        try ppo.train()
        let (_, after) = try greedyReturn(of: ppo.session.agent, in: GaussianBandit())
        guard case let .values(start) = before.first, case let .values(end) = after.first else {
            return XCTFail("expected Box actions, got \(before) and \(after)")
        }
        XCTAssertGreaterThan(abs(start[0] - GaussianBandit.optimum), 0.5, "initial mean should start far from 0.7")
        XCTAssertEqual(end[0], GaussianBandit.optimum, accuracy: 0.1)
    }

    func testPPO_InvalidConfiguration_NamesTheField() {
        var config = toyConfiguration(steps: 100)
        config.numMinibatches = 0
        XCTAssertThrowsError(try PPO(configuration: config, envs: toyEnvs(ShortChain(), count: 4))) { error in
            XCTAssertTrue("\(error)".contains("num_minibatches"), "\(error)")
        }
        XCTAssertThrowsError(try PPO(configuration: toyConfiguration(steps: 100), envs: toyEnvs(ShortChain(), count: 3))) {
            XCTAssertTrue("\($0)".contains("num_envs"), "\($0)")
        }
    }
}
