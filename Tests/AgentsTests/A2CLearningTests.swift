// A2C learns the same small MDPs as PPO, sharing its rollout and GAE.
import Agents
import GymCore
import XCTest

final class A2CLearningTests: XCTestCase {
    private func a2cConfiguration(steps: Int) -> PPOConfiguration {
        var config = PPOConfiguration.a2c
        config.numEnvs = 4
        config.totalTimesteps = steps
        config.hiddenSizes = [16, 16]
        config.learningRate = 3e-3
        return config
    }

    func testA2C_DiscreteBandit_LearnsBestArm() throws {
        let bandit = DiscreteBandit(rewards: [0.2, 0.5, 1.0, 0.1])
        let a2c = try A2C(configuration: a2cConfiguration(steps: 4_000), envs: toyEnvs(bandit, count: 4))
        try a2c.train()
        let (reward, actions) = try greedyReturn(of: a2c.session.agent, in: bandit)
        XCTAssertEqual(actions, [.index(2)])
        XCTAssertEqual(reward, 1.0)
    }

    func testA2C_ShortChain_FindsFarGoal() throws {
        let a2c = try A2C(configuration: a2cConfiguration(steps: 8_000), envs: toyEnvs(ShortChain(), count: 4))
        try a2c.train()
        let (total, actions) = try greedyReturn(of: a2c.session.agent, in: ShortChain())
        XCTAssertEqual(total, ShortChain.optimalReturn, accuracy: 1e-9, "actions \(actions)")
    }

    func testA2C_GaussianBandit_MeanMovesToOptimum() throws {
        let a2c = try A2C(configuration: a2cConfiguration(steps: 12_000), envs: toyEnvs(GaussianBandit(), count: 4))
        try a2c.train()
        let (_, after) = try greedyReturn(of: a2c.session.agent, in: GaussianBandit())
        guard case let .values(end) = after.first else { return XCTFail("expected a Box action, got \(after)") }
        XCTAssertEqual(end[0], GaussianBandit.optimum, accuracy: 0.1)
    }
}
