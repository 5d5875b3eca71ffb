import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym serve`: serves every registered env over ZeroMQ (wire protocol v1, `docs/PROTOCOL.md`).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve SensingGym environments to remote clients over ZeroMQ (protocol v1).",
        discussion: """
            Prints one line `listening on ENDPOINT` (or `{"endpoint": …}` with --json) once bound, then serves \
            until SIGINT or SIGTERM. Binding a non-loopback TCP address needs --curve-secret-key-file or \
            --insecure. Protocol: docs/PROTOCOL.md.
            """)

    @Option(help: "Endpoint to bind: tcp://HOST:PORT (PORT * picks a free port) or ipc://PATH.")
    var bind = "tcp://127.0.0.1:5555"

    @Option(help: "Close sessions that received no request for this many seconds.")
    var idleTimeout: Double = 300

    @Option(help: "Most open sessions per client connection.")
    var maxSessions = 16

    @Option(help: "Most envs per session (num_envs of make).")
    var maxEnvs = 256

    @Option(help: "Most envs over all sessions of all clients.")
    var maxTotalEnvs = 16_384

    @Option(help: "Largest accepted frame in bytes (ZMQ_MAXMSGSIZE); larger frames disconnect the peer.")
    var maxMessageBytes: Int64 = 64 * 1024 * 1024

    @Option(help: "File holding the server's Z85 CURVE secret key; clients then need the matching public key.")
    var curveSecretKeyFile: String?

    @Flag(help: "Allow binding a non-loopback address without CURVE encryption (trusted networks only).")
    var insecure = false

    @Flag(help: "Print the bound endpoint as JSON: {\"endpoint\": …}.")
    var json = false

    func validate() throws {
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be positive") }
        guard maxSessions > 0 else { throw ValidationError("--max-sessions must be positive") }
        guard maxEnvs > 0 else { throw ValidationError("--max-envs must be positive") }
        guard maxTotalEnvs >= maxEnvs else { throw ValidationError("--max-total-envs must be at least --max-envs") }
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024") }
    }

    func run() throws {
        var configuration = BridgeConfiguration()
        configuration.idleTimeoutSeconds = idleTimeout
        configuration.maxSessionsPerClient = maxSessions
        configuration.maxEnvsPerSession = maxEnvs
        configuration.maxTotalEnvs = maxTotalEnvs
        configuration.maxMessageBytes = maxMessageBytes
        if let curveSecretKeyFile {
            guard ZMQContext.has("curve") else { fail("this libzmq was built without CURVE support") }
            do {
                configuration.curveSecretKey = try BindPolicy.loadCurveSecretKey(path: curveSecretKeyFile)
            } catch {
                fail("cannot read --curve-secret-key-file: \(error)")
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
        let endpoint = server.endpoint
        if json {
            let quoted = endpoint.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            FileHandle.standardOutput.write(Data("{\"endpoint\": \"\(quoted)\"}\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data("listening on \(endpoint)\n".utf8))
        }
        let signals = ShutdownSignals { server.requestStop() }
        defer { withExtendedLifetime(signals) {} }
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
