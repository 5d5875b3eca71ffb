// The MAML-family learner: its outer updates by hand, determinism, exact adaptation budgets, checkpoints, and a
// toy task distribution where the meta-learned initialisation must adapt clearly better than the alternatives.
import Agents
import Foundation
import GymCore
import NeuralNet
import XCTest

// MARK: - A toy task distribution with known structure

/// A one-step bandit whose paying arm is the task: arm `goal` pays 1, every other arm 0. The observation is
/// constant, so the task is visible only through the reward.
struct GoalArmBandit: Env {
    static let arms = 20
    let goal: Int
    let observationSpace = Box(low: 0, high: 1, shape: [1])
    let actionSpace = Discrete(GoalArmBandit.arms)

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        observation[0] = 1
        return ToyInfo(probesUsed: 0)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        _ = try actionSpace.element(from: .index(action))
        return Transition(reward: action == goal ? 1 : 0, terminated: true, truncated: false, info: ToyInfo(probesUsed: 1))
    }
}

/// Counts the steps and episode ends of every copy of the env it wraps (the counter is shared by reference).
final class StepCounter: @unchecked Sendable {
    var steps = 0
    var endedEpisodes = 0
}

/// ``ShortChain`` with a shared ``StepCounter``.
struct CountedChain: Env {
    let counter: StepCounter
    var chain = ShortChain()
    var observationSpace: Box { chain.observationSpace }
    var actionSpace: Discrete { chain.actionSpace }

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        chain.reset(seed: seed, options: options, into: observation)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        let t = try chain.step(action, into: observation)
        counter.steps += 1
        if t.terminated || t.truncated { counter.endedEpisodes += 1 }
        return t
    }
}

/// The goal of a task id `split-i`: arm 2 for even i, arm 7 for odd i — the structure the meta-learner can find.
func goal(of task: String) -> Int { (Int(task.split(separator: "-").last ?? "0") ?? 0) % 2 == 0 ? 2 : 7 }

/// Tasks `split-0 … split-(count−1)`.
func taskIDs(_ split: String, _ count: Int) -> [String] { (0 ..< count).map { "\(split)-\($0)" } }

/// A learner on the goal-arm bandits.
func banditLearner(_ config: MAMLConfiguration, tasks: [String] = taskIDs("train", 8)) throws -> MAMLLearner<ToyInfo> {
    try MAMLLearner(configuration: config, envID: "GoalArmBandit-v0", trainTasks: tasks) { task in
        AnyEnv(GoalArmBandit(goal: goal(of: task)), id: "GoalArmBandit-v0")
    }
}

/// A small, fast configuration for the toy tasks: vanilla policy-gradient inner steps (Adam's per-parameter
/// normalisation turns the noise of a batch without a hit into full-size steps), all eight training tasks per
/// meta-iteration (four of each goal; a smaller batch's imbalance random-walks the meta-policy onto one arm),
/// no observation normalisation (the observation is constant, so normalised it would be 0).
func toyMetaConfiguration(_ algo: MAMLAlgorithm, seed: UInt64 = 1) -> MAMLConfiguration {
    var config = MAMLConfiguration()
    config.algo = algo
    config.seed = seed
    config.metaBatchSize = 8
    config.innerUpdate = .vpg
    config.innerUpdates = algo == .reptile ? 2 : 1
    config.innerEpisodes = 5
    config.queryEpisodes = 5
    config.innerLearningRate = 1
    config.outerLearningRate = algo == .reptile ? 0.5 : 1
    config.numEnvs = 4
    config.ppo.hiddenSizes = [16]
    config.ppo.normalizeObservations = false
    return config
}

/// A learner on three copies of ``ShortChain`` (varied observations, variable episode lengths), with observation
/// normalisation and PPO inner updates: the statistics and the PPO path are exercised.
func chainLearner(_ algo: MAMLAlgorithm, seed: UInt64 = 1, counter: StepCounter = StepCounter()) throws -> MAMLLearner<ToyInfo> {
    var config = toyMetaConfiguration(algo, seed: seed)
    config.metaBatchSize = 2
    config.innerUpdate = .ppo
    config.innerEpisodes = 3
    config.innerLearningRate = 3e-3
    config.ppo.normalizeObservations = true
    return try MAMLLearner(configuration: config, envID: "Chain-v0", trainTasks: taskIDs("chain", 3)) { _ in
        AnyEnv(CountedChain(counter: counter), id: "Chain-v0")
    }
}

