import GymCore
import RadioScene
import XCTest

@testable import Environments

final class TaskDistributionTests: XCTestCase {
    func testTrainAndTestSeedsArePartitioned() {
        for i in UInt64(0)..<1000 {
            XCTAssertEqual(TaskDistribution.split(ofTaskSeed: TaskDistribution.taskSeed(index: i, split: .train)), .train)
            XCTAssertEqual(TaskDistribution.split(ofTaskSeed: TaskDistribution.taskSeed(index: i, split: .test)), .test)
        }
    }

    func testTrainAndTestNeverProduceTheSameTask() throws {
        func anonymous(_ s: Scenario) -> Scenario {
            var s = s
            s.name = ""
            s.description = ""
            return s
        }
        let train = try (0..<150).map { anonymous(try TaskDistribution.sample(index: UInt64($0), split: .train)) }
        let test = try (0..<150).map { anonymous(try TaskDistribution.sample(index: UInt64($0), split: .test)) }
        for t in test { XCTAssertFalse(train.contains(t)) }
        // Sampling is deterministic.
        XCTAssertEqual(try TaskDistribution.sample(index: 7, split: .train), try TaskDistribution.sample(index: 7, split: .train))
    }

    func testTaskYAMLLoadsBackUnchanged() throws {
        for i in 0..<40 {
            for split in TaskDistribution.Split.allCases {
                let task = try TaskDistribution.sample(index: UInt64(i), split: split)
                let yaml = try ScenarioLoader.yaml(of: task)
                XCTAssertEqual(try ScenarioLoader.parse(yaml: yaml, source: task.name), task, yaml)
            }
        }
    }

    func testEverySampledTaskRuns100StepsInEveryEnv() throws {
        for i in 0..<12 {
            let task = try TaskDistribution.sample(index: UInt64(i), split: i.isMultiple(of: 2) ? .train : .test)
            var envs: [AnyEnv<ProbeInfo>] = [
                AnyEnv(BeamSelectionEnv(scenario: task)), AnyEnv(WaveformEnv(scenario: task)),
                AnyEnv(RISConfigurationEnv(scenario: task)), AnyEnv(RISPhaseConfigurationEnv(scenario: task)),
            ]
            var rng = Xoshiro256StarStar(seed: UInt64(i))
            for e in envs.indices {
                _ = envs[e].reset(seed: UInt64(i))
                for _ in 0..<100 {
                    let t = try envs[e].step(envs[e].actionSpace.sample(using: &rng))
                    XCTAssertTrue(t.reward.isFinite)
                    if t.terminated || t.truncated { _ = envs[e].reset() }
                }
            }
        }
    }
}
