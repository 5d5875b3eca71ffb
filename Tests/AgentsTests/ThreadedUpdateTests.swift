// Splitting PPO minibatches over threads: the same gradient as one thread, and bit-for-bit repeatable runs.
import GymCore
import NeuralNet
import XCTest

@testable import Agents

final class ThreadedUpdateTests: XCTestCase {
    private func trainedWeights(threads: Int, seed: UInt64 = 3) throws -> [[UInt32]] {
        let ppo = try PPO(configuration: toyConfiguration(seed: seed, steps: 2_048), envs: toyEnvs(ShortChain(), count: 4))
        ppo.session.threads = threads
        try ppo.train()
        return ppo.session.agent.parameters.entries.map { $0.parameter.value.map(\.bitPattern) }
    }

    func testPPO_SameSeedAndThreads_SameWeightsBitForBit() throws {
        for threads in [1, 2] {
            let first = try trainedWeights(threads: threads)
            let second = try trainedWeights(threads: threads)
            XCTAssertEqual(first, second, "\(threads) thread(s)")
        }
        XCTAssertNotEqual(try trainedWeights(threads: 2, seed: 3), try trainedWeights(threads: 2, seed: 4))
    }

    func testMinibatchGradient_TwoShards_MatchOneShard() throws {
        let config = toyConfiguration(steps: 1_024)
        let ppo = try PPO(configuration: config, envs: toyEnvs(ShortChain(), count: 4))
        _ = try ppo.iterate()  // move the weights off their initial values
        let session = ppo.session
        try session.collectRollout()
        let slots = session.buffer.validSlots()[...]
        var advantages = slots.map { session.buffer.advantages[$0] }
        normalizeAdvantages(&advantages)
        let objective = PPOObjective(clipCoef: 0.2, clipValueLoss: true, entropyCoefficient: 0.01, valueCoefficient: 0.5)
        let parameters = session.agent.parameters

        func gradient(threads: Int) throws -> ([Float], PPOObjective.Result) {
            let split = try MinibatchGradient(agent: session.agent, configuration: config, threads: threads)
            let result = split.compute(buffer: session.buffer, slots: slots, advantages: advantages, objective: objective)
            return (parameters.entries.flatMap(\.parameter.grad), result)
        }
        let (one, oneResult) = try gradient(threads: 1)
        let (two, twoResult) = try gradient(threads: 2)
        XCTAssertGreaterThan(one.map(abs).max() ?? 0, 1e-4, "the gradient should not vanish")
        // Only the summation order differs: the difference is rounding, far below the gradient's own size.
        let norm = one.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let difference = zip(one, two).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }.squareRoot()
        XCTAssertLessThanOrEqual(difference, 1e-5 * norm, "‖g₂ − g₁‖ = \(difference), ‖g₁‖ = \(norm)")
        XCTAssertEqual(oneResult.loss, twoResult.loss, accuracy: 1e-6 * max(1, abs(oneResult.loss)))
        XCTAssertEqual(oneResult.clippedCount, twoResult.clippedCount)
    }
}
