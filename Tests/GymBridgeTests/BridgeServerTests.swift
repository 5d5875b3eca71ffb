import CZeroMQ
import Environments
import Foundation
import GymCore
import XCTest

@testable import GymBridge

final class BridgeServerTests: XCTestCase {
    func testLibzmqVersion_IsAtLeast4_3() {
        let version = ZMQContext.version
        XCTAssertGreaterThanOrEqual(version.major * 100 + version.minor, 403, "libzmq \(version) is older than 4.3")
    }

    func testHello_ReportsProtocolEnvsScenariosAndLimits() throws {
        let running = try RunningServer()
        defer { running.stop() }
        XCTAssertTrue(running.endpoint.hasPrefix("tcp://127.0.0.1:"))
        XCTAssertFalse(running.endpoint.hasSuffix(":*"))
        let reply = try WireClient(running.endpoint).call("\"op\":\"hello\"")
        XCTAssertTrue(reply.ok)
        XCTAssertEqual(reply.header["protocol"] as? Int, 1)
        XCTAssertEqual(reply.header["envs"] as? [String], SensingGymRegistry.ids)
        XCTAssertEqual(reply.header["scenarios"] as? [String], ScenarioLibrary.names)
        XCTAssertNotNil(reply.header["limits"] as? [String: Any])
    }

