import CZeroMQ
import Dispatch
import Environments
import Foundation
import GymCore

/// The SensingGym wire-protocol server: one ROUTER socket, many clients, many sessions each.
///
/// A single-threaded event loop (``run()``) receives a request, handles it and replies before the next; a step
/// takes microseconds, and ROUTER queues per peer, so a slow or dead client never blocks the others. Every
/// request is validated and every failure becomes a structured error reply (see `docs/PROTOCOL.md`).
///
/// ```swift
/// let server = try BridgeServer(bind: "tcp://127.0.0.1:*")
/// print("listening on \(server.endpoint)")
/// try server.run()            // until requestStop() is called from another thread or a signal handler
/// ```
public final class BridgeServer: @unchecked Sendable {
    /// The protocol version this server speaks.
    public static let protocolVersion = 1

    /// The endpoint actually bound (an ephemeral `*` port resolved), e.g. `tcp://127.0.0.1:40123`.
    public let endpoint: String
    /// The limits and content served.
    public let configuration: BridgeConfiguration

    let context: ZMQContext
    let socket: ZMQSocket
    let spaceEncoder: JSONEncoder
    var sessions: [String: Session] = [:]
    var sessionsByClient: [[UInt8]: Int] = [:]
    var totalEnvs = 0
    var statistics = BridgeStatistics()
    private let stopLock = NSLock()
    private var stopRequested = false
    private var lastReap: UInt64 = 0

    /// Creates the ROUTER socket and binds it.
    /// - Parameters:
    ///   - endpoint: `tcp://host:port` (port `*`: an ephemeral one), `ipc://path` or `inproc://name`.
    ///   - configuration: limits, envs and scenarios served, CURVE key.
    /// - Throws: ``ZMQError`` when the socket cannot be made or bound (e.g. the port is taken).
    public init(bind endpoint: String, configuration: BridgeConfiguration = BridgeConfiguration()) throws {
        self.configuration = configuration
        context = try ZMQContext()
        socket = try ZMQSocket(context: context, kind: .router)
        try socket.setOption(ZMQ_ROUTER_MANDATORY, Int32(0))
        try socket.setOption(ZMQ_MAXMSGSIZE, configuration.maxMessageBytes)
        try socket.setOption(ZMQ_SNDHWM, Int32(10_000))
        try socket.setOption(ZMQ_RCVHWM, Int32(10_000))
        if let key = configuration.curveSecretKey {
            try socket.setOption(ZMQ_CURVE_SERVER, Int32(1))
            try socket.setOption(ZMQ_CURVE_SECRETKEY, key)
        }
        try socket.bind(endpoint)
        self.endpoint = socket.lastEndpoint
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        spaceEncoder = encoder
    }

    // MARK: - Event loop

    /// Serves requests until ``requestStop()``; then closes every session.
    /// - Throws: ``ZMQError`` only when the socket itself fails (never for a client's input).
    public func run() throws {
        lastReap = Self.now()
        while !isStopRequested {
            if try socket.poll(timeoutMilliseconds: configuration.pollIntervalMilliseconds) {
                // Drain a bounded batch so shutdown and reaping are never starved.
                for _ in 0..<1024 {
                    guard let message = try socket.receiveNow(maxFrames: configuration.maxFrames + 2) else { break }
                    handle(message)
                }
            }
            reapIdleSessions(now: Self.now())
        }
        sessions.removeAll()
        sessionsByClient.removeAll()
        totalEnvs = 0
    }

    /// Asks ``run()`` to return after its current poll (thread-safe; safe from a signal source).
    public func requestStop() {
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
    }

