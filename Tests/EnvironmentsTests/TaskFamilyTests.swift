import GymCore
import RadioScene
import XCTest

@testable import Environments

final class TaskFamilyTests: XCTestCase {
    private let perSplit = 50

    func testEveryTaskOfAFamilyHasTheSameSpaces() throws {
        for family in TaskFamily.all {
            let reference = try family.makeEnv(task: family.task(index: 0, split: .train))
            XCTAssertEqual(reference.id, family.envID)
            // The sizes the docs state: 2 APs × (8 + 32) beams; 40 direct beams + 2 × 204 RIS beams.
            let actions = family.envID == RISConfigurationEnv.id ? 448 : 80
            XCTAssertEqual(reference.actionSpaceDescription, .discrete(n: actions, start: 0), family.name)
            for split in TaskFamily.Split.allCases {
                for i in 0..<perSplit {
                    let env = try family.makeEnv(task: family.task(index: i, split: split))
                    XCTAssertEqual(env.observationSpace, reference.observationSpace, "\(family.name)/\(split)/\(i)")
                    XCTAssertEqual(env.actionSpaceDescription, reference.actionSpaceDescription, "\(family.name)/\(split)/\(i)")
                }
            }
        }
    }

    func testTrainTestAndOODSeedsAreDisjoint() {
        var seen: [UInt64: TaskFamily.Split] = [:]
        let indices = Array(0..<2000) + [TaskFamily.maxIndex - 1, TaskFamily.maxIndex]
        for split in TaskFamily.Split.allCases {
            for i in indices {
                let seed = TaskFamily.taskSeed(index: i, split: split)
                XCTAssertNil(seen[seed], "seed \(seed) of \(split)/\(i) is also a seed of \(seen[seed].map { "\($0)" } ?? "")")
                seen[seed] = split
                XCTAssertEqual(TaskFamily.split(ofTaskSeed: seed), split)
            }
        }
        // Train and test keep the parity rule of TaskDistribution.
        XCTAssertEqual(TaskFamily.taskSeed(index: 7, split: .train), TaskDistribution.taskSeed(index: 7, split: .train))
        XCTAssertEqual(TaskFamily.taskSeed(index: 7, split: .test), TaskDistribution.taskSeed(index: 7, split: .test))
        XCTAssertThrowsError(try TaskFamily.beamRooms.task(index: TaskFamily.maxIndex + 1, split: .train))
        XCTAssertThrowsError(try TaskFamily.beamRooms.task(index: -1, split: .test))
    }

    func testOODTasksLieOutsideTheTrainingRanges() throws {
        for family in TaskFamily.all {
            let shift = family.oodShift
            XCTAssertGreaterThan(shift.outOfDistribution.lowerBound, shift.training.upperBound, family.name)
            for split in TaskFamily.Split.allCases {
                let range = split == .ood ? shift.outOfDistribution : shift.training
                for i in 0..<perSplit {
                    let value = shift.measure(try family.task(index: i, split: split))
                    XCTAssertTrue(range.contains(value), "\(family.name)/\(split)/\(i): \(shift.quantity) \(value) ∉ \(range)")
                }
            }
        }
    }

    func testTasksRoundTripThroughYAML() throws {
        for family in TaskFamily.all {
            for split in TaskFamily.Split.allCases {
                for i in 0..<perSplit {
                    let task = try family.task(index: i, split: split)
                    let yaml = try ScenarioLoader.yaml(of: task)
                    XCTAssertEqual(try ScenarioLoader.parse(yaml: yaml, source: task.name), task, yaml)
                }
            }
        }
    }

