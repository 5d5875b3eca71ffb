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
/// Memory is bounded in both directions: inbound by `ZMQ_MAXMSGSIZE` per frame and `ZMQ_RCVHWM` messages per
/// peer (libzmq still stores a whole multipart message before the server sees it, so the number of frames is
/// not bounded before assembly); outbound by `ZMQ_SNDHWM` replies per peer and by a reservation of reply bytes
/// per session against ``BridgeConfiguration/maxOutboundBytes``. A peer whose queue is full stalls (its reply and
/// next requests are held, within bounds); one that does not read again in time is cut off: the sessions it made
/// are closed and its connection is shut down.
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
    /// Disconnection events of `socket` (`zmq_socket_monitor`), to release a vanished peer at once.
    let monitor: ZMQSocket
    /// The ZAP handler (RFC 27) that admits CURVE clients, when CURVE is on.
    let authenticator: ZMQSocket?
    let spaceEncoder: JSONEncoder
    var sessions: [String: Session] = [:]
    var sessionsByClient: [ClientIdentity: Int] = [:]
    var envsByClient: [ClientIdentity: Int] = [:]
    var peers: [[UInt8]: Peer] = [:]
    var totalEnvs = 0
    /// Reply bytes reserved by open sessions (see ``Session/outboundReservation``).
    var reservedOutboundBytes = 0
    /// The sum of every peer's ``Peer/queuedBound``.
    var queuedOutboundBound = 0
    /// Peers whose last reply could not be queued (their queue was full).
    var stalledPeers: Set<[UInt8]> = []
    /// Bytes of requests held for stalled peers, over all of them.
    var backlogBytes = 0
    var statistics = BridgeStatistics()
    /// Set when sessions or peers were released, so the loop returns freed memory to the system.
    var releasedMemory = false
    private let stopLock = NSLock()
    private var stopRequested = false
    private var lastReap: UInt64 = 0
    var lastPeerSweepTime: UInt64 = 0

    /// Creates the ROUTER socket and binds it.
    /// - Parameters:
    ///   - endpoint: `tcp://host:port` (port `*`: an ephemeral one; `[::1]` for IPv6), `ipc://path` or `inproc://name`.
    ///   - configuration: limits, envs and scenarios served, CURVE key and authorized client keys.
    /// - Throws: ``ZMQError`` when the socket cannot be made or bound (e.g. the port is taken).
    public init(bind endpoint: String, configuration: BridgeConfiguration = BridgeConfiguration()) throws {
        self.configuration = configuration
        context = try ZMQContext()
        if configuration.curveSecretKey != nil {
            // The ZAP endpoint must exist before the first CURVE handshake, so before bind.
            let handler = try ZMQSocket(context: context, kind: .rep)
            try handler.bind("inproc://zeromq.zap.01")
            authenticator = handler
        } else {
            authenticator = nil
        }
        socket = try ZMQSocket(context: context, kind: .router)
        try socket.setOption(ZMQ_ROUTER_MANDATORY, Int32(1))
        try socket.setOption(ZMQ_MAXMSGSIZE, Int64(configuration.maxFrameBytes))
        try socket.setOption(ZMQ_SNDHWM, Int32(configuration.maxQueuedRepliesPerPeer))
        try socket.setOption(ZMQ_RCVHWM, Int32(configuration.receiveQueueLength))
        if endpoint.hasPrefix("tcp://[") { try socket.setOption(ZMQ_IPV6, Int32(1)) }
        if let key = configuration.curveSecretKey {
            try socket.setOption(ZMQ_CURVE_SERVER, Int32(1))
            try socket.setOption(ZMQ_CURVE_SECRETKEY, key)
            try socket.setOption(ZMQ_ZAP_DOMAIN, "sensing-gym")
        }
        let monitorEndpoint = "inproc://sensing-gym-monitor-\(UInt64.random(in: 0...UInt64.max))"
        guard zmq_socket_monitor(socket.handle, monitorEndpoint, ZMQ_EVENT_DISCONNECTED) == 0 else {
            throw ZMQError("zmq_socket_monitor")
        }
        monitor = try ZMQSocket(context: context, kind: .pair)
        try monitor.connect(monitorEndpoint)
        try socket.bind(endpoint)
        self.endpoint = socket.lastEndpoint
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        spaceEncoder = encoder
        // A write to a connection the server shut down must not kill the process.
        signal(SIGPIPE, SIG_IGN)
    }

    // MARK: - Event loop

    /// Serves requests until ``requestStop()``; then closes every session.
    /// - Throws: ``ZMQError`` only when the socket itself fails (never for a client's input).
    public func run() throws {
        lastReap = Self.now()
        let polled = [socket, monitor] + (authenticator.map { [$0] } ?? [])
        while !isStopRequested {
            // While a peer is stalled its held reply is retried every millisecond.
            let timeout = stalledPeers.isEmpty ? configuration.pollIntervalMilliseconds : 1
            let ready = try ZMQSocket.poll(polled, timeoutMilliseconds: timeout)
            if ready[0] {
                // Drain a bounded batch so shutdown and reaping are never starved.
                for _ in 0..<1024 {
                    guard
                        let message = try socket.receiveNow(
                            maxFrames: configuration.maxFrames + 2, readsPeerProperties: { self.peers[$0] == nil })
                    else { break }
                    handle(message)
                }
            }
            if !stalledPeers.isEmpty { retryStalledPeers(now: Self.now()) }
            if ready[1] { try handleMonitorEvents() }
            if ready.count > 2, ready[2], let authenticator { try authenticate(with: authenticator) }
            let now = Self.now()
            reapIdleSessions(now: now)
            sweepPeers(now: now)
        }
        sessions.removeAll()
        sessionsByClient.removeAll()
        envsByClient.removeAll()
        peers.removeAll()
        stalledPeers.removeAll()
        backlogBytes = 0
        totalEnvs = 0
        reservedOutboundBytes = 0
        queuedOutboundBound = 0
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

    /// The server-wide counters, as of the last request handled (read them from the loop's thread).
    public var currentStatistics: BridgeStatistics {
        var stats = statistics
        stats.sessions = sessions.count
        stats.envs = totalEnvs
        stats.clients = sessionsByClient.count
        stats.peers = peers.count
        stats.queuedOutboundBytes = queuedOutboundBound
        stats.reservedOutboundBytes = reservedOutboundBytes
        stats.stalledPeers = stalledPeers.count
        stats.backlogBytes = backlogBytes
        return stats
    }

    // MARK: - Requests

    /// Handles one received multipart message and sends the reply; queues it instead while its peer is stalled.
    func handle(_ message: ZMQSocket.Message) {
        guard let routingID = message.frames.first else { return }
        let now = Self.now()
        if peers[routingID] == nil {
            peers[routingID] = Peer(
                client: ClientIdentity(userID: message.userID, peerAddress: message.peerAddress, routingID: routingID),
                descriptor: message.sourceDescriptor, address: message.peerAddress,
                queueLength: configuration.maxQueuedRepliesPerPeer, now: now)
        }
        guard let peer = peers[routingID], !peer.isCutOff else {
            statistics.ignoredRequests += 1
            return
        }
        peers[routingID]?.lastSeen = now
        if peer.pending != nil {
            // The peer has not read its replies: hold its requests, in order, within bounds.
            // A burst can stall a peer that reads for a moment (libzmq's I/O thread lags the loop), so the
            // per-peer limits apply once the stall is older than the grace period; the total applies always.
            let bytes = message.frames.reduce(0) { $0 + $1.count }
            let young = now &- peer.stalledSince < Self.nanoseconds(configuration.stallGraceSeconds)
            let withinPeerLimits = peer.backlog.count < configuration.maxQueuedRequestsPerPeer
                && (peer.backlog.isEmpty || peer.backlogBytes + bytes <= configuration.maxBacklogBytesPerPeer)
            guard young || withinPeerLimits, backlogBytes + bytes <= configuration.maxBacklogBytes else {
                cutOff(routingID)
                return
            }
            peers[routingID]?.backlog.append(message)
            peers[routingID]?.backlogBytes += bytes
            backlogBytes += bytes
            return
        }
        process(message, from: peer, now: now)
    }

    /// Answers one request of a peer that is not stalled.
    private func process(_ message: ZMQSocket.Message, from peer: Peer, now: UInt64) {
        var frames = message.frames[...]
        guard let routingID = frames.popFirst() else { return }
        statistics.requests += 1
        // A REQ client puts an empty delimiter before frame 0; answer in kind.
        var envelope = [routingID]
        if frames.count >= 2, let first = frames.first, first.isEmpty {
            envelope.append(first)
            frames = frames.dropFirst()
        }
        var requestID: UInt64?
        let outgoing: Outgoing
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
            let caller = Caller(client: peer.client, connection: routingID)
            let reply = try dispatch(header, tensors: Array(frames), caller: caller)
            outgoing = .success(reply, id: header.id, envelope: envelope)
        } catch let failure as WireFailure {
            statistics.errors += 1
            statistics.errorsByCode[failure.code, default: 0] += 1
            outgoing = .failure(failure, id: requestID, envelope: envelope)
        } catch {
            statistics.errors += 1
            statistics.errorsByCode[.internal, default: 0] += 1
            outgoing = .failure(WireFailure(.internal, "\(error)"), id: requestID, envelope: envelope)
        }
        deliver(outgoing, to: routingID, now: now)
    }

    /// A reply on its way to a peer (kept while the peer's queue is full).
    enum Outgoing {
        case success(BridgeReply, id: UInt64, envelope: [[UInt8]])
        case failure(WireFailure, id: UInt64?, envelope: [[UInt8]])
    }

    /// Sends a reply and accounts its bytes to the peer. When the peer's queue is full (`EAGAIN`: it has
    /// ``BridgeConfiguration/maxQueuedRepliesPerPeer`` replies unread) the reply is kept and the peer stalls
    /// until it reads; any other failure to send is counted, never fatal to the loop.
    /// - Returns: whether the reply left (was queued by libzmq, or dropped for good).
    @discardableResult
    func deliver(_ outgoing: Outgoing, to routingID: [UInt8], now: UInt64, retried: Bool = false) -> Bool {
        do {
            let bytes: Int
            switch outgoing {
            case let .success(reply, id, envelope): bytes = try send(reply, id: id, to: envelope)
            case let .failure(failure, id, envelope): bytes = try sendError(failure, id: id, to: envelope)
            }
            if let delta = peers[routingID]?.recordReply(bytes: bytes) { queuedOutboundBound += delta }
            return true
        } catch let error as ZMQError where error.wouldBlock {
            // libzmq learns that the peer read its replies from commands it processes lazily (at most every
            // millisecond during sends); process them now and retry once before calling the queue full.
            if !retried {
                socket.processPendingCommands()
                return deliver(outgoing, to: routingID, now: now, retried: true)
            }
            if peers[routingID]?.pending == nil {
                peers[routingID]?.pending = outgoing
                peers[routingID]?.stalledSince = now
                stalledPeers.insert(routingID)
                statistics.stalls += 1
            }
            return false
        } catch {
            statistics.sendFailures += 1
            return true
        }
    }

    /// Retries the held reply of every stalled peer; a peer that reads again gets its held requests answered,
    /// one that stays stalled longer than ``BridgeConfiguration/stallTimeoutSeconds`` is cut off.
    func retryStalledPeers(now: UInt64) {
        let timeout = Self.nanoseconds(configuration.stallTimeoutSeconds)
        for routingID in stalledPeers {
            guard let peer = peers[routingID], let pending = peer.pending, !peer.isCutOff else {
                stalledPeers.remove(routingID)
                continue
            }
            guard deliver(pending, to: routingID, now: now) else {
                if now &- peer.stalledSince > timeout { cutOff(routingID) }
                continue
            }
            peers[routingID]?.pending = nil
            stalledPeers.remove(routingID)
            while let current = peers[routingID], current.pending == nil, !current.backlog.isEmpty {
                let next = current.backlog[0]
                let bytes = next.frames.reduce(0) { $0 + $1.count }
                peers[routingID]?.backlog.removeFirst()
                peers[routingID]?.backlogBytes -= bytes
                backlogBytes -= bytes
                process(next, from: current, now: now)
            }
        }
    }

    /// Who sent a request: the quota identity and the connection.
    struct Caller {
        /// The identity quotas and sessions belong to.
        let client: ClientIdentity
        /// The connection's routing id.
        let connection: [UInt8]
    }

    /// Routes a parsed request to its op.
    func dispatch(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        let descriptors = header.tensors ?? []
        guard descriptors.count == tensors.count else {
            throw WireFailure(
                .badTensor, "the header describes \(descriptors.count) tensor frames but \(tensors.count) follow")
        }
        switch header.op {
        case "hello": return try hello(header, tensors: tensors)
        case "ping": return try ping(header, tensors: tensors, caller: caller)
        case "stats": return try stats(header, tensors: tensors, caller: caller)
        case "make": return try make(header, tensors: tensors, caller: caller)
        case "reset": return try reset(header, tensors: tensors, caller: caller)
        case "step": return try step(header, tensors: tensors, caller: caller)
        case "close": return try close(header, tensors: tensors, caller: caller)
        default:
            throw WireFailure(
                .unknownOp, "unknown op '\(header.op.prefix(64))'; known: hello make reset step close ping stats")
        }
    }

    // MARK: - Sending

    /// Sends a success reply; returns its size in bytes.
    private func send(_ reply: BridgeReply, id: UInt64, to envelope: [[UInt8]]) throws -> Int {
        var header = JSONWriter()
        header.add("v", Self.protocolVersion)
        header.add("id", id)
        header.add("ok", true)
        if !reply.tensors.isEmpty {
            header.add("tensors", json: "[" + reply.tensors.map(\.frame.json).joined(separator: ",") + "]")
        }
        header.merge(reply.header)
        var headerBytes = header.finish()
        var total = headerBytes.count
        for part in envelope { try part.withUnsafeBytes { try socket.sendFrame($0, more: true) } }
        try headerBytes.withUnsafeMutableBytes {
            try socket.sendFrame(UnsafeRawBufferPointer($0), more: !reply.tensors.isEmpty)
        }
        for (index, tensor) in reply.tensors.enumerated() {
            let more = index + 1 < reply.tensors.count
            switch tensor.payload {
            case .floats(let values):
                total += values.count * 4
                try values.withUnsafeBytes { try socket.sendFrame($0, more: more) }
            case .doubles(let values):
                total += values.count * 8
                try values.withUnsafeBytes { try socket.sendFrame($0, more: more) }
            case .bools(let values):
                total += values.count
                try values.withUnsafeBytes { try socket.sendFrame($0, more: more) }
            }
        }
        return total
    }

    /// Sends an error reply; returns its size in bytes.
    private func sendError(_ failure: WireFailure, id: UInt64?, to envelope: [[UInt8]]) throws -> Int {
        var header = JSONWriter()
        header.add("v", Self.protocolVersion)
        if let id { header.add("id", id) } else { header.add("id", json: "null") }
        header.add("ok", false)
        var error = JSONWriter()
        error.add("code", failure.code.rawValue)
        error.add("message", failure.message)
        if failure.code == .versionMismatch { error.add("supported", json: "[1]") }
        header.add("error", json: String(decoding: error.finish(), as: UTF8.self))
        let bytes = header.finish()
        try socket.send(envelope + [bytes])
        return bytes.count
    }

    // MARK: - Sessions

    /// Closes sessions idle for longer than the configured timeout, and sessions whose connection vanished
    /// longer than the orphan timeout ago (checked at most every 100 ms); then returns freed memory.
    func reapIdleSessions(now: UInt64) {
        guard now &- lastReap >= 100_000_000 else { return }
        lastReap = now
        let limit = Self.nanoseconds(configuration.idleTimeoutSeconds)
        let orphanLimit = Self.nanoseconds(min(configuration.orphanTimeoutSeconds, configuration.idleTimeoutSeconds))
        for session in sessions.values {
            let orphanExpired = session.orphanedAt.map { now &- $0 > orphanLimit } ?? false
            if now &- session.lastUsed > limit || orphanExpired {
                removeSession(session)
                statistics.reaped += 1
            }
        }
        if releasedMemory {
            releasedMemory = false
            MemoryRelease.returnFreedMemory()
        }
    }

    /// Forgets `session` and releases its slots in its client's quotas.
    func removeSession(_ session: Session) {
        sessions[session.id] = nil
        totalEnvs -= session.count
        reservedOutboundBytes -= session.outboundReservation
        let remaining = (sessionsByClient[session.owner] ?? 1) - 1
        sessionsByClient[session.owner] = remaining > 0 ? remaining : nil
        let envs = (envsByClient[session.owner] ?? session.count) - session.count
        envsByClient[session.owner] = envs > 0 ? envs : nil
        releasedMemory = true
    }

    static func nanoseconds(_ seconds: Double) -> UInt64 { UInt64(min(max(0, seconds), 1e9) * 1e9) }

    /// Monotonic nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
