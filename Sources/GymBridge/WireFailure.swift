/// A request the server refuses: an error code and a message naming the offending field or value.
///
/// Thrown inside the server's handlers and turned into an error reply; never escapes the event loop.
public struct WireFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code.
    public let code: WireErrorCode
    /// A human-readable explanation (not stable; for people, not for branching).
    public let message: String

    /// Creates a failure.
    public init(_ code: WireErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `bad_action: env 2: 99 is not in Discrete(64)`.
    public var description: String { "\(code.rawValue): \(message)" }
}
