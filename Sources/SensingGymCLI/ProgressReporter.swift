import Dispatch
import Foundation

/// A one-line progress bar with ETA on standard error, shown only when it is a terminal.
struct ProgressReporter {
    let label: String
    let total: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private let enabled = isatty(STDERR_FILENO) == 1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    /// Redraws the bar (at most ten times a second) after `done` of `total` units.
    mutating func update(_ done: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard done == total || now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        let elapsed = Double(now - start) / 1e9
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(
            Data(String(format: "\r%@ [%@] %d/%d  %.0fs elapsed, ETA %.0fs ", label, bar, done, total, elapsed, eta).utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
