import CZeroMQ
import Environments
import Foundation
import XCTest

@testable import GymBridge

/// Peers that do not read, send too much, hold quotas from many sockets, or are not authorized.
final class BridgeHostilePeerTests: XCTestCase {
    private static func stepDescriptor(_ n: Int) -> String { "{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[\(n)]}" }

    /// Polls `condition` every 50 ms for up to `seconds`.
    private func eventually(_ seconds: Double = 5, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }

    func testNonReadingPeer_StallsThenIsCutOffAndItsSessionClosed_OthersUnaffected() throws {
        var configuration = BridgeConfiguration()
        configuration.maxQueuedRepliesPerPeer = 2
        configuration.stallTimeoutSeconds = 0.3
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let hostile = try WireClient(running.endpoint) { socket in
            try socket.setOption(ZMQ_RCVHWM, Int32(1))
            try socket.setOption(ZMQ_RCVBUF, Int32(4096))
        }
        let session = try hostile.make(256)
        XCTAssertTrue(try hostile.call("\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":1").ok)
        let header = "{\"v\":1,\"id\":7,\"op\":\"step\",\"session\":\"\(session)\",\"tensors\":[\(Self.stepDescriptor(256))]}"
        let actions = WireClient.bytes(of: [Int64](repeating: 3, count: 256))
        for _ in 0..<600 { try hostile.sendRaw([Array(header.utf8), actions]) }

        let normal = try WireClient(WireClient.endpoint(running.endpoint, fromSource: "127.0.0.2"))
        let mine = try normal.make(2)
        XCTAssertTrue(try normal.call("\"op\":\"reset\",\"session\":\"\(mine)\",\"seed\":1").ok)
        XCTAssertTrue(
            try eventually { try normal.step(mine, actions: [1, 2]).ok && (normal.stats()["cut_off"] as? Int) == 1 },
            "the non-reading peer was not cut off: \((try? normal.stats()) ?? [:])")
        // Its connection was shut down (libzmq reports the disconnection) and its session closed.
        XCTAssertTrue(try eventually { (try normal.stats()["disconnects"] as? Int ?? 0) >= 1 })
        XCTAssertEqual(try WireClient(running.endpoint).stats()["sessions"] as? Int, 0)
        XCTAssertTrue(try normal.step(mine, actions: [3, 4]).ok)
    }

    func testPipeliningPeerThatReads_IsNeverCutOff() throws {
        var configuration = BridgeConfiguration()
        configuration.maxQueuedRepliesPerPeer = 1
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let client = try WireClient(running.endpoint)
        for id in 1...500 { try client.sendRaw([Array("{\"v\":1,\"id\":\(id),\"op\":\"ping\"}".utf8)]) }
        for id in 1...500 {
            let reply = try client.receive()
            XCTAssertTrue(reply.ok)
            XCTAssertEqual((reply.header["id"] as? NSNumber)?.intValue, id)
        }
        XCTAssertEqual(try client.stats()["cut_off"] as? Int, 0)
    }

    func testOversizedFrame_DisconnectsBeforeStorageAndMakeRespectsTheFrameLimit() throws {
        var configuration = BridgeConfiguration()
        configuration.maxFrameBytes = 1024
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let client = try WireClient(running.endpoint)
        let hello = try client.call("\"op\":\"hello\"")
        XCTAssertEqual((hello.header["limits"] as? [String: Any])?["max_frame_bytes"] as? Int, 1024)
        try client.sendRaw([Array("{\"v\":1,\"id\":99,\"op\":\"ping\"}".utf8), [UInt8](repeating: 0, count: 4096)])
        XCTAssertThrowsError(try client.receive(timeout: 500), "a frame over the limit must get no reply")
        // The server is alive and the client's reconnected socket is served.
        XCTAssertTrue(try eventually { (try? WireClient(running.endpoint).call("\"op\":\"ping\"").ok) == true })
        // 256 envs' int64 actions take 2048 bytes: over the frame limit, so make refuses instead of failing later.
        let refused = try WireClient(running.endpoint).call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"num_envs\":256")
        XCTAssertEqual(refused.code, "limit_exceeded")
        let message = (refused.header["error"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(message.contains("--max-frame-bytes"), message)
    }

    func testOutboundBudget_RefusesSessionsWhoseRepliesWouldNotFit() throws {
        var configuration = BridgeConfiguration()
        configuration.maxOutboundBytes = 1 << 20
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let client = try WireClient(running.endpoint)
        let refused = try client.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"num_envs\":256")
        XCTAssertEqual(refused.code, "limit_exceeded")
        let message = (refused.header["error"] as? [String: Any])?["message"] as? String ?? ""
        XCTAssertTrue(message.contains("outbound"), message)
        XCTAssertNoThrow(try client.make(4))
    }

    func testQuotas_ArePerClientIdentityAcrossConnections_AndStatsArePrivate() throws {
        var configuration = BridgeConfiguration()
        configuration.maxSessionsPerClient = 2
        configuration.maxEnvsPerClient = 5
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let sockets = try (0..<3).map { _ in try WireClient(running.endpoint) }
        let first = try sockets[0].make(1)
        _ = try sockets[1].make(1)
        XCTAssertEqual(
            try sockets[2].call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\"").code, "limit_exceeded",
            "a third socket of the same client must not get a third session")
        let other = try WireClient(WireClient.endpoint(running.endpoint, fromSource: "127.0.0.2"))
        XCTAssertEqual(try other.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"num_envs\":6").code, "limit_exceeded")
        _ = try other.make(5)
        // Each client sees only its own sessions.
        XCTAssertEqual(try other.stats()["sessions"] as? Int, 1)
        XCTAssertEqual(try other.stats()["envs"] as? Int, 5)
        XCTAssertEqual(try sockets[2].stats()["sessions"] as? Int, 2)
        // A session is usable only by its client, from any of its sockets.
        XCTAssertEqual(try other.call("\"op\":\"reset\",\"session\":\"\(first)\"").code, "unknown_session")
        XCTAssertEqual(try other.call("\"op\":\"close\",\"session\":\"\(first)\"").code, "unknown_session")
        XCTAssertTrue(try sockets[2].call("\"op\":\"reset\",\"session\":\"\(first)\"").ok)
    }

