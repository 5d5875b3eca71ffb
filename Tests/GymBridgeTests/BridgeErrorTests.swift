import Foundation
import GymCore
import XCTest

@testable import GymBridge

final class BridgeErrorTests: XCTestCase {
    private var running: RunningServer?
    private var client: WireClient?

    override func setUpWithError() throws {
        var configuration = BridgeConfiguration()
        configuration.maxSessionsPerClient = 2
        let running = try RunningServer(configuration)
        self.running = running
        client = try WireClient(running.endpoint)
    }

    override func tearDown() {
        running?.stop()
        running = nil
        client = nil
    }

    private func expect(_ code: String, _ fields: String, tensors: [[UInt8]] = [], line: UInt = #line) throws {
        let reply = try XCTUnwrap(client).call(fields, tensors: tensors)
        XCTAssertFalse(reply.ok, line: line)
        XCTAssertEqual(reply.code, code, "\(reply.header)", line: line)
        let message = (reply.header["error"] as? [String: Any])?["message"] as? String
        XCTAssertFalse(message?.isEmpty ?? true, line: line)
    }

    func testBadHeader_ForMalformedJSONAndWrongFieldTypes() throws {
        let client = try XCTUnwrap(self.client)
        try client.sendRaw([Array("not json".utf8)])
        let reply = try client.receive()
        XCTAssertEqual(reply.code, "bad_header")
        XCTAssertTrue(reply.header["id"] is NSNull)
        let session = try client.make()
        try expect("bad_header", "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":0")
        try expect("bad_header", "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":2.5")
        try expect("bad_header", "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"infos\":1")
        try expect("bad_header", "\"op\":\"make\"")
        try expect("bad_header", "\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":\"1\"")
        try expect("bad_header", "\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":-1")
        try expect("bad_header", "\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":1,\"seeds\":[1]")
        try expect("bad_header", "\"op\":\"reset\",\"session\":\"\(session)\",\"seeds\":[1,2]")
        try expect("bad_header", "\"op\":\"reset\",\"session\":\"\(session)\",\"options\":{\"a\":\"b\"}")
        try expect("bad_header", "\"op\":\"reset\"")
    }

    func testUnknownOpSessionEnvAndBadScenario() throws {
        try expect("unknown_op", "\"op\":\"teleport\"")
        try expect("unknown_session", "\"op\":\"reset\",\"session\":\"s0000000000000000\"")
        try expect("unknown_env", "\"op\":\"make\",\"env\":\"CartPole-v1\"")
        try expect("bad_scenario", "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"scenario\":\"/etc/passwd\"")
    }

    func testBadActionAndNeedsReset() throws {
        let client = try XCTUnwrap(self.client)
        let session = try client.make(2)
        let needsReset = try client.step(session, actions: [0, 1])
        XCTAssertEqual(needsReset.code, "needs_reset")
        XCTAssertTrue(try client.call("\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":1").ok)
        XCTAssertEqual(try client.step(session, actions: [0, 80]).code, "bad_action")
        XCTAssertEqual(try client.step(session, actions: [-1, 0]).code, "bad_action")
        XCTAssertEqual(try client.step(session, actions: [Int64.max, 0]).code, "bad_action")
        XCTAssertTrue(try client.step(session, actions: [0, 63]).ok)
    }

    func testBadTensor_ForMismatchedFramesDtypesShapesAndSizes() throws {
        let client = try XCTUnwrap(self.client)
        let session = try client.make(2)
        _ = try client.call("\"op\":\"reset\",\"session\":\"\(session)\"")
        let ints = WireClient.bytes(of: [Int64(0), 1])
        func step(_ descriptor: String, _ frames: [[UInt8]]) throws {
            try expect("bad_tensor", "\"op\":\"step\",\"session\":\"\(session)\",\"tensors\":[\(descriptor)]", tensors: frames)
        }
        try step("{\"name\":\"actions\",\"dtype\":\"f32\",\"shape\":[2]}", [WireClient.bytes(of: [Float(0), 1])])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[3]}", [ints])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[2,1]}", [ints])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[2]}", [Array(ints.prefix(15))])
        try step("{\"name\":\"actions\",\"dtype\":\"c64\",\"shape\":[2]}", [ints])
        try step("{\"name\":\"moves\",\"dtype\":\"i64\",\"shape\":[2]}", [ints])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[-2]}", [ints])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[4611686018427387904,4]}", [ints])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[2]}", [ints, ints])
        try step("{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[2]},{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[2]}", [ints, ints])
        try expect("bad_tensor", "\"op\":\"ping\"", tensors: [ints])
        XCTAssertTrue(try client.step(session, actions: [1, 2]).ok)
    }

    func testVersionMismatch_IsCheckedFirst() throws {
        let client = try XCTUnwrap(self.client)
        try client.sendRaw([Array("{\"v\":2,\"id\":9,\"op\":\"teleport\",\"seed\":\"x\"}".utf8)])
        let reply = try client.receive()
        XCTAssertEqual(reply.code, "version_mismatch")
        XCTAssertEqual((reply.header["id"] as? NSNumber)?.intValue, 9)
        XCTAssertEqual((reply.header["error"] as? [String: Any])?["supported"] as? [Int], [1])
    }

    func testLimitExceeded_ForEnvsSessionsHeaderSizeAndFrameCount() throws {
        let client = try XCTUnwrap(self.client)
        try expect("limit_exceeded", "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":100000")
        _ = try client.make()
        _ = try client.make()
        try expect("limit_exceeded", "\"op\":\"make\",\"env\":\"BeamSelection-v1\"")
        let padded = "{\"v\":1,\"id\":3,\"op\":\"ping\",\"pad\":\"" + String(repeating: "x", count: 70_000) + "\"}"
        try client.sendRaw([Array(padded.utf8)])
        let oversized = try client.receive()
        XCTAssertEqual(oversized.code, "limit_exceeded")
        XCTAssertTrue(oversized.header["id"] is NSNull, "an oversized header is not parsed, so its id is unknown")
        try client.sendRaw([Array("{\"v\":1,\"id\":1,\"op\":\"ping\"}".utf8)] + Array(repeating: [1], count: 20))
        XCTAssertEqual(try client.receive().code, "limit_exceeded")
        // Quotas are per client identity (here the IP address): another connection from the same host shares
        // it, a client from another address has its own.
        let endpoint = try XCTUnwrap(running).endpoint
        XCTAssertEqual(
            try WireClient(endpoint).call("\"op\":\"make\",\"env\":\"BeamSelection-v1\"").code, "limit_exceeded")
        let other = try WireClient(WireClient.endpoint(endpoint, fromSource: "127.0.0.2"))
        XCTAssertNoThrow(try other.make())
    }
}
