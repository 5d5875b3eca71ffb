// Recurrent PPO: BPTT gradients against finite differences, the hidden state's resets, learning, determinism.
import Environments
import Foundation
import GymCore
import NeuralNet
import XCTest

@testable import Agents

final class RecurrentPPOTests: XCTestCase {
    /// A small GRU agent with output weights large enough that the policy is not uniform.
    private func makeAgent(observationSize: Int = 3, actions: Int = 4, hidden: Int = 5) throws -> RecurrentActorCriticAgent {
        var config = PPOConfiguration()
        config.seed = 11
        config.normalizeObservations = false
        let agent = try RecurrentActorCriticAgent(
            observationSize: observationSize, actionSpace: .discrete(n: actions, start: 0), hiddenSize: hidden,
            configuration: config)
        for linear in [agent.actorHead, agent.criticHead] {
            for i in linear.weight.value.indices { linear.weight.value[i] = Float((i * 7919) % 13) / 13 - 0.45 }
        }
        return agent
    }

    /// ∂loss/∂θ of the PPO objective over a 6-step, 2-sequence replay with an episode start in one sequence,
    /// from the BPTT backward pass, against central differences for every scalar of every parameter.
    func testSequenceGradient_MatchesFiniteDifferences() throws {
        let agent = try makeAgent()
        let (steps, batch) = (6, 2)
        var rng = Xoshiro256StarStar(seed: 4)
        let observations = (0 ..< steps * batch * 3).map { _ in Float(rng.nextGaussian()) }
        let actions = (0 ..< steps * batch).map { Float($0 * 3 % 4) }
        // Sequence 1 restarts at step 3: no gradient may flow from step 3 on to steps 0–2 of that sequence.
        var starts = [Bool](repeating: false, count: steps * batch)
        starts[3 * batch + 1] = true
        let initial = Tensor(shape: [batch, 5], scalars: (0 ..< batch * 5).map { _ in Float(rng.nextGaussian()) * 0.5 })
        let rows = steps * batch
        // Ratios 0.5 … 1.6, clear of the clip kinks at 0.8 and 1.2, so the loss is smooth around θ.
        let current = agent.evaluateSequence(
            observations: observations, actions: actions, episodeStarts: starts, initialHidden: initial).logProb
        agent.gru.clearTape()
        let ratios: [Float] = [0.5, 0.95, 1.05, 1.6, 0.7, 1.3]
        let oldLogProb = (0 ..< rows).map { current[$0] - log(ratios[$0 % ratios.count]) }
        let oldValues = (0 ..< rows).map { Float(0.2 * Double($0 % 3) - 0.2) }
        let advantages = (0 ..< rows).map { Float(Double($0 % 4) - 1.5) }
        let returns = (0 ..< rows).map { Float(0.3 * Double($0 % 5) - 0.6) }
        let objective = PPOObjective(clipCoef: 0.2, clipValueLoss: false, entropyCoefficient: 0.05, valueCoefficient: 0.5)
        func loss() -> PPOObjective.Result {
            let (logProb, entropy, values) = agent.evaluateSequence(
                observations: observations, actions: actions, episodeStarts: starts, initialHidden: initial)
            return objective.evaluate(
                logProb: logProb, entropy: entropy, values: values, oldLogProb: oldLogProb, oldValues: oldValues,
                advantages: advantages, returns: returns)
        }
        let parameters = agent.parameters
        parameters.zeroGrad()
        let result = loss()
        agent.backwardSequence(gradLogProb: result.gradLogProb, gradEntropy: result.gradEntropy, gradValues: result.gradValues)
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
                agent.gru.clearTape()
                let numeric = (plus - minus) / Double(2 * h)
                XCTAssertEqual(Double(p.grad[i]), numeric, accuracy: 2e-3 + 2e-2 * abs(numeric), "\(entry.name)[\(i)]")
                checked += 1
            }
        }
        XCTAssertEqual(checked, parameters.scalarCount)
        XCTAssertGreaterThan(parameters["gru.weightHH"].map { $0.grad.map(abs).max() ?? 0 } ?? 0, 1e-4,
                             "the recurrent weights must get a gradient through time")
    }

    /// The output at a step depends on the earlier steps of its episode, and on nothing before an episode start.
    func testHiddenState_CarriesWithinEpisodes_AndResetsAtStarts() throws {
        let agent = try makeAgent()
        let steps = 4
        var rng = Xoshiro256StarStar(seed: 2)
        let tail = (0 ..< 2 * 3).map { _ in Float(rng.nextGaussian()) }
        func lastValue(prefix: [Float], startAtStep2: Bool) -> Float {
            var starts = [Bool](repeating: false, count: steps)
            starts[0] = true
            starts[2] = startAtStep2
            let values = agent.evaluateSequence(
                observations: prefix + tail, actions: [Float](repeating: 0, count: steps), episodeStarts: starts,
                initialHidden: Tensor(shape: [1, 5])).values
            agent.gru.clearTape()
            return values[steps - 1]
        }
        let prefixA = (0 ..< 6).map { _ in Float(rng.nextGaussian()) }
        let prefixB = prefixA.map { -2 * $0 }
        XCTAssertNotEqual(lastValue(prefix: prefixA, startAtStep2: false), lastValue(prefix: prefixB, startAtStep2: false),
                          "without a reset, the earlier steps must change the output")
        XCTAssertEqual(lastValue(prefix: prefixA, startAtStep2: true), lastValue(prefix: prefixB, startAtStep2: true),
                       "after a reset, the earlier steps must not change the output")
    }

    /// A memory task: the rewarded action is shown only on an episode's first step (a cue), and must be taken on
    /// its third. A feed-forward policy cannot beat chance (1/3 of 1 per episode); recurrent PPO must.
    func testRecurrentPPO_LearnsTaskThatNeedsMemory_AndIsDeterministic() throws {
        func train(seed: UInt64, iterations: Int = 220) throws -> (meanReturn: Double, weights: [String: [Float]]) {
            var config = PPOConfiguration()
            config.seed = seed
            config.numEnvs = 8
            config.numSteps = 24
            config.numMinibatches = 2
            config.learningRate = 3e-3
            config.hiddenSizes = [16]
            config.totalTimesteps = 8 * 24 * iterations
            let envs = VectorEnv(count: 8) { _ in AnyEnv<BernoulliBanditEnv.Info>(CueRecallEnv()) }
            let ppo = try RecurrentPPO(configuration: config, envs: envs)
            var returns: [Double] = []
            try ppo.train { metrics in if let r = metrics.episodicReturn { returns.append(r) } }
            let last = returns.suffix(20)
            return (last.reduce(0, +) / Double(last.count), ppo.agent.parameters.snapshot())
        }
        XCTAssertGreaterThan(try train(seed: 3).meanReturn, 0.8, "recurrent PPO must recall the cue (chance is 0.33)")
        let (first, again) = (try train(seed: 5, iterations: 6), try train(seed: 5, iterations: 6))
        XCTAssertEqual(first.weights, again.weights, "same seed, same weights bit for bit")
    }
}

