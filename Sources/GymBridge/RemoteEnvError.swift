/// Why a ``RemoteEnv`` request failed.
public enum RemoteEnvError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No reply within the timeout: the server is gone, overloaded or unreachable.
    case timeout(String)
    /// The server refused the request with a protocol error code (`bad_action`, `unknown_session`, …).
    case server(code: String, message: String)
    /// libzmq failed locally (bad endpoint, socket closed).
    case transport(String)
    /// The reply does not follow protocol v1.
    case malformedReply(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .timeout(let message): return "timeout: \(message)"
        case let .server(code, message): return "\(code): \(message)"
        case .transport(let message): return "transport: \(message)"
        case .malformedReply(let message): return "malformed reply: \(message)"
        }
    }
}
