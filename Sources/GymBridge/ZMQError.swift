import CZeroMQ

/// A failed libzmq call: the call's name, its `errno` and libzmq's message for it.
///
/// ```swift
/// do { try socket.bind("tcp://127.0.0.1:5555") } catch let error as ZMQError { print(error) }
/// ```
public struct ZMQError: Error, Sendable, CustomStringConvertible {
    /// The libzmq function that failed (e.g. `"zmq_bind"`).
    public let call: String
    /// The `errno` value libzmq reported.
    public let code: Int32
    /// libzmq's message for `code`.
    public let message: String

    /// Captures the current `zmq_errno()` for a failed `call`.
    public init(_ call: String) {
        let code = zmq_errno()
        self.init(call, code: code)
    }

    /// Creates an error for `call` with an explicit `errno` value.
    public init(_ call: String, code: Int32) {
        self.call = call
        self.code = code
        if let text = zmq_strerror(code) {
            self.message = String(cString: text)
        } else {
            self.message = "error \(code)"
        }
    }

    /// Whether the call failed only because it would have blocked (`EAGAIN`).
    public var wouldBlock: Bool { code == EAGAIN }

    /// Whether the call was interrupted by a signal (`EINTR`).
    public var interrupted: Bool { code == EINTR }

    /// `zmq_bind: Address already in use (errno 98)`.
    public var description: String { "\(call): \(message) (errno \(code))" }
}
