import CZeroMQ

/// A libzmq socket with the few calls the bridge needs: options, bind/connect, multipart send and receive, poll.
///
/// Not thread-safe (libzmq sockets are not): use one socket from one thread at a time. Closed on deinit with
/// `ZMQ_LINGER` 0, so unsent messages never hold a process open.
///
/// ```swift
/// let dealer = try ZMQSocket(context: context, kind: .dealer)
/// try dealer.connect("tcp://127.0.0.1:5555")
/// try dealer.send([Array(#"{"v":1,"id":1,"op":"ping"}"#.utf8)])
/// let reply = try dealer.receive(timeoutMilliseconds: 1000)
/// ```
public final class ZMQSocket: @unchecked Sendable {
    /// The socket types the bridge uses.
    public enum Kind: Sendable {
        /// `ZMQ_ROUTER`: the server side, addressing each peer by its routing id.
        case router
        /// `ZMQ_DEALER`: the client side, asynchronous request/reply without REQ's lock-step.
        case dealer
        /// `ZMQ_REP`: the server's ZAP handler (CURVE client authentication).
        case rep
        /// `ZMQ_PAIR`: the reading end of the server's socket monitor.
        case pair

        var rawValue: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .dealer: return ZMQ_DEALER
            case .rep: return ZMQ_REP
            case .pair: return ZMQ_PAIR
            }
        }
    }

    /// A received multipart message.
    public struct Message: Sendable {
        /// The frames, in order (at most the `maxFrames` asked for).
        public var frames: [[UInt8]]
        /// Frames that arrived beyond `maxFrames` and were dropped (0 normally).
        public var droppedFrames: Int
        /// The connection's file descriptor in libzmq (`ZMQ_SRCFD`), −1 when unknown.
        public var sourceDescriptor: Int32 = -1
        /// The peer's IP address (`Peer-Address` metadata), empty for ipc/inproc peers.
        public var peerAddress: String = ""
        /// The user id the ZAP handler gave the connection (`User-Id`: the CURVE public key), empty without one.
        public var userID: String = ""
    }

    private let context: ZMQContext
    let handle: UnsafeMutableRawPointer

    /// Creates a socket of `kind` with `ZMQ_LINGER` 0.
    /// - Throws: ``ZMQError`` when libzmq refuses.
    public init(context: ZMQContext, kind: Kind) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else { throw ZMQError("zmq_socket") }
        self.context = context
        self.handle = handle
        try setOption(ZMQ_LINGER, Int32(0))
    }

    deinit { zmq_close(handle) }

    // MARK: - Options

    /// Sets an `int` option (e.g. `ZMQ_LINGER`, `ZMQ_SNDHWM`, `ZMQ_CURVE_SERVER`).
    /// - Throws: ``ZMQError`` when libzmq rejects the option or value.
    public func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("zmq_setsockopt(\(option))")
        }
    }

    /// Sets an `int64_t` option (e.g. `ZMQ_MAXMSGSIZE`).
    /// - Throws: ``ZMQError`` when libzmq rejects the option or value.
    public func setOption(_ option: Int32, _ value: Int64) throws {
        var value = value
        guard zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) == 0 else {
            throw ZMQError("zmq_setsockopt(\(option))")
        }
    }

    /// Sets a string option (e.g. a Z85 key for `ZMQ_CURVE_SECRETKEY`, passed with its terminating NUL).
    /// - Throws: ``ZMQError`` when libzmq rejects the option or value.
    public func setOption(_ option: Int32, _ value: String) throws {
        var bytes = Array(value.utf8CString)
        let status = bytes.withUnsafeMutableBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard status == 0 else { throw ZMQError("zmq_setsockopt(\(option))") }
    }

    /// Reads a string option (e.g. `ZMQ_LAST_ENDPOINT`).
    /// - Throws: ``ZMQError`` when libzmq rejects the option.
    public func stringOption(_ option: Int32) throws -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        let status = buffer.withUnsafeMutableBytes { zmq_getsockopt(handle, option, $0.baseAddress, &size) }
        guard status == 0 else { throw ZMQError("zmq_getsockopt(\(option))") }
        let text = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    /// The endpoint the socket last bound or connected, with an ephemeral port resolved (`ZMQ_LAST_ENDPOINT`).
    public var lastEndpoint: String { (try? stringOption(ZMQ_LAST_ENDPOINT)) ?? "" }

    /// Makes libzmq process the socket's pending internal commands now (reading `ZMQ_EVENTS` does so without
    /// the throttling of sends), e.g. a peer's notice that it read queued messages.
    public func processPendingCommands() {
        var events: Int32 = 0
        var size = MemoryLayout<Int32>.size
        _ = zmq_getsockopt(handle, ZMQ_EVENTS, &events, &size)
    }

    // MARK: - Endpoints

    /// Binds to `endpoint` (`tcp://host:port`, `tcp://host:*`, `ipc://path`, `inproc://name`).
    /// - Throws: ``ZMQError`` (e.g. address in use, bad address).
    public func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("zmq_bind(\(endpoint))") }
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    /// - Throws: ``ZMQError`` for a malformed endpoint.
    public func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("zmq_connect(\(endpoint))") }
    }

    // MARK: - Poll

    /// Waits up to `timeoutMilliseconds` (−1: forever) for an incoming message; `false` on timeout or signal.
    /// - Throws: ``ZMQError`` when the socket or context is gone.
    public func poll(timeoutMilliseconds: Int) throws -> Bool {
        try Self.poll([self], timeoutMilliseconds: timeoutMilliseconds)[0]
    }

    /// Waits up to `timeoutMilliseconds` for any of `sockets` to have input; which ones have (all `false` on
    /// timeout or signal).
    /// - Throws: ``ZMQError`` when a socket or context is gone.
    public static func poll(_ sockets: [ZMQSocket], timeoutMilliseconds: Int) throws -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let ready = zmq_poll(&items, Int32(items.count), timeoutMilliseconds)
        if ready < 0 {
            let error = ZMQError("zmq_poll")
            if error.interrupted { return Array(repeating: false, count: sockets.count) }
            throw error
        }
        return items.map { ready > 0 && (Int32($0.revents) & ZMQ_POLLIN) != 0 }
    }

    // MARK: - Send

    /// Sends `frames` as one multipart message without blocking.
    ///
    /// On a ROUTER with `ZMQ_ROUTER_MANDATORY` on, a message to a vanished peer fails its first frame with
    /// `EHOSTUNREACH` and one to a peer whose queue is full with `EAGAIN`; nothing of it is queued.
    /// - Throws: ``ZMQError`` for any failure.
    public func send(_ frames: [[UInt8]]) throws {
        for (index, frame) in frames.enumerated() {
            try frame.withUnsafeBytes { try sendFrame($0, more: index + 1 < frames.count) }
        }
    }

    /// Sends one frame of a multipart message without blocking; `more` when further frames follow.
    ///
    /// On a ROUTER with `ZMQ_ROUTER_MANDATORY` on, a peer whose queue is full fails the first frame with
    /// `EAGAIN` (thrown, ``ZMQError/wouldBlock``) and a vanished one with `EHOSTUNREACH`, before any frame of the
    /// message is queued; the caller must then not send the message's other frames.
    /// - Throws: ``ZMQError`` for any failure.
    public func sendFrame(_ bytes: UnsafeRawBufferPointer, more: Bool) throws {
        let flags = ZMQ_DONTWAIT | (more ? ZMQ_SNDMORE : 0)
        while true {
            let sent = zmq_send(handle, bytes.baseAddress, bytes.count, flags)
            if sent >= 0 { return }
            let error = ZMQError("zmq_send")
            if error.interrupted { continue }
            throw error
        }
    }

    // MARK: - Receive

    /// Receives one multipart message without blocking; `nil` when none is queued.
    ///
    /// Frames after the first `maxFrames` are read and dropped (counted in ``Message/droppedFrames``), so a
    /// peer cannot make the receiver hold an unbounded number of frames.
    /// - Parameters:
    ///   - maxFrames: frames kept; later ones are dropped.
    ///   - readsPeerProperties: asked with the first frame (a ROUTER's routing id) whether to read the
    ///     connection's properties (``Message/sourceDescriptor``, ``Message/peerAddress``, ``Message/userID``).
    /// - Throws: ``ZMQError`` when the socket or context is gone.
    public func receiveNow(
        maxFrames: Int = 64, readsPeerProperties: ([UInt8]) -> Bool = { _ in false }
    ) throws -> Message? {
        var frames: [[UInt8]] = []
        var dropped = 0
        var result = Message(frames: [], droppedFrames: 0)
        var wantsProperties = false
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let flags = frames.isEmpty && dropped == 0 ? ZMQ_DONTWAIT : 0
            let received = zmq_msg_recv(&message, handle, flags)
            if received < 0 {
                let error = ZMQError("zmq_msg_recv")
                if error.interrupted { continue }
                if error.wouldBlock && frames.isEmpty && dropped == 0 { return nil }
                throw error
            }
            // On a ROUTER the connection's metadata is on the frames after the routing id.
            if frames.count == 1 && dropped == 0 && result.sourceDescriptor < 0 && wantsProperties {
                result.sourceDescriptor = zmq_msg_get(&message, ZMQ_SRCFD)
                if let text = zmq_msg_gets(&message, "Peer-Address") { result.peerAddress = String(cString: text) }
                if let text = zmq_msg_gets(&message, "User-Id") { result.userID = String(cString: text) }
            }
            if frames.isEmpty && dropped == 0 {
                let size = zmq_msg_size(&message)
                let first = size == 0 ? [] : Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size))
                wantsProperties = readsPeerProperties(first)
                frames.append(first)
                if zmq_msg_more(&message) == 0 { break }
                continue
            }
            if frames.count < maxFrames {
                let size = zmq_msg_size(&message)
                if size == 0 {
                    frames.append([])
                } else if let data = zmq_msg_data(&message) {
                    frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
                } else {
                    frames.append([])
                }
            } else {
                dropped += 1
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        result.frames = frames
        result.droppedFrames = dropped
        return result
    }

    /// Waits up to `timeoutMilliseconds` for a multipart message; `nil` on timeout.
    /// - Throws: ``ZMQError`` when the socket or context is gone.
    public func receive(timeoutMilliseconds: Int, maxFrames: Int = 64) throws -> Message? {
        if let message = try receiveNow(maxFrames: maxFrames) { return message }
        guard try poll(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        return try receiveNow(maxFrames: maxFrames)
    }
}