    func testMakeResetStepClose_RoundTrip() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try WireClient(running.endpoint)
        let made = try client.call("\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":3")
        XCTAssertTrue(made.ok)
        let session = try XCTUnwrap(made.string("session"))
        let actionSpace = try XCTUnwrap(made.header["action_space"] as? [String: Any])
        XCTAssertEqual(actionSpace["type"] as? String, "Discrete")
        let reset = try client.call("\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":5")
        XCTAssertTrue(reset.ok)
        XCTAssertEqual(reset.frames.count, 1)
        XCTAssertEqual((reset.header["infos"] as? [Any])?.count, 3)
        let step = try client.step(session, actions: [0, 1, 2])
        XCTAssertTrue(step.ok)
        XCTAssertEqual(step.frames.map(\.count).suffix(3), [24, 3, 3])
        let stats = try client.stats()
        XCTAssertEqual(stats["sessions"] as? Int, 1)
        XCTAssertEqual(stats["envs"] as? Int, 3)
        XCTAssertTrue(try client.call("\"op\":\"close\",\"session\":\"\(session)\"").ok)
        XCTAssertEqual(try client.call("\"op\":\"close\",\"session\":\"\(session)\"").code, "unknown_session")
        XCTAssertEqual(try client.stats()["sessions"] as? Int, 0)
    }

    func testBridge_SameSeedGivesInProcessObservationsAndRewardsBitForBit() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let client = try WireClient(running.endpoint)
        let count = 4
        let session = try client.make(count, extra: ",\"infos\":false")
        var local = try VectorEnv(count: count) { _ in try SensingGymRegistry.make("BeamSelection-v1") }
        local.reset(seed: 99)
        let reset = try client.call("\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":99")
        XCTAssertEqual(reset.frames[0], WireClient.bytes(of: local.observations))
        var generator = Xoshiro256StarStar(seed: 3)
        var episodesEnded = 0
        for _ in 0..<150 {
            let actions = (0..<count).map { _ in Int64(generator.next(upperBound: 64 as UInt64)) }
            try local.step(actions.map { .index(Int($0)) })
            let reply = try client.step(session, actions: actions)
            XCTAssertTrue(reply.ok)
            XCTAssertEqual(reply.frames[0], WireClient.bytes(of: local.observations))
            XCTAssertEqual(reply.frames[1], WireClient.bytes(of: local.rewards))
            XCTAssertEqual(reply.frames[2], WireClient.bytes(of: local.terminated))
            XCTAssertEqual(reply.frames[3], WireClient.bytes(of: local.truncated))
            episodesEnded += zip(local.terminated, local.truncated).filter { $0 || $1 }.count
        }
        XCTAssertGreaterThan(episodesEnded, 0, "the run should cover autoresets")
    }

    func testIdleSessions_AreReapedAfterTheTimeout() throws {
        var configuration = BridgeConfiguration()
        configuration.idleTimeoutSeconds = 0.3
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let client = try WireClient(running.endpoint)
        let session = try client.make(2)
        XCTAssertEqual(try client.stats()["sessions"] as? Int, 1)
        Thread.sleep(forTimeInterval: 0.8)
        let stats = try client.stats()
        XCTAssertEqual(stats["sessions"] as? Int, 0)
        XCTAssertEqual(stats["reaped"] as? Int, 1)
        XCTAssertEqual(try client.call("\"op\":\"reset\",\"session\":\"\(session)\"").code, "unknown_session")
    }

    func testTotalEnvLimit_HoldsAcrossClients() throws {
        var configuration = BridgeConfiguration()
        configuration.maxTotalEnvs = 5
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let first = try WireClient(running.endpoint)
        let second = try WireClient(running.endpoint)
        let session = try first.make(3)
        XCTAssertEqual(try second.call("\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":3").code, "limit_exceeded")
        _ = try second.make(2)
        XCTAssertTrue(try first.call("\"op\":\"close\",\"session\":\"\(session)\"").ok)
        _ = try second.make(3)
        XCTAssertEqual(try first.stats()["envs"] as? Int, 5)
    }

    func testRequestStop_EndsTheLoopWithinAPollInterval() throws {
        let running = try RunningServer()
        _ = try WireClient(running.endpoint).make(1)
        XCTAssertLessThan(running.stop(), 1.0)
    }

    func testCurveServer_AcceptsAnEncryptedClient() throws {
        try XCTSkipUnless(ZMQContext.has("curve"), "libzmq built without CURVE")
        var serverPublic = [CChar](repeating: 0, count: 41)
        var serverSecret = [CChar](repeating: 0, count: 41)
        var clientPublic = [CChar](repeating: 0, count: 41)
        var clientSecret = [CChar](repeating: 0, count: 41)
        XCTAssertEqual(zmq_curve_keypair(&serverPublic, &serverSecret), 0)
        XCTAssertEqual(zmq_curve_keypair(&clientPublic, &clientSecret), 0)
        func text(_ key: [CChar]) -> String { String(decoding: key.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        var configuration = BridgeConfiguration()
        configuration.curveSecretKey = text(serverSecret)
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let client = try WireClient(running.endpoint) { socket in
            try socket.setOption(ZMQ_CURVE_SERVERKEY, text(serverPublic))
            try socket.setOption(ZMQ_CURVE_PUBLICKEY, text(clientPublic))
            try socket.setOption(ZMQ_CURVE_SECRETKEY, text(clientSecret))
        }
        XCTAssertTrue(try client.call("\"op\":\"ping\"").ok)
    }

    func testBindPolicy_RequiresCurveOrInsecureOffLoopback() {
        for local in ["tcp://127.0.0.1:5555", "tcp://127.0.0.1:*", "tcp://localhost:1", "tcp://[::1]:5", "ipc:///tmp/x"] {
            XCTAssertTrue(BindPolicy.isLocal(local), local)
            XCTAssertNil(BindPolicy.violation(endpoint: local, hasCurveKey: false, insecure: false))
        }
        for remote in ["tcp://0.0.0.0:5555", "tcp://*:5555", "tcp://10.0.0.2:1", "tcp://eth0:1", "tcp://127.0.0.1.evil:1"] {
            XCTAssertFalse(BindPolicy.isLocal(remote), remote)
            XCTAssertNotNil(BindPolicy.violation(endpoint: remote, hasCurveKey: false, insecure: false))
            XCTAssertNil(BindPolicy.violation(endpoint: remote, hasCurveKey: true, insecure: false))
            XCTAssertNil(BindPolicy.violation(endpoint: remote, hasCurveKey: false, insecure: true))
        }
    }
}
