import Foundation
import GymCore
import XCTest

final class VectorEnvTests: XCTestCase {
    /// Expected values printed by Gymnasium 1.4's `SyncVectorEnv` over the same three counters (lengths 1, 2, 3).
    func testNextStepAutoreset_MatchesGymnasium() throws {
        var envs = VectorEnv(count: 3) { Counter(length: $0 + 1) }
        envs.reset(seed: 0)
        XCTAssertEqual(envs.observations, [0, 0, 0])
        let expected: [(obs: [Float], rewards: [Double], terminated: [Bool])] = [
            ([1, 1, 1], [1, 1, 1], [true, false, false]),
            ([0, 2, 2], [0, 2, 2], [false, true, false]),
            ([1, 0, 3], [1, 0, 3], [true, false, true]),
            ([0, 1, 0], [0, 1, 0], [false, false, false]),
            ([1, 2, 1], [1, 2, 1], [true, true, false]),
        ]
        for (k, row) in expected.enumerated() {
            try envs.step([0, 0, 0])
            XCTAssertEqual(envs.observations, row.obs, "step \(k)")
            XCTAssertEqual(envs.rewards, row.rewards, "step \(k)")
            XCTAssertEqual(envs.terminated, row.terminated, "step \(k)")
            XCTAssertEqual(envs.truncated, [false, false, false], "step \(k)")
        }
        XCTAssertEqual(envs.envs.map(\.resets), [3, 2, 2], "autoresets call reset, not step")
    }

    /// Gymnasium's SAME_STEP over the same counters: the ending step's reward and flags, the new episode's obs.
    func testResetEndedEpisodes_GivesSameStepAutoreset() throws {
        var envs = VectorEnv(count: 3) { Counter(length: $0 + 1) }
        envs.reset(seed: 0)
        let expected: [(obs: [Float], rewards: [Double], terminated: [Bool])] = [
            ([0, 1, 1], [1, 1, 1], [true, false, false]),
            ([0, 0, 2], [1, 2, 2], [true, true, false]),
            ([0, 1, 0], [1, 1, 3], [true, false, true]),
        ]
        for (k, row) in expected.enumerated() {
            try envs.step([0, 0, 0])
            envs.resetEndedEpisodes()
            XCTAssertEqual(envs.observations, row.obs, "step \(k)")
            XCTAssertEqual(envs.rewards, row.rewards, "step \(k)")
            XCTAssertEqual(envs.terminated, row.terminated, "step \(k)")
            XCTAssertEqual(envs.autoresetPending, [false, false, false], "step \(k)")
        }
        XCTAssertEqual(envs.envs.map(\.resets), [4, 2, 2], "the first reset and one per ended episode")
    }

    func testAutoreset_IgnoresTheActionOfAnEndedEnv() throws {
        var envs = VectorEnv(count: 1) { _ in Counter(length: 1) }
        envs.reset()
        try envs.step([1])
        XCTAssertEqual(envs.autoresetPending, [true])
        try envs.step([7])  // invalid, but ignored: the env is reset instead of stepped
        XCTAssertEqual(envs.observations, [0])
        XCTAssertEqual(envs.rewards, [0])
        XCTAssertEqual(envs.autoresetPending, [false])
    }

    func testReset_SeedsEnvIWithSeedPlusI() {
        var envs = VectorEnv(count: 4) { _ in RandomWalk() }
        envs.reset(seed: 100)
        for i in 0..<4 {
            var alone = RandomWalk()
            XCTAssertEqual(Array(envs.observation(i)), alone.reset(seed: 100 + UInt64(i)).observation, "env \(i)")
        }
    }

    func testInvalidAction_ThrowsNamingTheEnv_AndChangesNothing() throws {
        var envs = VectorEnv(count: 3) { _ in RandomWalk() }
        envs.reset(seed: 1)
        let before = envs.observations
        XCTAssertThrowsError(try envs.step([0, 5, 1])) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("env 1: invalid action: 5 is not in Discrete(3)"))
        }
        XCTAssertEqual(envs.observations, before)
        XCTAssertEqual(envs.envs.map(\.steps), [0, 0, 0])
        XCTAssertThrowsError(try envs.step([0, 1])) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("VectorEnv of 3 envs got 2 actions"))
        }
    }

    func testStepBeforeReset_Throws() {
        var envs = VectorEnv(count: 2) { _ in RandomWalk() }
        XCTAssertThrowsError(try envs.step([0, 0])) { error in
            XCTAssertEqual(error as? EnvError, .needsReset("VectorEnv.step called before reset"))
        }
    }

    func testParallelStep_GivesTheSameResultsAsSerial() throws {
        var serial = VectorEnv(count: 70) { _ in RandomWalk() }
        var parallel = serial
        serial.scheduling = .serial
        parallel.scheduling = .parallel
        serial.reset(seed: 5)
        parallel.reset(seed: 5)
        var rng = Xoshiro256StarStar(seed: 1)
        for _ in 0..<200 {
            let actions = (0..<70).map { _ in Int(rng.next(upperBound: UInt64(3))) }
            try serial.step(actions)
            try parallel.step(actions)
            XCTAssertEqual(serial.observations, parallel.observations)
            XCTAssertEqual(serial.rewards, parallel.rewards)
            XCTAssertEqual(serial.terminated, parallel.terminated)
            XCTAssertEqual(serial.truncated, parallel.truncated)
            XCTAssertEqual(serial.infos, parallel.infos)
        }
        XCTAssertTrue(parallel.lastStepWasParallel || ProcessInfo.processInfo.activeProcessorCount == 1)
        XCTAssertFalse(serial.lastStepWasParallel)
    }

    func testAdaptive_TriesBothModesThenKeepsResultsIdentical() throws {
        var adaptive = VectorEnv(count: 8) { _ in RandomWalk() }
        var serial = adaptive
        adaptive.parallelThreshold = 4
        serial.scheduling = .serial
        adaptive.reset(seed: 2)
        serial.reset(seed: 2)
        var modes = Set<Bool>()
        for k in 0..<50 {
            let actions = (0..<8).map { ($0 + k) % 3 }
            try adaptive.step(actions)
            try serial.step(actions)
            modes.insert(adaptive.lastStepWasParallel)
            XCTAssertEqual(adaptive.observations, serial.observations)
        }
        if ProcessInfo.processInfo.activeProcessorCount > 1 { XCTAssertEqual(modes, [false, true]) }
    }

    func testSpaces_SingleKeptApartFromBatched() {
        let envs = VectorEnv(count: 3) { _ in RandomWalk() }
        XCTAssertEqual(envs.singleObservationSpace, Box(low: 0, high: 1, shape: [3]))
        XCTAssertEqual(envs.observationSpace.shape, [3, 3])
        XCTAssertEqual(envs.observationSpace.size, 9)
        XCTAssertEqual(envs.singleActionSpace, Discrete(3))
    }

    func testOverAnyEnv_StepsFlatActions() throws {
        var envs = VectorEnv(count: 2) { _ in AnyEnv(RandomWalk(), id: "RandomWalk-v0") }
        envs.reset(seed: 3)
        try envs.step([.index(0), .index(2)])
        XCTAssertThrowsError(try envs.step([.index(0), .indices([2])]))
        var typed = VectorEnv(count: 2) { _ in RandomWalk() }
        typed.reset(seed: 3)
        try typed.step([0, 2])
        XCTAssertEqual(envs.observations, typed.observations)
    }
}
