import CZeroMQ
import Dispatch

/// One DEALER socket speaking protocol v1 for a ``RemoteEnv``: request ids, matched replies, bounded waits.
final class RemoteConnection {
    /// The server's endpoint.
    let endpoint: String
    /// How long one request may wait for its reply, in milliseconds.
    let timeoutMilliseconds: Int
    private let socket: ZMQSocket
    private var nextID: UInt64 = 1

    /// A parsed reply: header members and tensor frames.
    struct Reply {
        /// The header's members.
        var header: [String: WireJSON]
        /// Frames 1 … n.
        var frames: [[UInt8]]
    }

    /// Connects a DEALER socket (optionally as a CURVE client of `curveServerKey`).
    init(endpoint: String, timeoutSeconds: Double, curveServerKey: String?) throws(RemoteEnvError) {
        self.endpoint = endpoint
        timeoutMilliseconds = max(1, Int((timeoutSeconds * 1000).rounded()))
        do {
            socket = try ZMQSocket(context: try ZMQContext(), kind: .dealer)
            if let curveServerKey {
                var publicKey = [CChar](repeating: 0, count: 41)
                var secretKey = [CChar](repeating: 0, count: 41)
                guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw ZMQError("zmq_curve_keypair") }
                func text(_ key: [CChar]) -> String {
                    String(decoding: key.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
                try socket.setOption(ZMQ_CURVE_SERVERKEY, curveServerKey)
                try socket.setOption(ZMQ_CURVE_PUBLICKEY, text(publicKey))
                try socket.setOption(ZMQ_CURVE_SECRETKEY, text(secretKey))
            }
            try socket.connect(endpoint)
        } catch {
            throw .transport("\(error)")
        }
    }

    /// Sends `fields` (JSON members, without braces) and `tensors`, and waits for the reply with the same id.
    /// - Throws: ``RemoteEnvError`` on timeout, server error, transport failure or a malformed reply.
    func request(_ op: String, _ fields: String = "", tensors: [[UInt8]] = [], timeoutMilliseconds: Int? = nil)
        throws(RemoteEnvError) -> Reply
    {
        let id = nextID
        nextID += 1
        let header = "{\"v\":1,\"id\":\(id),\"op\":\"\(op)\"" + (fields.isEmpty ? "" : "," + fields) + "}"
        let wait = timeoutMilliseconds ?? self.timeoutMilliseconds
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(wait) * 1_000_000
        do {
            try socket.send([Array(header.utf8)] + tensors)
            while true {
                let now = DispatchTime.now().uptimeNanoseconds
                let remaining = now < deadline ? Int((deadline - now) / 1_000_000) : 0
                guard remaining > 0, let message = try socket.receive(timeoutMilliseconds: remaining),
                    let first = message.frames.first
                else {
                    if DispatchTime.now().uptimeNanoseconds < deadline { continue }
                    throw RemoteEnvError.timeout("no reply to '\(op)' from \(endpoint) within \(wait) ms")
                }
                guard case .object(let members) = try? WireJSON.parse(first) else {
                    throw RemoteEnvError.malformedReply("frame 0 is not a JSON object")
                }
                if let replyID = members["id"], replyID != .null, replyID.integer(UInt64.self) != id {
                    continue  // a late reply to an earlier request that timed out
                }
                guard members["ok"] == .bool(true) else {
                    guard case .object(let error)? = members["error"], case .string(let code)? = error["code"] else {
                        throw RemoteEnvError.malformedReply("an error reply without error.code")
                    }
                    var message = ""
                    if case .string(let text)? = error["message"] { message = text }
                    throw RemoteEnvError.server(code: code, message: message)
                }
                return Reply(header: members, frames: Array(message.frames.dropFirst()))
            }
        } catch let error as RemoteEnvError {
            throw error
        } catch {
            throw .transport("\(error)")
        }
    }
}
