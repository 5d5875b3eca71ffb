// Deterministic training, atomic checkpoints that survive an interrupted write, resume, and clear load errors.
import Foundation
import GymCore
import NeuralNet
import XCTest

@testable import Agents

final class ActorCriticCheckpointTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "ac-checkpoint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Bytes of the checkpoint after a short PPO run on the chain.
    private func checkpointBytes(seed: UInt64, iterations: Int = 3) throws -> [UInt8] {
        let ppo = try PPO(configuration: toyConfiguration(seed: seed, steps: 128 * iterations), envs: toyEnvs(ShortChain(), count: 4))
        try ppo.train()
        XCTAssertEqual(ppo.session.iteration, iterations)
        return ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none").encoded()
    }

    func testTraining_SameSeed_SameCheckpointBytes_OtherSeedDiffers() throws {
        let a = try checkpointBytes(seed: 5)
        let b = try checkpointBytes(seed: 5)
        let c = try checkpointBytes(seed: 6)
        XCTAssertEqual(a, b, "same seed must give the same checkpoint bytes")
        XCTAssertNotEqual(a, c, "another seed must give other weights")
    }

    func testTraining_GaussianPolicy_IsDeterministicToo() throws {
        func run() throws -> [UInt8] {
            let ppo = try PPO(configuration: toyConfiguration(seed: 2, steps: 256), envs: toyEnvs(GaussianBandit(), count: 4))
            try ppo.train()
            return ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none").encoded()
        }
        XCTAssertEqual(try run(), try run())
    }

    func testInterruptedSave_LeavesPreviousCheckpointLoadable() throws {
        let path = directory + "/agent.sgnn"
        let ppo = try PPO(configuration: toyConfiguration(steps: 128 * 4), envs: toyEnvs(ShortChain(), count: 4))
        _ = try ppo.iterate()
        let first = ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none")
        try first.save(to: path)
        _ = try ppo.iterate()
        let second = ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none")
        XCTAssertNotEqual(first.encoded(), second.encoded())

        struct Crash: Error {}
        XCTAssertThrowsError(try second.save(to: path, writeHook: { written, _ in if written > 0 { throw Crash() } }))

        let loaded = try PolicyCheckpoint.load(from: path)
        XCTAssertEqual(loaded.iteration, 1)
        XCTAssertEqual(loaded.encoded(), first.encoded())
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "agent.sgnn" }
        XCTAssertEqual(leftovers, [], "the temp file of the interrupted save must be removed")
    }

    func testLoad_MissingTruncatedOrForeignFile_ThrowsClearError() throws {
        XCTAssertThrowsError(try PolicyCheckpoint.load(from: directory + "/absent.sgnn")) { error in
            XCTAssertTrue("\(error)".contains("absent.sgnn"), "\(error)")
        }
        let ppo = try PPO(configuration: toyConfiguration(steps: 128), envs: toyEnvs(ShortChain(), count: 4))
        let bytes = ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none").encoded()
        let truncated = directory + "/truncated.sgnn"
        _ = FileManager.default.createFile(atPath: truncated, contents: Data(bytes.dropLast(7)))
        XCTAssertThrowsError(try PolicyCheckpoint.load(from: truncated)) { error in
            XCTAssertEqual(error as? CheckpointError, .corrupt(
                "header declares \(bytes.count - Checkpoint.headerSize) payload bytes but "
                    + "\(bytes.count - Checkpoint.headerSize - 7) are present (truncated or padded file)"))
        }
        var flipped = bytes
        flipped[flipped.count / 2] ^= 0x40
        let corrupt = directory + "/corrupt.sgnn"
        _ = FileManager.default.createFile(atPath: corrupt, contents: Data(flipped))
        XCTAssertThrowsError(try PolicyCheckpoint.load(from: corrupt)) { error in
            XCTAssertTrue("\(error)".contains("checksum mismatch"), "\(error)")
        }
        let foreign = directory + "/foreign.sgnn"
        try Checkpoint(metadata: ["kind": "something else"]).save(to: foreign)
        XCTAssertThrowsError(try PolicyCheckpoint.load(from: foreign)) { error in
            XCTAssertTrue("\(error)".contains("not an actor-critic agent checkpoint"), "\(error)")
        }
    }

    func testLoad_RestoresAgentThatActsIdentically() throws {
        let path = directory + "/agent.sgnn"
        let ppo = try PPO(configuration: toyConfiguration(steps: 128 * 3), envs: toyEnvs(ShortChain(), count: 4))
        try ppo.train()
        try ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none").save(to: path)
        let loaded = try PolicyCheckpoint.load(from: path)
        XCTAssertEqual(loaded.globalStep, 384)
        XCTAssertEqual(loaded.algorithm, "ppo")
        XCTAssertEqual(loaded.configuration, toyConfiguration(steps: 128 * 3))
        XCTAssertEqual(loaded.agent.observationStatistics, ppo.session.agent.observationStatistics)
        XCTAssertEqual(loaded.agent.parameters.snapshot(), ppo.session.agent.parameters.snapshot())
    }

    func testResume_ContinuesCountersAndOptimizer_Deterministically() throws {
        let path = directory + "/agent.sgnn"
        let config = toyConfiguration(steps: 128 * 4)
        let first = try PPO(configuration: config, envs: toyEnvs(ShortChain(), count: 4))
        _ = try first.iterate()
        _ = try first.iterate()
        try first.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none").save(to: path)

        func resumed() throws -> PPO<VectorEnv<AnyEnv<ToyInfo>>> {
            let ppo = try PPO(configuration: config, envs: toyEnvs(ShortChain(), count: 4))
            try ppo.session.restore(from: try PolicyCheckpoint.load(from: path))
            XCTAssertEqual(ppo.session.optimizer.stepCount, first.session.optimizer.stepCount)
            try ppo.train()
            return ppo
        }
        let a = try resumed(), b = try resumed()
        XCTAssertEqual(a.session.iteration, 4)
        XCTAssertEqual(a.session.globalStep, 512)
        XCTAssertEqual(a.session.agent.parameters.snapshot(), b.session.agent.parameters.snapshot())
    }

    func testRestore_OtherArchitecture_IsRejected() throws {
        let path = directory + "/agent.sgnn"
        let ppo = try PPO(configuration: toyConfiguration(steps: 128), envs: toyEnvs(ShortChain(), count: 4))
        try ppo.session.checkpoint(algorithm: "ppo", envID: "Toy-v0", scenario: "none").save(to: path)
        var other = toyConfiguration(steps: 128)
        other.hiddenSizes = [8]
        let mismatched = try PPO(configuration: other, envs: toyEnvs(ShortChain(), count: 4))
        XCTAssertThrowsError(try mismatched.session.restore(from: try PolicyCheckpoint.load(from: path))) { error in
            XCTAssertTrue("\(error)".contains("does not match"), "\(error)")
        }
    }
}