    func testClosedConnection_ReleasesItsQuotaAfterTheOrphanTimeout() throws {
        var configuration = BridgeConfiguration()
        configuration.orphanTimeoutSeconds = 0.2
        let running = try RunningServer(configuration)
        defer { running.stop() }
        let monitor = try WireClient(running.endpoint)
        var client: WireClient? = try WireClient(running.endpoint)
        _ = try client?.make(3)
        XCTAssertEqual(try monitor.stats()["envs"] as? Int, 3)
        client = nil  // closes the socket (linger 0)
        XCTAssertTrue(try eventually(3) { try monitor.stats()["envs"] as? Int == 0 }, "the vanished client's envs are still held")
        XCTAssertEqual(try monitor.stats()["reaped"] as? Int, 1)
    }

    func testCurveAllowList_AdmitsListedKeysOnlyAndIdentifiesClientsByKey() throws {
        try XCTSkipUnless(ZMQContext.has("curve"), "libzmq built without CURVE")
        func pair() -> (public: String, secret: String) {
            var publicKey = [CChar](repeating: 0, count: 41)
            var secretKey = [CChar](repeating: 0, count: 41)
            _ = zmq_curve_keypair(&publicKey, &secretKey)
            return (String(cString: publicKey), String(cString: secretKey))
        }
        let server = pair()
        let admitted = pair()
        let stranger = pair()
        var configuration = BridgeConfiguration()
        configuration.curveSecretKey = server.secret
        configuration.curveAuthorizedKeys = [admitted.public]
        configuration.maxSessionsPerClient = 1
        let running = try RunningServer(configuration)
        defer { running.stop() }
        func client(_ keys: (public: String, secret: String)) throws -> WireClient {
            try WireClient(running.endpoint) { socket in
                try socket.setOption(ZMQ_CURVE_SERVERKEY, server.public)
                try socket.setOption(ZMQ_CURVE_PUBLICKEY, keys.public)
                try socket.setOption(ZMQ_CURVE_SECRETKEY, keys.secret)
            }
        }
        let good = try client(admitted)
        XCTAssertTrue(try good.call("\"op\":\"ping\"").ok)
        let bad = try client(stranger)
        try bad.sendRaw([Array("{\"v\":1,\"id\":1,\"op\":\"ping\"}".utf8)])
        XCTAssertThrowsError(try bad.receive(timeout: 500), "an unlisted key must not be served")
        XCTAssertGreaterThanOrEqual(try good.stats()["rejected_clients"] as? Int ?? 0, 1)
        // The quota follows the key: a second socket with the same key shares it.
        _ = try good.make(1)
        XCTAssertEqual(try client(admitted).call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\"").code, "limit_exceeded")
    }

    func testEndpointProblems_NameThePortAndIPv6LoopbackBinds() throws {
        XCTAssertNil(BindPolicy.endpointProblem("tcp://127.0.0.1:5555"))
        XCTAssertNil(BindPolicy.endpointProblem("tcp://127.0.0.1:*"))
        XCTAssertNil(BindPolicy.endpointProblem("tcp://[::1]:*"))
        XCTAssertNil(BindPolicy.endpointProblem("ipc:///tmp/sg.sock"))
        for bad in ["tcp://127.0.0.1:99999", "tcp://127.0.0.1:0", "tcp://127.0.0.1:-1", "tcp://127.0.0.1", "tcp://::1:5",
            "udp://x:1", "ipc://", "ipc://" + String(repeating: "a", count: 200)]
        {
            XCTAssertNotNil(BindPolicy.endpointProblem(bad), bad)
        }
        XCTAssertTrue(BindPolicy.endpointProblem("tcp://127.0.0.1:99999")?.contains("1...65535") ?? false)
        do {
            let server = try BridgeServer(bind: "tcp://[::1]:*")
            XCTAssertTrue(server.endpoint.hasPrefix("tcp://[::1]:"), server.endpoint)
        } catch let error as ZMQError where error.code == EADDRNOTAVAIL {
            throw XCTSkip("this machine has no IPv6 loopback")
        }
    }
}
