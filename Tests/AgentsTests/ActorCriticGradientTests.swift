// The agent's combined PPO loss (policy, value with clipping, entropy) against finite differences.
import GymCore
import NeuralNet
import XCTest

@testable import Agents

final class ActorCriticGradientTests: XCTestCase {
    /// Checks ∂loss/∂θ from the agent's backward pass against central differences for every scalar of every
    /// parameter, for one action space.
    private func checkCombinedLoss(actionSpace: SpaceDescription, file: StaticString = #filePath, line: UInt = #line) throws {
        var config = PPOConfiguration()
        config.hiddenSizes = [6, 5]
        config.seed = 9
        let agent = try ActorCriticAgent(observationSize: 3, actionSpace: actionSpace, configuration: config)
        // Larger output weights than CleanRL's 0.01 gain, so the policy is not uniform and every term matters.
        for linear in [agent.actor.linears.last, agent.critic.linears.last].compactMap({ $0 }) {
            for i in linear.weight.value.indices { linear.weight.value[i] = Float((i * 7919) % 13) / 13 - 0.45 }
        }
        var rng = Xoshiro256StarStar(seed: 4)
        let batch = 6
        let observations = Tensor(
            shape: [batch, 3], scalars: (0 ..< batch * 3).map { _ in Float(rng.nextGaussian()) })
        let sampled = agent.act(observations: observations, using: &rng)
        // Ratios 0.5, 0.95, 1.05, 1.6, 0.7, 1.3 and value offsets ±0.05 / ±0.5: clear of every clip kink.
        let ratios: [Float] = [0.5, 0.95, 1.05, 1.6, 0.7, 1.3]
        let oldLogProb = (0 ..< batch).map { sampled.logProbs[$0] - log(ratios[$0]) }
        let oldValues = (0 ..< batch).map { sampled.values[$0] + [0.05, -0.5, 0.5, -0.05, 0.5, -0.5][$0] }
        let advantages: [Float] = [1, -1, 0.5, 2, -0.7, -1.5]
        let returns: [Float] = [0.3, -0.2, 1.1, 0.0, -0.8, 0.6]
        let objective = PPOObjective(clipCoef: 0.2, clipValueLoss: true, entropyCoefficient: 0.05, valueCoefficient: 0.5)
        func loss() -> PPOObjective.Result {
            let (logProb, entropy, values) = agent.evaluate(observations: observations, actions: sampled.actions)
            return objective.evaluate(
                logProb: logProb, entropy: entropy, values: values, oldLogProb: oldLogProb, oldValues: oldValues,
                advantages: advantages, returns: returns)
        }
        let parameters = agent.parameters
        parameters.zeroGrad()
        let result = loss()
        XCTAssertGreaterThan(result.clippedCount, 0, "the check must cover clipped samples", file: file, line: line)
        agent.backward(gradLogProb: result.gradLogProb, gradEntropy: result.gradEntropy, gradValues: result.gradValues)
        let h: Float = 1e-2
        var checked = 0
        for entry in parameters.entries {
            let p = entry.parameter
            for i in p.value.indices {
                let saved = p.value[i]
                p.value[i] = saved + h
                let plus = loss().loss
                p.value[i] = saved - h
                let minus = loss().loss
                p.value[i] = saved
                let numeric = (plus - minus) / Double(2 * h)
                let analytic = Double(p.grad[i])
                XCTAssertEqual(
                    analytic, numeric, accuracy: 2e-3 + 2e-2 * abs(numeric),
                    "\(actionSpace) \(entry.name)[\(i)]", file: file, line: line)
                checked += 1
            }
        }
        XCTAssertEqual(checked, parameters.scalarCount)
    }

    func testCombinedPPOLoss_Discrete_MatchesFiniteDifferences() throws {
        try checkCombinedLoss(actionSpace: .discrete(n: 4, start: 0))
    }

    func testCombinedPPOLoss_MultiDiscrete_MatchesFiniteDifferences() throws {
        try checkCombinedLoss(actionSpace: .multiDiscrete(nvec: [3, 2]))
    }

    func testCombinedPPOLoss_Box_MatchesFiniteDifferences() throws {
        try checkCombinedLoss(actionSpace: .box(low: [-1, -1], high: [1, 1], shape: [2]))
    }
}