extension RecurrentPPOTests {
    /// A saved recurrent checkpoint loads to an agent with the same weights, statistics and metadata, and the same
    /// actions; a feed-forward checkpoint is refused with a clear error.
    func testCheckpoint_RoundTrips_AndRefusesOtherKinds() throws {
        var config = PPOConfiguration()
        config.numEnvs = 4
        config.numSteps = 12
        config.totalTimesteps = 4 * 12 * 2
        config.hiddenSizes = [8]
        let envs = VectorEnv(count: 4) { _ in AnyEnv<BernoulliBanditEnv.Info>(CueRecallEnv()) }
        let ppo = try RecurrentPPO(configuration: config, envs: envs)
        try ppo.train()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gru-\(UUID().uuidString).sgnn").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ppo.checkpoint(envID: "Cue-v0", scenario: "none", algorithm: "rl2", extra: ["meta_family": "toy"]).save(to: path)
        let loaded = try RecurrentPolicyCheckpoint.load(from: path)
        XCTAssertEqual(loaded.agent.parameters.snapshot(), ppo.agent.parameters.snapshot())
        XCTAssertEqual(loaded.agent.observationStatistics, ppo.agent.observationStatistics)
        XCTAssertEqual(loaded.agent.returnStatistics, ppo.agent.returnStatistics)
        XCTAssertNotNil(loaded.agent.returnStatistics)
        XCTAssertEqual(loaded.algorithm, "rl2")
        XCTAssertEqual(loaded.extra, ["meta_family": "toy"])
        XCTAssertEqual(loaded.globalStep, ppo.globalStep)
        let observation = Tensor(shape: [1, 4], scalars: [1, 0, 0, 0])
        XCTAssertEqual(
            loaded.agent.deterministicActions(observations: observation, episodeStarts: [true]),
            ppo.agent.deterministicActions(observations: observation, episodeStarts: [true]))
        var feedForward = PPOConfiguration()
        feedForward.numEnvs = 4
        let mlp = try PPO(configuration: feedForward, envs: VectorEnv(count: 4) { _ in AnyEnv<BernoulliBanditEnv.Info>(CueRecallEnv()) })
        try mlp.session.checkpoint(algorithm: "ppo", envID: "Cue-v0", scenario: "none").save(to: path)
        XCTAssertThrowsError(try RecurrentPolicyCheckpoint.load(from: path)) {
            XCTAssertTrue("\($0)".contains("not a recurrent agent checkpoint"), "\($0)")
        }
    }
}

/// Step 0 shows a cue (one of 3) in the observation; steps 1 and 2 show nothing; the action on step 2 pays 1 if
/// it equals the cue. Three steps per episode, terminated after the third.
private struct CueRecallEnv: Env {
    typealias ActionSpace = Discrete
    let observationSpace = Box(low: [0, 0, 0, 0], high: [1, 1, 1, 1])
    let actionSpace = Discrete(3)
    private var rng = Xoshiro256StarStar(seed: 0)
    private var cue = 0
    private var t = 0

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>)
        -> BernoulliBanditEnv.Info
    {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        cue = Int(rng.next(upperBound: UInt64(3)))
        t = 0
        for i in 0 ..< 4 { observation[i] = 0 }
        observation[cue] = 1
        return BernoulliBanditEnv.Info(pulls: 0, regret: 0)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError)
        -> Transition<BernoulliBanditEnv.Info>
    {
        t += 1
        for i in 0 ..< 4 { observation[i] = 0 }
        observation[3] = Float(t) / 3
        let reward: Double = t == 3 && action == cue ? 1 : 0
        return Transition(reward: reward, terminated: t == 3, truncated: false, info: BernoulliBanditEnv.Info(pulls: t, regret: 0))
    }
}