/// All parameter values of an agent, in order.
func weights(_ agent: ActorCriticAgent) -> [[Float]] { agent.parameters.entries.map(\.parameter.value) }

final class MAMLTests: XCTestCase {
    // MARK: - Outer updates by hand

    func testMetaUpdate_Reptile_MovesThetaByEpsilonTimesMeanDifference() {
        let theta: [[Float]] = [[1, 2], [0]]
        let adapted: [[[Float]]] = [[[3, 2], [1]], [[1, 6], [3]]]
        // mean(φ − θ) = [[1, 2], [2]]; ε = 0.5.
        XCTAssertEqual(MetaUpdate.reptile(theta: theta, adapted: adapted, stepSize: 0.5), [[1.5, 3], [1]])
        XCTAssertEqual(MetaUpdate.reptile(theta: theta, adapted: [adapted[0]], stepSize: 1), adapted[0])
    }

    func testMetaUpdate_FOMAML_StepsAgainstMeanQueryGradient() {
        let theta: [[Float]] = [[1, 2]]
        let gradients: [[[Float]]] = [[[2, -4]], [[0, 8]]]
        // mean g = [1, 2]; β = 0.25.
        XCTAssertEqual(MetaUpdate.fomaml(theta: theta, queryGradients: gradients, stepSize: 0.25), [[0.75, 1.5]])
    }

    func testReptile_OneTask_OuterStepIsEpsilonTimesAdaptedMinusTheta() throws {
        for inner in MAMLConfiguration.InnerUpdate.allCases {
            var config = toyMetaConfiguration(.reptile)
            config.metaBatchSize = 1
            config.outerLearningRate = 0.3
            config.innerUpdate = inner
            config.innerLearningRate = inner == .ppo ? 0.01 : 1
            let learner = try banditLearner(config, tasks: ["train-0"])
            let theta = weights(learner.metaAgent)
            // The inner loop of slot 0 in iteration 0, replayed through adapt.
            let seed = learner.innerSeed(iteration: 0, slot: 0)
            let phi = weights(try learner.adapt(to: "train-0", episodes: config.supportEpisodes, seed: seed).agent)
            XCTAssertNotEqual(phi, theta, "\(inner): the inner loop must move the parameters")
            XCTAssertEqual(weights(learner.metaAgent), theta, "\(inner): adapt must leave θ alone")
            _ = try learner.iterate()
            let after = weights(learner.metaAgent)
            for p in theta.indices {
                for j in theta[p].indices {
                    XCTAssertEqual(after[p][j], theta[p][j] + 0.3 * (phi[p][j] - theta[p][j]), accuracy: 1e-6, "\(inner)")
                }
            }
            XCTAssertEqual(after, MetaUpdate.reptile(theta: theta, adapted: [phi], stepSize: 0.3), "\(inner)")
        }
    }

    // MARK: - Determinism and budgets

    func testMetaTraining_SameSeed_SameMetaWeightsBitForBit() throws {
        for algo in MAMLAlgorithm.allCases {
            let a = try chainLearner(algo)
            let b = try chainLearner(algo)
            let c = try chainLearner(algo, seed: 2)
            try a.metaTrain(iterations: 3)
            try b.metaTrain(iterations: 3)
            try c.metaTrain(iterations: 3)
            XCTAssertEqual(weights(a.metaAgent), weights(b.metaAgent), "\(algo)")
            XCTAssertEqual(a.metaAgent.observationStatistics, b.metaAgent.observationStatistics, "\(algo)")
            XCTAssertNotEqual(a.metaAgent.observationStatistics?.count, 1e-4, "the statistics must have been updated")
            XCTAssertEqual(a.globalStep, b.globalStep)
            XCTAssertNotEqual(weights(a.metaAgent), weights(c.metaAgent), "\(algo): another seed must differ")
        }
    }