    func testSameIndexGivesTheSameTaskAndOthersDiffer() throws {
        func anonymous(_ s: Scenario) -> Scenario {
            var s = s
            s.name = ""
            s.description = ""
            return s
        }
        for family in TaskFamily.all {
            XCTAssertEqual(try family.task(index: 7, split: .test), try family.task(index: 7, split: .test))
            var tasks: [Scenario] = []
            for split in TaskFamily.Split.allCases {
                for i in 0..<20 { tasks.append(anonymous(try family.task(index: i, split: split))) }
            }
            for (a, task) in tasks.enumerated() {
                XCTAssertFalse(tasks[(a + 1)...].contains(task), "\(family.name): task \(a) is repeated")
            }
        }
    }

    func testTaskIDReadsBackItsText() throws {
        let id = TaskFamily.risFailures.taskID(index: 12, split: .train)
        XCTAssertEqual(id.description, "ris-failures/train/12")
        XCTAssertEqual(TaskID("ris-failures/train/12"), id)
        XCTAssertEqual(id.seed, 24)
        XCTAssertEqual(TaskID("beam-rooms/ood/3")?.seed, (1 << 62) + 3)
        for bad in ["", "beam-rooms", "beam-rooms/dev/1", "beam-rooms/test/-1", "/test/1", "a/test/1/2", "a/test/x"] {
            XCTAssertNil(TaskID(bad), bad)
        }
        let data = try JSONEncoder().encode([id])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["ris-failures\/train\/12"]"#)
        XCTAssertEqual(try JSONDecoder().decode([TaskID].self, from: data), [id])
        XCTAssertEqual(try TaskFamily.risFailures.task(id), try TaskFamily.risFailures.task(index: 12, split: .train))
        XCTAssertThrowsError(try TaskFamily.beamRooms.task(id))
        XCTAssertEqual(try TaskFamily.task(id), try TaskFamily.risFailures.task(id))
        XCTAssertThrowsError(try TaskFamily.task(TaskID(family: "gone", split: .test, index: 0)))
        XCTAssertTrue(try TaskFamily.beamRooms.task(index: 3, split: .test).description.contains("beam-rooms/test/3"))
    }

    func testNamedFindsEveryFamilyAndNamesTheKnownOnes() throws {
        for family in TaskFamily.all { XCTAssertEqual(try TaskFamily.named(family.name).name, family.name) }
        XCTAssertEqual(Set(TaskFamily.names).count, TaskFamily.all.count)
        XCTAssertThrowsError(try TaskFamily.named("beam-room")) { error in
            XCTAssertEqual("\(error)", "unknown task family 'beam-room'; known: \(TaskFamily.names.joined(separator: ", "))")
        }
    }

    func testEveryFamilysTasksRunInItsEnv() throws {
        for family in TaskFamily.all {
            for split in TaskFamily.Split.allCases {
                var env = try family.makeEnv(task: family.task(index: 1, split: split))
                var rng = Xoshiro256StarStar(seed: 5)
                _ = env.reset(seed: 5)
                for _ in 0..<40 {
                    let t = try env.step(env.actionSpace.sample(using: &rng))
                    XCTAssertTrue(t.reward.isFinite, "\(family.name)/\(split)")
                    if t.terminated || t.truncated { _ = env.reset() }
                }
            }
        }
    }

    func testRegistryMakesAnEnvFromAScenarioValue() throws {
        let task = try TaskFamily.risFailures.task(index: 0, split: .test)
        let codebook = try SensingGymRegistry.make(RISConfigurationEnv.id, scenario: task)
        XCTAssertEqual(codebook.observationSpace, RISConfigurationEnv(scenario: task).observationSpace)
        let phases = try SensingGymRegistry.make(RISConfigurationEnv.id, scenario: task, kwargs: ["action": "phases"])
        XCTAssertNotEqual(phases.actionSpaceDescription, codebook.actionSpaceDescription)
        XCTAssertThrowsError(try SensingGymRegistry.make("Nope-v1", scenario: task))
        XCTAssertThrowsError(try SensingGymRegistry.make(RISConfigurationEnv.id, scenario: task, kwargs: ["action": "x"]))
    }
}
