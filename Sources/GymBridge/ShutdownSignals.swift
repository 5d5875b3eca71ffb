import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a call of a handler on a background queue, for a clean shutdown.
///
/// The default action of both signals is disabled while the object lives; keep it alive for as long as the
/// server runs.
///
/// ```swift
/// let signals = ShutdownSignals { server.requestStop() }
/// try server.run()
/// ```
public final class ShutdownSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    /// Installs handlers for SIGINT and SIGTERM that call `handler` (once per signal received).
    public init(_ handler: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
