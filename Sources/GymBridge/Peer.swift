/// One connection the server has heard from (a ROUTER routing id): whom it belongs to, and an upper bound on the
/// reply bytes libzmq may still hold for it.
///
/// With `ZMQ_SNDHWM` = `h`, libzmq queues at most `h` unread replies for a peer, plus the one its I/O thread is
/// writing; so the sizes of the last `h + 1` replies bound the peer's outbound memory. A peer whose queue is full
/// (its send fails with `EAGAIN`) stalls: the reply and its next requests are held, within bounds, until it
/// reads; one that stays stalled, or sends too much meanwhile, is cut off.
struct Peer {
    /// The quota key of the client (``ClientIdentity``): its CURVE key, else its IP address, else this connection.
    let client: ClientIdentity
    /// libzmq's file descriptor of the connection (`ZMQ_SRCFD`), −1 when unknown.
    let descriptor: Int32
    /// The peer's IP address as libzmq reported it (empty for ipc).
    let address: String
    /// Set once the peer was cut off for not reading: its requests are ignored until it disconnects.
    var isCutOff = false
    /// When the peer last sent a request (`DispatchTime` nanoseconds).
    var lastSeen: UInt64
    /// The reply libzmq refused because the peer's queue was full; while set the peer is stalled.
    var pending: BridgeServer.Outgoing?
    /// When the peer stalled.
    var stalledSince: UInt64 = 0
    /// Requests received while stalled, answered in order once the peer reads again.
    var backlog: [ZMQSocket.Message] = []
    /// The bytes of ``backlog``.
    var backlogBytes = 0
    private var recentReplies: [Int]
    private var nextSlot = 0
    /// The sum of the last `h + 1` reply sizes: what libzmq may hold for this peer, in bytes.
    private(set) var queuedBound = 0

    /// Creates a peer that may have `queueLength` replies queued (the socket's `ZMQ_SNDHWM`).
    init(client: ClientIdentity, descriptor: Int32, address: String, queueLength: Int, now: UInt64) {
        self.client = client
        self.descriptor = descriptor
        self.address = address
        self.lastSeen = now
        recentReplies = Array(repeating: 0, count: max(1, queueLength) + 1)
    }

    /// Records a reply of `bytes` sent to the peer; returns the change of ``queuedBound``.
    mutating func recordReply(bytes: Int) -> Int {
        let delta = bytes - recentReplies[nextSlot]
        recentReplies[nextSlot] = bytes
        nextSlot = (nextSlot + 1) % recentReplies.count
        queuedBound += delta
        return delta
    }
}

/// Whom a quota belongs to: the client's CURVE public key, else its IP address, else its connection.
///
/// Sessions and envs are counted per identity over all its connections, so opening more sockets gains nothing.
/// Clients on one host without CURVE share their IP address, and so one quota.
struct ClientIdentity: Hashable, Sendable, CustomStringConvertible {
    /// `key:<Z85>`, `ip:<address>` or `conn:<hex routing id>`.
    let description: String

    /// The identity of a connection with the given ZAP user id (CURVE key), peer address and routing id.
    init(userID: String, peerAddress: String, routingID: [UInt8]) {
        if !userID.isEmpty {
            description = "key:" + userID
        } else if !peerAddress.isEmpty {
            description = "ip:" + peerAddress
        } else {
            description = "conn:" + routingID.map { String($0, radix: 16) }.joined()
        }
    }
}
