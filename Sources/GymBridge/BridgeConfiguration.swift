import Environments
import GymCore

/// The limits and content of a ``BridgeServer``: which envs and scenarios it serves and how much one client may use.
///
/// ```swift
/// var configuration = BridgeConfiguration()
/// configuration.idleTimeoutSeconds = 5
/// let server = try BridgeServer(bind: "tcp://127.0.0.1:*", configuration: configuration)
/// ```
public struct BridgeConfiguration: Sendable {
    /// Sessions untouched for this many seconds are closed (their client vanished).
    public var idleTimeoutSeconds: Double = 300
    /// Sessions whose connection closed are closed after this many seconds unless the client reconnects and
    /// uses them (capped by ``idleTimeoutSeconds``): a killed client's quota comes back quickly.
    public var orphanTimeoutSeconds: Double = 10
    /// Open sessions one client identity may hold over all its connections (its CURVE key, else its IP address;
    /// clients on one host without CURVE share one identity).
    public var maxSessionsPerClient = 64
    /// Envs one client identity may hold over all its sessions.
    public var maxEnvsPerClient = 4096
    /// Open sessions over all clients.
    public var maxSessions = 1024
    /// Envs one session may hold (`num_envs` of `make`).
    public var maxEnvsPerSession = 256
    /// Envs over all sessions (bounds the server's memory whatever the number of clients).
    public var maxTotalEnvs = 16_384
    /// Largest frame 0 (the JSON header) accepted, in bytes; larger ones get `limit_exceeded`.
    public var maxHeaderBytes = 64 * 1024
    /// Most frames (header plus tensors) one request may carry; more get `limit_exceeded`.
    public var maxFrames = 8
    /// libzmq's `ZMQ_MAXMSGSIZE`: the largest frame accepted, in bytes; a peer sending a larger one is
    /// disconnected by libzmq before the frame is stored. 1 MiB holds the action tensor of any session this
    /// server makes (a `make` whose action tensor would not fit is refused).
    public var maxFrameBytes = 1024 * 1024
    /// Complete requests libzmq queues per peer before it stops reading the connection (`ZMQ_RCVHWM`).
    public var receiveQueueLength = 16
    /// Requests the server holds per peer while the peer is stalled (over it the peer is cut off); their bytes are
    /// bounded by ``maxBacklogBytesPerPeer`` per peer and ``maxBacklogBytes`` in total.
    public var maxQueuedRequestsPerPeer = 1024
    /// Bytes of requests held for one stalled peer (at least one request always fits).
    public var maxBacklogBytesPerPeer = 256 * 1024
    /// Bytes of requests held for all stalled peers together; a peer whose request would pass it is cut off.
    public var maxBacklogBytes = 16 * 1024 * 1024
    /// Seconds into a stall during which the per-peer backlog limits do not yet apply (a reading peer's burst).
    public var stallGraceSeconds = 0.1
    /// Unread replies libzmq queues per peer (`ZMQ_SNDHWM`); with this many unread the peer stalls.
    public var maxQueuedRepliesPerPeer = 4
    /// Seconds a stalled peer (one that does not read its replies) is given to read before it is cut off.
    public var stallTimeoutSeconds: Double = 5
    /// Largest reply one session may produce (its `step` reply), in bytes; a larger `make` is refused.
    public var maxReplyBytes = 8 * 1024 * 1024
    /// Reply bytes all sessions may have queued, in total: each session reserves
    /// (``maxQueuedRepliesPerPeer`` + 1) × its reply size, and a `make` over the total is refused.
    public var maxOutboundBytes = 128 * 1024 * 1024
    /// How long one poll waits before the loop checks for shutdown and idle sessions, in milliseconds.
    public var pollIntervalMilliseconds = 100
    /// The Z85-encoded CURVE secret key; when set the socket is a CURVE server and only encrypted clients connect.
    public var curveSecretKey: String?
    /// The Z85 public keys of the CURVE clients admitted (ZAP); `nil` admits any key pair.
    public var curveAuthorizedKeys: Set<String>?
    /// The server's version, reported by `hello`.
    public var serverVersion = "0.1.0"
    /// The envs served, by id.
    public var registry: EnvRegistry<ProbeInfo> = SensingGymRegistry.shared
    /// The scenario names `make` accepts (never file paths: a client must not name files on the server).
    public var scenarios: [String] = ScenarioLibrary.names
    /// The scenario of a `make` that names none.
    public var defaultScenario: String = ScenarioLibrary.defaultName

    /// Creates the default configuration: every registered env, every built-in scenario, 300 s idle timeout.
    public init() {}
}
