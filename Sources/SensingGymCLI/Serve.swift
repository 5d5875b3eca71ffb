import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym serve`: serves every registered env over ZeroMQ (wire protocol v1, `docs/PROTOCOL.md`).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve SensingGym environments to remote clients over ZeroMQ (protocol v1).",
        discussion: """
            Prints one line `listening on ENDPOINT` (or `{"endpoint": …}` with --json) once bound and ready to \
            stop cleanly, then serves until SIGINT, SIGTERM or SIGQUIT (exit status 0; an ipc socket file is \
            removed). Binding a non-loopback TCP address needs --curve-secret-key-file or --insecure. Quotas are \
            per client identity: its CURVE public key, else its IP address (clients of one host share one). \
            Protocol and limits: docs/PROTOCOL.md.
            """)

    @Option(help: "Endpoint to bind: tcp://HOST:PORT (PORT 1-65535, or * for a free one; [::1] for IPv6) or ipc://PATH.")
    var bind = "tcp://127.0.0.1:5555"

    @Option(help: "Close sessions that received no request for this many seconds (at most 86400).")
    var idleTimeout: Double = 300

    @Option(help: "Close a session this many seconds after its connection closed, unless the client comes back.")
    var orphanTimeout: Double = 10

    @Option(help: "Most open sessions per client identity, over all its connections.")
    var maxSessions = 64

    @Option(help: "Most envs per client identity, over all its sessions.")
    var maxEnvsPerClient = 4096

    @Option(help: "Most envs per session (num_envs of make; at most 65536).")
    var maxEnvs = 256

    @Option(help: "Most envs over all sessions of all clients (at most 1048576).")
    var maxTotalEnvs = 16_384

    @Option(help: "Largest accepted frame in bytes (ZMQ_MAXMSGSIZE); a larger frame disconnects the peer before it is stored.")
    var maxFrameBytes = 1024 * 1024

    @Option(help: "Largest reply of one session's step, in bytes; a make that would exceed it is refused.")
    var maxReplyBytes = 8 * 1024 * 1024

    @Option(help: "Reply bytes all sessions may have queued in total (each reserves (max-queued-replies + 1) × its reply).")
    var maxOutboundBytes = 128 * 1024 * 1024

    @Option(help: "Unread replies queued per connection (ZMQ_SNDHWM); a connection with this many unread is cut off.")
    var maxQueuedReplies = 4

    @Option(help: "File holding the server's Z85 CURVE secret key; clients then need the matching public key.")
    var curveSecretKeyFile: String?

    @Option(help: "Directory of files holding the Z85 public keys of the CURVE clients admitted (one key per line; # comments). Default: any key.")
    var curveAuthorizedKeys: String?

    @Flag(help: "Allow binding a non-loopback address without CURVE encryption (trusted networks only).")
    var insecure = false

    @Flag(help: "Print the bound endpoint as JSON: {\"endpoint\": …}.")
    var json = false

    func validate() throws {
        if let problem = BindPolicy.endpointProblem(bind) { throw ValidationError("--bind: \(problem)") }
        try Bounds.check("--idle-timeout", idleTimeout, 0.001...86_400)
        try Bounds.check("--orphan-timeout", orphanTimeout, 0...86_400)
        try Bounds.check("--max-sessions", maxSessions, 1...65_536)
        try Bounds.check("--max-envs", maxEnvs, 1...65_536)
        try Bounds.check("--max-envs-per-client", maxEnvsPerClient, 1...1_048_576)
        try Bounds.check("--max-total-envs", maxTotalEnvs, 1...1_048_576)
        guard maxTotalEnvs >= maxEnvs else { throw ValidationError("--max-total-envs must be at least --max-envs") }
        try Bounds.check("--max-frame-bytes", maxFrameBytes, 1024...(1 << 30))
        try Bounds.check("--max-reply-bytes", maxReplyBytes, 4096...(1 << 30))
        try Bounds.check("--max-outbound-bytes", maxOutboundBytes, 65_536...(1 << 40))
        try Bounds.check("--max-queued-replies", maxQueuedReplies, 1...10_000)
        if curveAuthorizedKeys != nil && curveSecretKeyFile == nil {
            throw ValidationError("--curve-authorized-keys needs --curve-secret-key-file")
        }
    }

    func run() throws {
        // First, before anything can be announced: a signal from now on is a clean stop, never a kill.
        let signals = ShutdownSignals()
        defer { withExtendedLifetime(signals) {} }
        var configuration = BridgeConfiguration()
        configuration.idleTimeoutSeconds = idleTimeout
        configuration.orphanTimeoutSeconds = orphanTimeout
        configuration.maxSessionsPerClient = maxSessions
        configuration.maxEnvsPerClient = maxEnvsPerClient
        configuration.maxEnvsPerSession = maxEnvs
        configuration.maxTotalEnvs = maxTotalEnvs
        configuration.maxFrameBytes = maxFrameBytes
        configuration.maxReplyBytes = maxReplyBytes
        configuration.maxOutboundBytes = maxOutboundBytes
        configuration.maxQueuedRepliesPerPeer = maxQueuedReplies
        if let curveSecretKeyFile {
            guard ZMQContext.has("curve") else { fail("this libzmq was built without CURVE support") }
            do {
                configuration.curveSecretKey = try BindPolicy.loadCurveSecretKey(path: curveSecretKeyFile)
            } catch {
                fail("cannot read --curve-secret-key-file: \(error)")
            }
        }
        if let curveAuthorizedKeys {
            do {
                configuration.curveAuthorizedKeys = try BindPolicy.loadAuthorizedKeys(directory: curveAuthorizedKeys)
            } catch {
                fail("cannot read --curve-authorized-keys: \(error)")
            }
        }
        if let problem = BindPolicy.violation(
            endpoint: bind, hasCurveKey: configuration.curveSecretKey != nil, insecure: insecure)
        {
            fail(problem)
        }
        let server: BridgeServer
        do {
            server = try BridgeServer(bind: bind, configuration: configuration)
        } catch {
            fail("cannot bind \(bind): \(error)")
        }
        signals.onSignal { server.requestStop() }
        let endpoint = server.endpoint
        if json {
            let quoted = endpoint.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            FileHandle.standardOutput.write(Data("{\"endpoint\": \"\(quoted)\"}\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data("listening on \(endpoint)\n".utf8))
        }
        defer { BindPolicy.removeSocketFile(of: endpoint) }
        do {
            try server.run()
        } catch {
            FileHandle.standardError.write(Data("sensing-gym serve: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Prints `message` to stderr and exits with status 2 (a usage or configuration error).
    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("sensing-gym serve: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
