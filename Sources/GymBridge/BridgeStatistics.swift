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
        var codes = JSONWriter()
        for code in WireErrorCode.allCases { codes.add(code.rawValue, errorsByCode[code] ?? 0) }
        writer.add("errors_by_code", json: String(decoding: codes.finish(), as: UTF8.self))
        return String(decoding: writer.finish(), as: UTF8.self)
    }
}
