import Foundation
import GymCore
import XCTest

@testable import GymBridge

/// Generated malformed requests: each must get one structured error, and the server must be unharmed afterwards.
final class BridgeFuzzTests: XCTestCase {
    private static let messageCount = 10_000

    func testTenThousandMalformedMessages_EachGetAStructuredError() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let fuzzer = try WireClient(running.endpoint)
        let session = try fuzzer.make(2)
        XCTAssertTrue(try fuzzer.call("\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":1").ok)
        let baseline = try fuzzer.stats()
        var generator = Xoshiro256StarStar(seed: 2024)
        let known = Set(WireErrorCode.allCases.map(\.rawValue))
        var codes: [String: Int] = [:]
        let batch = 50
        var residentAfterWarmUp = 0
        for start in stride(from: 0, to: Self.messageCount, by: batch) {
            for _ in 0..<batch { try fuzzer.sendRaw(Self.malformed(session: session, using: &generator)) }
            for _ in 0..<batch {
                let reply = try fuzzer.receive()
                XCTAssertFalse(reply.ok, "\(reply.header)")
                let code = reply.code ?? "(none)"
                XCTAssertTrue(known.contains(code), code)
                XCTAssertEqual(reply.frames.count, 0)
                codes[code, default: 0] += 1
            }
            if start == 1_000 { residentAfterWarmUp = Self.residentBytes() }
        }
        XCTAssertEqual(codes.values.reduce(0, +), Self.messageCount)
        for code in ["bad_header", "unknown_op", "unknown_session", "bad_action", "bad_tensor", "version_mismatch",
            "limit_exceeded"]
        {
            XCTAssertGreaterThan(codes[code] ?? 0, 0, "no message produced \(code): \(codes)")
        }
        // The session survived the abuse and a normal client still works.
        XCTAssertTrue(try fuzzer.step(session, actions: [1, 2]).ok)
        let normal = try WireClient(running.endpoint)
        let fresh = try normal.make(3)
        XCTAssertTrue(try normal.call("\"op\":\"reset\",\"session\":\"\(fresh)\",\"seed\":7").ok)
        for t in 0..<20 { XCTAssertTrue(try normal.step(fresh, actions: [Int64(t), 5, 9]).ok) }
        XCTAssertTrue(try normal.call("\"op\":\"close\",\"session\":\"\(fresh)\"").ok)
        let after = try fuzzer.stats()
        XCTAssertEqual(after["sessions"] as? Int, baseline["sessions"] as? Int)
        XCTAssertEqual(after["envs"] as? Int, baseline["envs"] as? Int)
        XCTAssertEqual(after["errors"] as? Int, (baseline["errors"] as? Int ?? 0) + Self.messageCount)
        let growth = Self.residentBytes() - residentAfterWarmUp
        XCTAssertLessThan(growth, 32 << 20, "resident memory grew by \(growth) bytes during the fuzz run")
    }

    /// One malformed request, of a randomly chosen kind.
    static func malformed(session: String, using g: inout Xoshiro256StarStar) -> [[UInt8]] {
        func header(_ fields: String, v: String = "1") -> [UInt8] {
            Array("{\"v\":\(v),\"id\":\(g.next(upperBound: 1_000_000 as UInt64)),\(fields)}".utf8)
        }
        func randomBytes(_ maxCount: Int) -> [UInt8] {
            (0..<Int(g.next(upperBound: UInt64(maxCount) + 1))).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        }
        let actions = WireClient.bytes(of: [Int64(0), 1])
        let descriptor = "{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[2]}"
        let stepFields = "\"op\":\"step\",\"session\":\"\(session)\",\"tensors\":[\(descriptor)]"
        switch g.next(upperBound: 16 as UInt64) {
        case 0:  // random bytes as frame 0, sometimes with random tensor frames
            let first = randomBytes(200)
            return [first.isEmpty ? [0x7b] : first] + (0..<Int(g.next(upperBound: 3 as UInt64))).map { _ in randomBytes(40) }
        case 1:  // a valid step header, truncated
            let full = header(stepFields)
            return [Array(full.prefix(Int(g.next(upperBound: UInt64(full.count - 1)))))] + [actions]
        case 2:  // step with the actions frame missing, or extra frames
            return g.next(upperBound: 2 as UInt64) == 0
                ? [header(stepFields)] : [header(stepFields), actions] + Array(repeating: actions, count: 1 + Int(g.next(upperBound: 4 as UInt64)))
        case 3:  // wrong dtype
            let dtype = ["f32", "f64", "u8", "bool", "c128", ""].randomElement(using: &g) ?? "f32"
            return [header("\"op\":\"step\",\"session\":\"\(session)\",\"tensors\":[{\"name\":\"actions\",\"dtype\":\"\(dtype)\",\"shape\":[2]}]"), actions]
        case 4:  // wrong shape
            let shape = ["[3]", "[1]", "[2,2]", "[]", "[-1]", "[0]", "[99999999999]"].randomElement(using: &g) ?? "[3]"
            return [header("\"op\":\"step\",\"session\":\"\(session)\",\"tensors\":[{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":\(shape)}]"), actions]
        case 5:  // right descriptor, wrong byte size
            return [header(stepFields), randomBytes(40).count == 16 ? [] : randomBytes(40)]
        case 6:  // oversized header
            return [header("\"op\":\"ping\",\"pad\":\"" + String(repeating: "a", count: 65_536) + "\"")]
        case 7:  // unknown op
            return [header("\"op\":\"op\(g.next(upperBound: 1000 as UInt64))\"")]
        case 8:  // unknown session
            return [header("\"op\":\"reset\",\"session\":\"s\(g.next())\"")]
        case 9:  // wrong protocol version
            return [header("\"op\":\"ping\"", v: String(Int(g.next(upperBound: 100 as UInt64)) + 2))]
        case 10:  // out-of-range actions
            let bad = [Int64(64), -1, Int64.min, Int64.max, 1 << 40].randomElement(using: &g) ?? 64
            return [header(stepFields), WireClient.bytes(of: [bad, 0])]
        case 11:  // too many frames
            return [header("\"op\":\"ping\"")] + Array(repeating: [0], count: 9 + Int(g.next(upperBound: 40 as UInt64)))
        case 12:  // fields of the wrong type or out of range
            let fields = [
                "\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":\"1\"", "\"op\":\"reset\",\"session\":7",
                "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":-3",
                "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":1e300", "\"op\":\"make\",\"env\":null",
                "\"op\":\"reset\",\"session\":\"\(session)\",\"seeds\":[1]", "\"op\":5", "\"op\":\"step\"",
                "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"infos\":\"yes\"",
            ]
            return [header(fields.randomElement(using: &g) ?? fields[0])]
        case 13:  // bad env or scenario, or too many envs
            let fields = [
                "\"op\":\"make\",\"env\":\"Nope-v9\"", "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"scenario\":\"../x.yaml\"",
                "\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":100000",
            ]
            return [header(fields.randomElement(using: &g) ?? fields[0])]
        case 14:  // missing v, id or op; non-object JSON
            let texts = ["{\"id\":1,\"op\":\"ping\"}", "{\"v\":1,\"op\":\"ping\"}", "{\"v\":1,\"id\":1}", "[1,2]", "null", "{}",
                "{\"v\":1,\"id\":-5,\"op\":\"ping\"}", "{\"v\":1,\"id\":1.5,\"op\":\"ping\"}",
                String(repeating: "[", count: 5_000), "{\"v\":1,\"id\":1,\"op\":\"ping\",\"x\":" + String(repeating: "{\"a\":", count: 100)]
            return [Array((texts.randomElement(using: &g) ?? "{}").utf8)]
        default:  // an empty frame 0 (a REQ-style delimiter with nothing after it) or invalid UTF-8
            return g.next(upperBound: 2 as UInt64) == 0 ? [[]] : [[0xff, 0xfe, 0x7b, 0x22]]
        }
    }

    /// The process's resident set size in bytes (0 where `/proc` is unavailable).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * 4096
    }
}