    func testAdapt_PlaysExactlyTheEpisodesAskedFor() throws {
        let counter = StepCounter()
        let learner = try chainLearner(.fomaml, counter: counter)
        let theta = weights(learner.metaAgent)
        let adaptation = try learner.adapt(to: "chain-0", episodes: 7, seed: 5)
        XCTAssertEqual(counter.endedEpisodes, 7)
        XCTAssertEqual(adaptation.episodes, 7)
        XCTAssertEqual(adaptation.episodeReturns.count, 7)
        XCTAssertEqual(adaptation.updates, 3)
        XCTAssertEqual(adaptation.environmentSteps, counter.steps, "no step of an eighth episode")
        XCTAssertNotEqual(weights(adaptation.agent), theta)
        let none = try learner.adapt(to: "chain-0", episodes: 0, seed: 5)
        XCTAssertEqual(weights(none.agent), theta, "0 episodes is the meta-policy")
        XCTAssertEqual(none.agent.observationStatistics, learner.metaAgent.observationStatistics)
        XCTAssertEqual(counter.endedEpisodes, 7)
    }

    func testTaskWithOtherSpaces_IsRefused() throws {
        let learner = try MAMLLearner(
            configuration: toyMetaConfiguration(.reptile), envID: "Mixed-v0", trainTasks: ["bandit", "chain"]
        ) { task in
            task == "bandit" ? AnyEnv(GoalArmBandit(goal: 2), id: "Mixed-v0") : AnyEnv(ShortChain(), id: "Mixed-v0")
        }
        XCTAssertThrowsError(try learner.adapt(to: "chain", episodes: 1, seed: 1)) { error in
            XCTAssertTrue("\(error)".contains("task chain"), "\(error)")
        }
    }

    // MARK: - Learning to adapt

    /// The exact expected return of `agent`'s sampled policy on a goal-arm task: π(goal).
    func expectedReturn(of agent: ActorCriticAgent, on task: String) -> Double {
        var env = GoalArmBandit(goal: goal(of: task))
        var (observation, _) = env.reset(seed: 0)
        agent.normalize(&observation, update: false)
        let (logProb, _, _) = agent.evaluate(
            observations: Tensor(shape: [1, observation.count], scalars: observation), actions: [Float(env.goal)])
        return exp(Double(logProb[0]))
    }

    /// Meta-trains on tasks whose goal is arm 2 or arm 7 (of 20) and checks, on held-out tasks, that the
    /// meta-policy adapted with its inner loop's budget (5 episodes for FOMAML, 10 for Reptile) clearly beats both
    /// the same adaptation from the random initialisation and the non-adapted meta-policy, in expected return.
    func assertLearnsToAdapt(_ algo: MAMLAlgorithm, iterations: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let config = toyMetaConfiguration(algo)
        let meta = try banditLearner(config)
        let random = try banditLearner(config)  // never meta-trained: θ is the initialisation
        var last: MetaTrainingMetrics?
        try meta.metaTrain(iterations: iterations) { last = $0 }
        let testTasks = taskIDs("test", 6)
        var adapted = 0.0, fromRandom = 0.0, unadapted = 0.0
        for (i, task) in testTasks.enumerated() {
            for trial in 0 ..< 3 {
                let seed = UInt64(1000 + 10 * i + trial)
                adapted += expectedReturn(of: try meta.adapt(to: task, episodes: config.supportEpisodes, seed: seed).agent, on: task)
                fromRandom += expectedReturn(
                    of: try random.adapt(to: task, episodes: config.supportEpisodes, seed: seed).agent, on: task)
            }
            unadapted += 3 * expectedReturn(of: meta.metaAgent, on: task)
        }
        let n = Double(3 * testTasks.count)
        adapted /= n
        fromRandom /= n
        unadapted /= n
        let message = "\(algo): adapted \(adapted), random init adapted \(fromRandom), unadapted \(unadapted), "
            + "last before \(last?.innerReturnBefore ?? .nan) after \(last?.innerReturnAfter ?? .nan)"
        XCTAssertGreaterThan(adapted, fromRandom + 0.3, message, file: file, line: line)
        XCTAssertGreaterThan(adapted, unadapted + 0.1, message, file: file, line: line)
    }

