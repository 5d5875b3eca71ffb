import Dispatch
import Foundation

/// The last shutdown signal received (0: none); written only by ``ShutdownSignals``' async-signal-safe handler.
nonisolated(unsafe) private var pendingShutdownSignal: sig_atomic_t = 0

/// Turns SIGINT, SIGTERM and SIGQUIT into a call of a handler, for a clean shutdown.
///
/// The C handlers are installed by `init`, for the whole process and before anything else happens, so a signal
/// that arrives at any later moment is never lost and never kills the process: it is recorded, and the handler
/// given to ``onSignal(_:)`` runs (on a background thread) even when it is given after the signal arrived.
/// Create it first thing, before the endpoint is announced.
///
/// ```swift
/// let signals = ShutdownSignals()
/// let server = try BridgeServer(bind: endpoint)
/// signals.onSignal { server.requestStop() }
/// print("listening on \(server.endpoint)")
/// try server.run()
/// ```
public final class ShutdownSignals: @unchecked Sendable {
    /// The signals handled.
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGQUIT]

    private let lock = NSLock()
    private var handler: (@Sendable () -> Void)?
    private var delivered = false
    private var watching = true

    /// Installs the handlers now.
    public init() {
        for number in Self.handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { pendingShutdownSignal = $0 }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: a blocking poll returns at once with EINTR
            sigaction(number, &action, nil)
        }
        let thread = Thread { [weak self] in
            while let self, self.watchOnce() { Thread.sleep(forTimeInterval: 0.005) }
        }
        thread.start()
    }

    /// Installs the handlers and calls `handler` on the first signal.
    public convenience init(_ handler: @escaping @Sendable () -> Void) {
        self.init()
        onSignal(handler)
    }

    deinit {
        lock.lock()
        watching = false
        lock.unlock()
    }

    /// The signal received, if any (e.g. `SIGTERM`).
    public var received: Int32? {
        let number = pendingShutdownSignal
        return number == 0 ? nil : Int32(number)
    }

    /// Sets the handler called once on the first signal; called at once (in the background) when one already came.
    public func onSignal(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        self.handler = handler
        lock.unlock()
    }

    /// Delivers a pending signal to the handler; `false` once the object is gone.
    private func watchOnce() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard watching else { return false }
        if !delivered, received != nil, let handler {
            delivered = true
            handler()
        }
        return true
    }
}
