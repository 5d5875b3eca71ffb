/// Counters a ``BridgeServer`` reports in its `stats` reply, for monitoring.
public struct BridgeStatistics: Sendable, Equatable {
    /// Open sessions.
    public var sessions = 0
    /// Envs over all open sessions.
    public var envs = 0
    /// Client identities holding at least one session.
    public var clients = 0
    /// Requests received (well-formed or not).
    public var requests = 0
    /// Requests answered with an error.
    public var errors = 0
    /// Sessions closed by the idle timeout.
    public var reaped = 0
    /// Replies libzmq refused to queue (counted, then dropped).
    public var sendFailures = 0
    /// Connections cut off because their reply queue was full (they did not read).
    public var cutOff = 0
    /// Requests ignored because they came from a connection that was cut off.
    public var ignoredRequests = 0
    /// Connections that closed (seen by the socket monitor).
    public var disconnects = 0
    /// CURVE clients refused by the ZAP handler (key not authorized).
    public var rejectedClients = 0
    /// Times a peer's reply queue was full and its reply was held.
    public var stalls = 0
    /// Peers stalled now.
    public var stalledPeers = 0
    /// Bytes of requests held for stalled peers.
    public var backlogBytes = 0
    /// Connections heard from and not yet disconnected.
    public var peers = 0
    /// Upper bound of the reply bytes libzmq holds for all peers.
    public var queuedOutboundBytes = 0
    /// Reply bytes reserved by open sessions.
    public var reservedOutboundBytes = 0
    /// Errors by code.
    public var errorsByCode: [WireErrorCode: Int] = [:]

    /// Creates zeroed counters.
    public init() {}

    /// The counters as the JSON fields of a `stats` reply.
    var json: String {
        var writer = JSONWriter()
        writer.add("sessions", sessions)
        writer.add("envs", envs)
        writer.add("clients", clients)
        writer.add("requests", requests)
        writer.add("errors", errors)
        writer.add("reaped", reaped)
        writer.add("send_failures", sendFailures)
        writer.add("cut_off", cutOff)
        writer.add("ignored_requests", ignoredRequests)
        writer.add("disconnects", disconnects)
        writer.add("rejected_clients", rejectedClients)
        writer.add("stalls", stalls)
        writer.add("stalled_peers", stalledPeers)
        writer.add("backlog_bytes", backlogBytes)
        writer.add("peers", peers)
        writer.add("queued_outbound_bytes", queuedOutboundBytes)
        writer.add("reserved_outbound_bytes", reservedOutboundBytes)
        var codes = JSONWriter()
        for code in WireErrorCode.allCases { codes.add(code.rawValue, errorsByCode[code] ?? 0) }
        writer.add("errors_by_code", json: String(decoding: codes.finish(), as: UTF8.self))
        return String(decoding: writer.finish(), as: UTF8.self)
    }
}