    func testFOMAML_GoalArmBandits_AdaptedMetaInitBeatsRandomInitAndUnadapted() throws {
        try assertLearnsToAdapt(.fomaml, iterations: 60)
    }

    func testReptile_GoalArmBandits_AdaptedMetaInitBeatsRandomInitAndUnadapted() throws {
        try assertLearnsToAdapt(.reptile, iterations: 40)
    }

    func testMetaTrainingLog_WritesCleanRLStyleColumns() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maml-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let learner = try chainLearner(.reptile)
        let log = try MetaTrainingLog(path: path)
        try learner.metaTrain(iterations: 2) { try log.append($0) }
        try log.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], "global_step,iteration,meta/tasks,charts/episodes,charts/episodic_return,"
            + "meta/inner_return_before,meta/inner_return_after,charts/episodic_length,charts/final_error_m,"
            + "meta/outer_step_norm,charts/SPS")
        let cells = lines[2].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(cells.count, MetaTrainingMetrics.columns.count)
        XCTAssertEqual(cells[0], "\(learner.globalStep)")
        XCTAssertEqual(cells[1], "2")
        XCTAssertFalse(cells[6].isEmpty, "query episodes give the after-adaptation return")
    }

    // MARK: - Checkpoints

    func testCheckpoint_RoundTrip_ResumesBitForBit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maml-\(UUID().uuidString).sgnn").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let uninterrupted = try chainLearner(.fomaml)
        try uninterrupted.metaTrain(iterations: 4)

        let first = try chainLearner(.fomaml)
        try first.metaTrain(iterations: 2)
        try first.checkpoint().save(to: path)
        let loaded = try MAMLCheckpoint.load(from: path)
        XCTAssertEqual(loaded.configuration, first.configuration)
        XCTAssertEqual(loaded.trainTasks, taskIDs("chain", 3))
        XCTAssertEqual(loaded.envID, "Chain-v0")
        XCTAssertEqual(loaded.algorithm, .fomaml)
        XCTAssertEqual(loaded.iteration, 2)
        XCTAssertEqual(loaded.globalStep, first.globalStep)
        XCTAssertEqual(weights(loaded.policy.agent), weights(first.metaAgent))
        XCTAssertEqual(loaded.policy.agent.observationStatistics, first.metaAgent.observationStatistics)
        XCTAssertEqual(loaded.policy.algorithm, "fomaml")

        XCTAssertNotNil(loaded.policy.agent.observationStatistics)
        let resumed = try chainLearner(.fomaml)
        try resumed.restore(from: loaded)
        try resumed.metaTrain(iterations: 4)
        XCTAssertEqual(weights(resumed.metaAgent), weights(uninterrupted.metaAgent))
        XCTAssertEqual(resumed.metaAgent.observationStatistics, uninterrupted.metaAgent.observationStatistics)
        XCTAssertEqual(resumed.globalStep, uninterrupted.globalStep)
    }

    func testCheckpoint_RefusesOverlappingTestTasksAndOtherRuns() throws {
        let learner = try banditLearner(toyMetaConfiguration(.reptile))
        let checkpoint = learner.checkpoint()
        XCTAssertNoThrow(try checkpoint.checkHeldOut(taskIDs("test", 4)))
        XCTAssertThrowsError(try checkpoint.checkHeldOut(["test-0", "train-3", "train-5"])) { error in
            XCTAssertEqual(error as? MAMLError, .overlappingTasks(["train-3", "train-5"]))
            XCTAssertTrue("\(error)".contains("held-out"), "\(error)")
        }
        let other = try banditLearner(toyMetaConfiguration(.reptile), tasks: taskIDs("train", 4))
        XCTAssertThrowsError(try other.restore(from: checkpoint)) { error in
            XCTAssertTrue("\(error)".contains("other tasks"), "\(error)")
        }
        // A plain PPO checkpoint is not a MAML checkpoint.
        XCTAssertThrowsError(try MAMLCheckpoint(contents: Checkpoint(metadata: ["kind": PolicyCheckpoint.kind]))) { error in
            XCTAssertTrue("\(error)".contains("not a MAML-family checkpoint"), "\(error)")
        }
    }
}
