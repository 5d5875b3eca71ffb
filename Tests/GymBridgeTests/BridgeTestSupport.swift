import CZeroMQ
import Dispatch
import Foundation
import XCTest

@testable import GymBridge

/// A ``BridgeServer`` running its event loop on a background thread, bound to an ephemeral loopback port.
final class RunningServer: Sendable {
    let server: BridgeServer
    private let finished = DispatchSemaphore(value: 0)

    init(_ configuration: BridgeConfiguration = BridgeConfiguration()) throws {
        let server = try BridgeServer(bind: "tcp://127.0.0.1:*", configuration: configuration)
        self.server = server
        let finished = self.finished
        let thread = Thread {
            do { try server.run() } catch { XCTFail("server loop failed: \(error)") }
            finished.signal()
        }
        thread.start()
    }

    var endpoint: String { server.endpoint }

    /// Stops the loop and waits for it; returns the seconds it took.
    @discardableResult
    func stop() -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        server.requestStop()
        finished.wait()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// A DEALER test client that sends raw frames and parses reply headers with `JSONSerialization`.
final class WireClient {
    let context: ZMQContext
    let socket: ZMQSocket
    private var nextID: UInt64 = 1

    init(_ endpoint: String, context: ZMQContext? = nil, configure: (ZMQSocket) throws -> Void = { _ in }) throws {
        self.context = try context ?? ZMQContext()
        socket = try ZMQSocket(context: self.context, kind: .dealer)
        try configure(socket)
        try socket.connect(endpoint)
    }

    /// A reply: its header as a dictionary and its tensor frames.
    struct Reply {
        var header: [String: Any]
        var frames: [[UInt8]]
        var ok: Bool { header["ok"] as? Bool ?? false }
        var code: String? { (header["error"] as? [String: Any])?["code"] as? String }
        func string(_ key: String) -> String? { header[key] as? String }
    }

    func sendRaw(_ frames: [[UInt8]]) throws { try socket.send(frames) }

    func receive(timeout: Int = 10_000) throws -> Reply {
        guard var frames = try socket.receive(timeoutMilliseconds: timeout)?.frames else {
            throw WireTestError.timeout
        }
        if frames.count > 1, frames[0].isEmpty { frames.removeFirst() }
        guard let first = frames.first,
            let header = try JSONSerialization.jsonObject(with: Data(first)) as? [String: Any]
        else { throw WireTestError.badReply }
        return Reply(header: header, frames: Array(frames.dropFirst()))
    }

    /// Sends `fields` (JSON members without braces, e.g. `"op":"ping"`) with a fresh id and the given tensors.
    func call(_ fields: String, tensors: [[UInt8]] = []) throws -> Reply {
        let id = nextID
        nextID += 1
        let header = "{\"v\":1,\"id\":\(id)," + fields + "}"
        try sendRaw([Array(header.utf8)] + tensors)
        let reply = try receive()
        XCTAssertEqual((reply.header["id"] as? NSNumber)?.uint64Value, id)
        return reply
    }

    func make(_ numEnvs: Int = 1, extra: String = "") throws -> String {
        let reply = try call("\"op\":\"make\",\"env\":\"BeamSelection-v1\",\"num_envs\":\(numEnvs)" + extra)
        guard let session = reply.string("session") else {
            throw WireTestError.refused(String(describing: reply.header))
        }
        return session
    }

    func step(_ session: String, actions: [Int64]) throws -> Reply {
        let descriptor = "{\"name\":\"actions\",\"dtype\":\"i64\",\"shape\":[\(actions.count)]}"
        return try call(
            "\"op\":\"step\",\"session\":\"\(session)\",\"tensors\":[\(descriptor)]",
            tensors: [Self.bytes(of: actions)])
    }

    func stats() throws -> [String: Any] {
        try call("\"op\":\"stats\"").header["stats"] as? [String: Any] ?? [:]
    }

    /// `endpoint` connected from the loopback source address `source` (e.g. `127.0.0.2`): another client identity.
    static func endpoint(_ endpoint: String, fromSource source: String) -> String {
        "tcp://\(source):0;" + endpoint.dropFirst("tcp://".count)
    }

    static func bytes<T>(of values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    static func values<T>(_ bytes: [UInt8], as type: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.stride
        return bytes.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) } }
    }
}

enum WireTestError: Error {
    case timeout
    case badReply
    case refused(String)
}
