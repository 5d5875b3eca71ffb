import CZeroMQ
import Foundation

// MARK: - Peers: cut-off of non-reading peers, disconnections, CURVE admission

extension BridgeServer {
    /// Cuts off a peer whose reply queue is full: closes the sessions it made, ignores its further requests and
    /// shuts its connection down, so libzmq frees what it queued for it.
    func cutOff(_ routingID: [UInt8]) {
        guard var peer = peers[routingID], !peer.isCutOff else { return }
        peer.isCutOff = true
        peer.pending = nil
        backlogBytes -= peer.backlogBytes
        peer.backlog = []
        peer.backlogBytes = 0
        peers[routingID] = peer
        stalledPeers.remove(routingID)
        statistics.cutOff += 1
        for session in sessions.values where session.connection == routingID { removeSession(session) }
        Self.shutDownConnection(descriptor: peer.descriptor, expectedAddress: peer.address)
    }

    /// Shuts down libzmq's connection `descriptor` (libzmq then sees it fail and frees it), after checking that
    /// the descriptor still belongs to a peer at `expectedAddress` (it may have been closed and reused).
    static func shutDownConnection(descriptor: Int32, expectedAddress: String) {
        guard descriptor >= 0 else { return }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        guard status == 0 else { return }
        let family = Int32(storage.ss_family)
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var address = ""
        withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                    var raw = inet.pointee.sin_addr
                    if inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil { address = String(cString: text) }
                }
            } else if family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { inet in
                    var raw = inet.pointee.sin6_addr
                    if inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil { address = String(cString: text) }
                }
            }
        }
        let matches = family == AF_UNIX ? expectedAddress.isEmpty : address == expectedAddress
        guard matches else { return }
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Reads the socket monitor's events; a disconnected connection's peers are forgotten and the sessions they
    /// made become orphans (reaped after the orphan timeout unless the client comes back).
    func handleMonitorEvents() throws {
        while let event = try monitor.receiveNow(maxFrames: 2) {
            guard let first = event.frames.first, first.count >= 6 else { continue }
            let code = UInt16(first[0]) | UInt16(first[1]) << 8
            let value = first[2...5].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard Int32(code) == ZMQ_EVENT_DISCONNECTED else { continue }
            let gone = peers.filter { $0.value.descriptor == Int32(bitPattern: value) }.map(\.key)
            for routingID in gone { releasePeer(routingID) }
        }
    }

    /// Forgets a peer that disconnected; its sessions become orphans.
    func releasePeer(_ routingID: [UInt8]) {
        guard let peer = peers.removeValue(forKey: routingID) else { return }
        queuedOutboundBound -= peer.queuedBound
        backlogBytes -= peer.backlogBytes
        stalledPeers.remove(routingID)
        statistics.disconnects += 1
        let now = Self.now()
        for session in sessions.values where session.connection == routingID && session.orphanedAt == nil {
            session.orphanedAt = now
        }
        releasedMemory = true
    }

    /// Forgets, every 10 s, peers that sent nothing for the idle timeout and made no open session.
    func sweepPeers(now: UInt64) {
        guard now &- lastPeerSweepTime >= 10_000_000_000 else { return }
        lastPeerSweepTime = now
        let limit = Self.nanoseconds(configuration.idleTimeoutSeconds)
        let owners = Set(sessions.values.map(\.connection))
        let stale = peers.filter {
            now &- $0.value.lastSeen > limit && !owners.contains($0.key) && $0.value.pending == nil
        }.map(\.key)
        for routingID in stale {
            if let peer = peers.removeValue(forKey: routingID) { queuedOutboundBound -= peer.queuedBound }
        }
    }

    /// Answers one ZAP request (ZeroMQ RFC 27): a CURVE client is admitted when its public key is in
    /// ``BridgeConfiguration/curveAuthorizedKeys`` (or any key when that is `nil`); its key becomes its `User-Id`,
    /// the identity its quotas are counted under.
    func authenticate(with handler: ZMQSocket) throws {
        while let request = try handler.receiveNow(maxFrames: 8) {
            let frames = request.frames
            guard frames.count >= 6 else {
                try handler.send([Array("1.0".utf8), frames.count > 1 ? frames[1] : [], Array("500".utf8),
                    Array("malformed ZAP request".utf8), [], []])
                continue
            }
            let mechanism = String(decoding: frames[5], as: UTF8.self)
            var key = ""
            if mechanism == "CURVE", frames.count >= 7, frames[6].count == 32 {
                var text = [CChar](repeating: 0, count: 41)
                frames[6].withUnsafeBufferPointer { raw in _ = zmq_z85_encode(&text, raw.baseAddress, 32) }
                key = String(cString: text)
            }
            let admitted = !key.isEmpty && (configuration.curveAuthorizedKeys?.contains(key) ?? true)
            if !admitted { statistics.rejectedClients += 1 }
            try handler.send([
                Array("1.0".utf8), frames[1], Array((admitted ? "200" : "400").utf8),
                Array((admitted ? "OK" : "client key not authorized").utf8), Array((admitted ? key : "").utf8), [],
            ])
        }
    }
}

/// Gives freed heap memory back to the operating system (glibc's `malloc_trim`; a no-op elsewhere).
enum MemoryRelease {
    /// Returns free pages at the top and inside the heap to the system.
    static func returnFreedMemory() { sensing_gym_malloc_trim() }
}
