/// The stable error codes of protocol v1, sent as `{"ok":false,"error":{"code":…,"message":…}}`.
///
/// Codes never change meaning within a protocol version; clients branch on the code, never on the message.
public enum WireErrorCode: String, Sendable, CaseIterable, Codable {
    /// Frame 0 is not a JSON object, or a field is missing, of the wrong type or out of range.
    case badHeader = "bad_header"
    /// The `op` is not one of `hello`, `make`, `reset`, `step`, `close`, `ping`, `stats`.
    case unknownOp = "unknown_op"
    /// The `session` does not exist (never made, closed, or reaped after the idle timeout).
    case unknownSession = "unknown_session"
    /// `make` named an env id the server does not register.
    case unknownEnv = "unknown_env"
    /// `make` named a scenario the server does not offer.
    case badScenario = "bad_scenario"
    /// `make` named a registry option the env does not take, or gave one a value it does not accept (1.1).
    case badOption = "bad_option"
    /// An action lies outside the action space (the session's state is unchanged).
    case badAction = "bad_action"
    /// The tensor frames do not match their descriptors (count, name, dtype, shape or byte size).
    case badTensor = "bad_tensor"
    /// The header's `v` is not a protocol version the server speaks.
    case versionMismatch = "version_mismatch"
    /// A limit was hit: sessions or envs per client identity, envs per session, sessions or envs in total, header
    /// size, frame count, or a `make` whose tensors or replies would not fit the frame, reply or outbound limits.
    case limitExceeded = "limit_exceeded"
    /// `step` before the session's first `reset`.
    case needsReset = "needs_reset"
    /// A server-side failure that is not the client's fault.
    case `internal` = "internal"
}
