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
    /// Open sessions one client identity (one DEALER connection) may hold.
    public var maxSessionsPerClient = 16
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
    /// libzmq's `ZMQ_MAXMSGSIZE`: a peer sending a larger frame is disconnected by libzmq.
    public var maxMessageBytes: Int64 = 64 * 1024 * 1024
    /// How long one poll waits before the loop checks for shutdown and idle sessions, in milliseconds.
    public var pollIntervalMilliseconds = 100
    /// The Z85-encoded CURVE secret key; when set the socket is a CURVE server and only encrypted clients connect.
    public var curveSecretKey: String?
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
