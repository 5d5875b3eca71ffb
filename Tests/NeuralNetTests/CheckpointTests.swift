// Checkpoint round trips, interrupted saves, and corrupt, truncated or mismatched files.
import Foundation
import XCTest
@testable import NeuralNet

final class CheckpointTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "nn-checkpoint-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private struct SimulatedCrash: Error {}

    private func makeNetwork(seed: UInt64, hidden: Int = 8) -> (MLP, ParameterSet) {
        var rng = SplitMix64(seed: seed)
        let mlp = MLP(sizes: [3, hidden, 2], outputGain: 1, using: &rng)
        return (mlp, mlp.parameters.prefixed("actor"))
    }

    private func assertCorrupt(
        _ bytes: [UInt8], mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try Checkpoint(decoding: bytes), file: file, line: line) { error in
            guard case let CheckpointError.corrupt(reason) = error else {
                return XCTFail("expected .corrupt, got \(error)", file: file, line: line)
            }
            XCTAssertTrue(reason.contains(fragment), "“\(reason)” should mention “\(fragment)”", file: file, line: line)
        }
    }

    func testCRC32_KnownVector() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
    }

    func testSaveLoad_RoundTripsParametersMetadataAndAdamState() throws {
        let (_, parameters) = makeNetwork(seed: 1)
        let adam = Adam(parameters: parameters, learningRate: 1e-3)
        for entry in parameters.entries { entry.parameter.grad = entry.parameter.value.map { $0 * 0.1 + 0.01 } }
        adam.step()
        adam.step()
        let path = directory + "/agent.sgnn"
        let metadata = ["config": #"{"gamma":0.99}"#, "globalStep": "2048"]
        try Checkpoint(parameters: parameters, optimizer: adam, metadata: metadata).save(to: path)

        let (_, fresh) = makeNetwork(seed: 2)
        let freshAdam = Adam(parameters: fresh, learningRate: 1e-3)
        let loaded = try Checkpoint.load(from: path)
        try loaded.restore(into: fresh, optimizer: freshAdam)
        XCTAssertEqual(loaded.metadata["config"], metadata["config"])
        XCTAssertEqual(loaded.metadata["globalStep"], "2048")
        XCTAssertEqual(freshAdam.stepCount, 2)
        for (a, b) in zip(parameters.entries, fresh.entries) {
            XCTAssertEqual(a.parameter.value.map(\.bitPattern), b.parameter.value.map(\.bitPattern), a.name)
        }
        XCTAssertEqual(freshAdam.firstMoments, adam.firstMoments)
        XCTAssertEqual(freshAdam.secondMoments, adam.secondMoments)
        XCTAssertEqual(try Checkpoint(decoding: loaded.encoded()), loaded)
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicFile.temporaryPath(for: path)))
    }

    func testSave_InterruptedMidWrite_LeavesPreviousCheckpointLoadable() throws {
        // 4096 hidden units ≈ 24 K floats ≈ 96 KiB: the file spans two 64 KiB write chunks, so the hook fires mid-file.
        let (_, parameters) = makeNetwork(seed: 3, hidden: 4096)
        let path = directory + "/agent.sgnn"
        try Checkpoint(parameters: parameters, metadata: ["version": "old"]).save(to: path)
        let oldValues = parameters.snapshot()

        for entry in parameters.entries { entry.parameter.value = entry.parameter.value.map { $0 + 1 } }
        let temporary = AtomicFile.temporaryPath(for: path)
        var partialSize = -1
        var total = 0
        XCTAssertThrowsError(
            try Checkpoint(parameters: parameters, metadata: ["version": "new"]).save(to: path) { written, totalBytes in
                total = totalBytes
                partialSize = (try? FileManager.default.attributesOfItem(atPath: temporary)[.size] as? Int) ?? -1
                _ = written
                throw SimulatedCrash()
            }
        ) { error in XCTAssertTrue(error is SimulatedCrash, "the hook's error is rethrown, got \(error)") }
        XCTAssertGreaterThan(partialSize, 0, "the temp file was partly written when the crash hit")
        XCTAssertLessThan(partialSize, total)

        let loaded = try Checkpoint.load(from: path)
        XCTAssertEqual(loaded.metadata["version"], "old")
        let (_, restored) = makeNetwork(seed: 4, hidden: 4096)
        try loaded.restore(into: restored)
        for entry in restored.entries { XCTAssertEqual(entry.parameter.value, oldValues[entry.name], entry.name) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary), "the partial temp file is removed")

        // A hard crash leaves the temp file behind; the target is still the old checkpoint and a later save succeeds.
        XCTAssertTrue(FileManager.default.createFile(atPath: temporary, contents: Data([1, 2, 3])))
        XCTAssertEqual(try Checkpoint.load(from: path).metadata["version"], "old")
        try Checkpoint(parameters: parameters, metadata: ["version": "new"]).save(to: path)
        XCTAssertEqual(try Checkpoint.load(from: path).metadata["version"], "new")
    }

    func testLoad_TruncatedFile_ThrowsCorrupt() throws {
        let (_, parameters) = makeNetwork(seed: 5)
        let bytes = Checkpoint(parameters: parameters, metadata: ["k": "v"]).encoded()
        assertCorrupt([], mentioning: "shorter than the 32-byte header")
        assertCorrupt(Array(bytes[0 ..< 20]), mentioning: "shorter than the 32-byte header")
        for length in [32, 33, bytes.count / 2, bytes.count - 1] {
            assertCorrupt(Array(bytes[0 ..< length]), mentioning: "truncated")
        }
        // Through the file API too.
        let path = directory + "/truncated.sgnn"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes[0 ..< bytes.count / 2])))
        XCTAssertThrowsError(try Checkpoint.load(from: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("corrupt checkpoint:"), "\(error)")
        }
    }

    func testLoad_FlippedPayloadByte_ThrowsChecksumMismatch() {
        let (_, parameters) = makeNetwork(seed: 6)
        var bytes = Checkpoint(parameters: parameters).encoded()
        bytes[bytes.count - 3] ^= 0x10
        assertCorrupt(bytes, mentioning: "checksum mismatch")
    }

    func testLoad_BadMagic_ThrowsCorrupt() {
        var bytes = Checkpoint().encoded()
        bytes[0] = UInt8(ascii: "X")
        assertCorrupt(bytes, mentioning: "bad magic")
        assertCorrupt(Array("{\"not\": \"a checkpoint at all, just some JSON\"}".utf8), mentioning: "bad magic")
    }

    func testLoad_NewerFormatVersion_ThrowsVersionMismatch() {
        var bytes = Checkpoint().encoded()
        bytes[8] = 2
        XCTAssertThrowsError(try Checkpoint(decoding: bytes)) { error in
            XCTAssertEqual(error as? CheckpointError, .versionMismatch(found: 2, supported: 1))
        }
    }

    func testLoad_MissingFile_ThrowsIOError() {
        XCTAssertThrowsError(try Checkpoint.load(from: directory + "/absent.sgnn")) { error in
            guard case let CheckpointError.io(operation, path, code) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "open")
            XCTAssertTrue(path.hasSuffix("absent.sgnn"))
            XCTAssertEqual(code, ENOENT)
        }
    }

    func testLoad_MalformedPayloadWithValidChecksum_ThrowsNotCrashes() {
        // A payload claiming a 2³⁰-element tensor with 4 bytes of data, wrapped in a correct header and CRC.
        var payload = ByteWriter()
        payload.append(UInt32(0))
        payload.append(UInt32(1))
        payload.append("w")
        payload.append(UInt32(1))
        payload.append(UInt64(1 << 30))
        payload.append([1.0])
        assertCorrupt(wrap(payload.bytes), mentioning: "truncated while reading values of w")
    }

    func testLoad_RandomByteMutations_NeverCrash() {
        // Mutate bytes and fix up the checksum so the parser sees them: every outcome is a value or a CheckpointError.
        let (_, parameters) = makeNetwork(seed: 7)
        let original = Checkpoint(parameters: parameters, metadata: ["a": "b"]).encoded()
        var rng = SplitMix64(seed: 8)
        var thrown = 0
        for _ in 0 ..< 500 {
            var payload = Array(original[Checkpoint.headerSize...])
            for _ in 0 ..< 3 {
                payload[Int.random(in: 0 ..< 80, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng)
            }
            do { _ = try Checkpoint(decoding: wrap(payload)) } catch is CheckpointError { thrown += 1 } catch {
                XCTFail("unexpected error type \(error)")
            }
        }
        XCTAssertGreaterThan(thrown, 0)
    }

    func testRestore_ShapeMismatchOrMissingEntry_ThrowsAndLeavesParametersUntouched() throws {
        let (_, small) = makeNetwork(seed: 9, hidden: 8)
        let (_, large) = makeNetwork(seed: 10, hidden: 16)
        let before = large.snapshot()
        XCTAssertThrowsError(try Checkpoint(parameters: small).restore(into: large)) { error in
            XCTAssertEqual(error as? CheckpointError, .shapeMismatch(name: "actor.0.weight", expected: [16, 3], found: [8, 3]))
            XCTAssertEqual("\(error)", "checkpoint tensor actor.0.weight has shape [8, 3], expected [16, 3]")
        }
        XCTAssertEqual(large.snapshot(), before)
        XCTAssertThrowsError(try Checkpoint(parameters: small.prefixed("x")).restore(into: small)) { error in
            XCTAssertEqual(error as? CheckpointError, .missingEntry("actor.0.weight"))
        }
        let adam = Adam(parameters: small, learningRate: 1e-3)
        XCTAssertThrowsError(try Checkpoint(parameters: small).restore(into: small, optimizer: adam)) { error in
            XCTAssertEqual(error as? CheckpointError, .missingEntry("adam.m.actor.0.weight"))
        }
    }

    /// Prepends a valid version-1 header with the payload's length and CRC.
    private func wrap(_ payload: [UInt8]) -> [UInt8] {
        var header = ByteWriter()
        header.bytes = Checkpoint.magic
        header.append(Checkpoint.formatVersion)
        header.append(UInt32(0))
        header.append(UInt64(payload.count))
        header.append(CRC32.checksum(payload))
        header.append(UInt32(0))
        return header.bytes + payload
    }
}
