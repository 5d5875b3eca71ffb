import CZeroMQ

/// A libzmq context (`zmq_ctx_new`): the I/O threads and the factory of sockets.
///
/// Terminated on deinit; close every socket made from it first (``ZMQSocket`` does so on its own deinit and
/// keeps its context alive until then).
///
/// ```swift
/// let context = try ZMQContext()
/// let socket = try ZMQSocket(context: context, kind: .router)
/// ```
public final class ZMQContext: @unchecked Sendable {
    /// The raw context handle.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with libzmq's default of one I/O thread.
    /// - Throws: ``ZMQError`` when libzmq cannot create one.
    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// The linked libzmq's version as `(major, minor, patch)`.
    public static var version: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Whether libzmq was built with `capability` (e.g. `"curve"`, `"ipc"`).
    public static func has(_ capability: String) -> Bool { zmq_has(capability) != 0 }
}
