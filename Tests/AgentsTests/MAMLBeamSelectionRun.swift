// A real meta-training run on BeamSelection-v1 task variations — skipped unless SENSINGGYM_MAML_RUN is set (it
// takes minutes, not seconds). Prints meta-training progress, then meta-test returns after 0, 1, 2, 5, 10
// adaptation episodes on held-out tasks (TaskDistribution's test split), for the meta-init and for the random
// init adapted the same way, with paired differences. Knobs: SENSINGGYM_MAML_{ALGO,SEED,INNER,K,ILR,OLR,
// ITERATIONS,TEST_TASKS,EVAL}. Build with -c release for meaningful env-steps/s:
//
//   swift build -c release --build-tests -Xswiftc -enable-testing
//   SENSINGGYM_MAML_RUN=1 SENSINGGYM_MAML_ALGO=reptile SENSINGGYM_MAML_ITERATIONS=1500 \
//     swift test -c release --skip-build --filter AgentsTests.MAMLBeamSelectionRun
import Agents
import Dispatch
import Environments
import Foundation
import GymCore
import RadioScene
import XCTest

final class MAMLBeamSelectionRun: XCTestCase {
    /// Task `split-i`: TaskDistribution's task i of that split (room, materials, AP and RIS placement, blockage,
    /// impairments, carrier, mobility), with the AP array and codebook fixed at 32 so every task shares the spaces.
    static func scenario(_ task: String) throws -> Scenario {
        let parts = task.split(separator: "-")
        guard parts.count == 2, let split = TaskDistribution.Split(rawValue: String(parts[0])), let index = UInt64(parts[1])
        else { throw MAMLError.invalidConfiguration(["unknown task \(task)"]) }
        var scenario = try TaskDistribution.sample(index: index, split: split)
        scenario.accessPoints[0].elements = 32
        scenario.codebook.beams = 32
        try scenario.validate(source: task)
        return scenario
    }

    func testMetaTrainThenAdapt() throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["SENSINGGYM_MAML_RUN"] != nil else { throw XCTSkip("set SENSINGGYM_MAML_RUN=1 to run") }
        var config = MAMLConfiguration()
        config.algo = MAMLAlgorithm(rawValue: environment["SENSINGGYM_MAML_ALGO"] ?? "reptile") ?? .reptile
        config.seed = UInt64(environment["SENSINGGYM_MAML_SEED"] ?? "1") ?? 1
        config.metaBatchSize = 8
        config.innerUpdate = MAMLConfiguration.InnerUpdate(rawValue: environment["SENSINGGYM_MAML_INNER"] ?? "vpg") ?? .vpg
        config.innerUpdates = Int(environment["SENSINGGYM_MAML_K"] ?? "2") ?? 2
        config.innerEpisodes = 5
        config.queryEpisodes = 5
        config.innerLearningRate = Float(environment["SENSINGGYM_MAML_ILR"] ?? "0.5") ?? 0.5
        config.outerLearningRate = Float(environment["SENSINGGYM_MAML_OLR"] ?? "0.5") ?? 0.5
        config.numEnvs = 5
        let iterations = Int(environment["SENSINGGYM_MAML_ITERATIONS"] ?? "30") ?? 30
        let trainTasks = (0 ..< 32).map { "train-\($0)" }
        let testTasks = (0 ..< (Int(environment["SENSINGGYM_MAML_TEST_TASKS"] ?? "20") ?? 20)).map { "test-\($0)" }
        func make(_ task: String) throws -> AnyEnv<ProbeInfo> {
            AnyEnv(BeamSelectionEnv(scenario: try Self.scenario(task)), id: BeamSelectionEnv.id)
        }
        let learner = try MAMLLearner(configuration: config, envID: BeamSelectionEnv.id, trainTasks: trainTasks, makeEnv: make)
        let random = try MAMLLearner(configuration: config, envID: BeamSelectionEnv.id, trainTasks: trainTasks, makeEnv: make)
        print("config", config.algo, config.innerUpdate, "k", config.innerUpdates, "inner_lr", config.innerLearningRate,
              "outer_lr", config.outerLearningRate, "iterations", iterations)

        // Meta-training.
        let start = DispatchTime.now().uptimeNanoseconds
        learner.restartClock()
        try learner.metaTrain(iterations: iterations) { m in
            print(String(format: "iter %3d step %7d return %.3f before %.3f after %.3f step_norm %.4f SPS %.0f",
                         m.iteration, m.globalStep, m.episodicReturn ?? .nan, m.innerReturnBefore ?? .nan,
                         m.innerReturnAfter ?? .nan, m.outerStepNorm, m.stepsPerSecond))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "meta-train: %d iterations, %d env steps, %.1f s, %.0f env-steps/s",
                     iterations, learner.globalStep, seconds, Double(learner.globalStep) / seconds))
        try learner.checkpoint().checkHeldOut(testTasks)

        // Meta-test: return of the sampled policy over 20 evaluation episodes (seeds 10_000 +, none of them an
        // adaptation seed) after each adaptation budget, and the greedy policy's return.
        let evaluationEpisodes = Int(environment["SENSINGGYM_MAML_EVAL"] ?? "50") ?? 50
        var unadapted: [Double] = []
        for budget in [0, 1, 2, 5, 10] {
            var meta: [Double] = [], fromRandom: [Double] = [], errors: [Double] = [], greedy: [Double] = []
            for (i, task) in testTasks.enumerated() {
                let seed = UInt64(500 + 50 * i)
                let adapted = try learner.adapt(to: task, episodes: budget, seed: seed)
                let sampled = try learner.evaluateSampled(adapted.agent, on: task, episodes: evaluationEpisodes, seed: 10_000)
                meta.append(sampled.meanReturn)
                errors.append(sampled.errorMedianMetres)
                greedy.append(try learner.evaluate(adapted.agent, on: task, episodes: 5, seed: 10_000).meanReturn)
                let baseline = try random.adapt(to: task, episodes: budget, seed: seed)
                fromRandom.append(
                    try random.evaluateSampled(baseline.agent, on: task, episodes: evaluationEpisodes, seed: 10_000).meanReturn)
            }
            if budget == 0 { unadapted = meta }
            /// Mean ± standard deviation over tasks, or ± standard error of the mean for paired differences.
            func stats(_ v: [Double], standardError: Bool = false) -> String {
                let mean = v.reduce(0, +) / Double(v.count)
                let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(v.count - 1, 1))).squareRoot()
                return String(format: "%.3f ± %.3f", mean, standardError ? std / Double(v.count).squareRoot() : std)
            }
            print("meta-test \(budget) episodes: meta-init sampled \(stats(meta)) (median error \(stats(errors)) m), "
                + "greedy \(stats(greedy)); random init sampled \(stats(fromRandom)); paired (± s.e.) meta − random "
                + "\(stats(zip(meta, fromRandom).map { $0 - $1 }, standardError: true)), adapted − unadapted "
                + "\(stats(zip(meta, unadapted).map { $0 - $1 }, standardError: true))")
        }
    }
}