    /// Whether ``requestStop()`` was called.
    public var isStopRequested: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopRequested
    }

    /// The counters, as of the last request handled (read them from the loop's thread, or via the `stats` op).
    public var currentStatistics: BridgeStatistics {
        var stats = statistics
        stats.sessions = sessions.count
        stats.envs = totalEnvs
        stats.clients = sessionsByClient.count
        return stats
    }

    // MARK: - Requests

    /// Handles one received multipart message and sends the reply.
    func handle(_ message: ZMQSocket.Message) {
        var frames = message.frames[...]
        guard let identity = frames.popFirst() else { return }
        statistics.requests += 1
        // A REQ client puts an empty delimiter before frame 0; answer in kind.
        var envelope = [identity]
        if frames.count >= 2, let first = frames.first, first.isEmpty {
            envelope.append(first)
            frames = frames.dropFirst()
        }
        var requestID: UInt64?
        do {
            guard message.droppedFrames == 0, frames.count <= configuration.maxFrames else {
                throw WireFailure(
                    .limitExceeded, "a request may carry at most \(configuration.maxFrames) frames")
            }
            guard let headerBytes = frames.popFirst() else { throw WireFailure(.badHeader, "missing frame 0") }
            guard headerBytes.count <= configuration.maxHeaderBytes else {
                throw WireFailure(
                    .limitExceeded, "frame 0 has \(headerBytes.count) bytes; the limit is \(configuration.maxHeaderBytes)")
            }
            let header: WireHeader
            switch WireHeader.parse(headerBytes) {
            case .success(let parsed): header = parsed
            case .failure(let parseFailure):
                requestID = parseFailure.id
                throw parseFailure.failure
            }
            requestID = header.id
            let reply = try dispatch(header, tensors: Array(frames), client: identity)
            deliver { try send(reply, id: header.id, to: envelope) }
        } catch let failure as WireFailure {
            statistics.errors += 1
            statistics.errorsByCode[failure.code, default: 0] += 1
            deliver { try sendError(failure, id: requestID, to: envelope) }
        } catch {
            statistics.errors += 1
            statistics.errorsByCode[.internal, default: 0] += 1
            deliver { try sendError(WireFailure(.internal, "\(error)"), id: requestID, to: envelope) }
        }
    }

    /// Sends a reply; a failure to send (the peer vanished mid-message) is counted, never fatal to the loop.
    private func deliver(_ body: () throws -> Void) {
        do { try body() } catch { statistics.sendFailures += 1 }
    }

    /// Routes a parsed request to its op.
    func dispatch(_ header: WireHeader, tensors: [[UInt8]], client: [UInt8]) throws(WireFailure) -> BridgeReply {
        let descriptors = header.tensors ?? []
        guard descriptors.count == tensors.count else {
            throw WireFailure(
                .badTensor, "the header describes \(descriptors.count) tensor frames but \(tensors.count) follow")
        }
        switch header.op {
        case "hello": return try hello(header, tensors: tensors)
        case "ping": return try ping(header, tensors: tensors)
        case "stats": return try stats(header, tensors: tensors)
        case "make": return try make(header, tensors: tensors, client: client)
        case "reset": return try reset(header, tensors: tensors)
        case "step": return try step(header, tensors: tensors)
        case "close": return try close(header, tensors: tensors)
        default:
            throw WireFailure(
                .unknownOp, "unknown op '\(header.op.prefix(64))'; known: hello make reset step close ping stats")
        }
    }

    // MARK: - Sending

    private func send(_ reply: BridgeReply, id: UInt64, to envelope: [[UInt8]]) throws {
        var header = JSONWriter()
        header.add("v", Self.protocolVersion)
        header.add("id", id)
        header.add("ok", true)
        if !reply.tensors.isEmpty {
            header.add("tensors", json: "[" + reply.tensors.map(\.frame.json).joined(separator: ",") + "]")
        }
        header.merge(reply.header)
        var headerBytes = header.finish()
        for part in envelope { try part.withUnsafeBytes { try socket.sendFrame($0, more: true) } }
        try headerBytes.withUnsafeMutableBytes {
            try socket.sendFrame(UnsafeRawBufferPointer($0), more: !reply.tensors.isEmpty)
        }
        for (index, tensor) in reply.tensors.enumerated() {
            let more = index + 1 < reply.tensors.count
            switch tensor.payload {
            case .floats(let values): try values.withUnsafeBytes { try socket.sendFrame($0, more: more) }
            case .doubles(let values): try values.withUnsafeBytes { try socket.sendFrame($0, more: more) }
            case .bools(let values): try values.withUnsafeBytes { try socket.sendFrame($0, more: more) }
            }
        }
    }

    private func sendError(_ failure: WireFailure, id: UInt64?, to envelope: [[UInt8]]) throws {
        var header = JSONWriter()
        header.add("v", Self.protocolVersion)
        if let id { header.add("id", id) } else { header.add("id", json: "null") }
        header.add("ok", false)
        var error = JSONWriter()
        error.add("code", failure.code.rawValue)
        error.add("message", failure.message)
        if failure.code == .versionMismatch { error.add("supported", json: "[1]") }
        header.add("error", json: String(decoding: error.finish(), as: UTF8.self))
        try socket.send(envelope + [header.finish()])
    }

    // MARK: - Sessions

    /// Closes sessions idle for longer than the configured timeout (checked at most every 100 ms).
    func reapIdleSessions(now: UInt64) {
        guard now &- lastReap >= 100_000_000 else { return }
        lastReap = now
        let limit = UInt64(min(max(0, configuration.idleTimeoutSeconds), 1e9) * 1e9)
        for session in sessions.values where now &- session.lastUsed > limit {
            removeSession(session)
            statistics.reaped += 1
        }
    }

    /// Forgets `session` and releases its slot in its client's quota.
    func removeSession(_ session: Session) {
        sessions[session.id] = nil
        totalEnvs -= session.count
        let remaining = (sessionsByClient[session.owner] ?? 1) - 1
        sessionsByClient[session.owner] = remaining > 0 ? remaining : nil
    }

    /// Monotonic nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
