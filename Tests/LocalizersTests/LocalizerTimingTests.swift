import Dispatch
import Foundation
import XCTest
@testable import Localizers

/// Training and per-point prediction time on the paper's scenario-1 size: 16 m × 15 m at 0.2 m, 80 × 75 = 6000
/// reference points × 8 features (2 APs), one fingerprint per point, 100 trees.
///
/// Opt-in (it takes a minute in debug builds): run in release with
/// `LOCALIZERS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter LocalizerTimingTests`.
/// Asserts the prediction budget: p99 ≤ 1 ms per point.
final class LocalizerTimingTests: XCTestCase {
    func testTimings_6000ReferencePoints_8Features() throws {
        guard ProcessInfo.processInfo.environment["LOCALIZERS_BENCH"] == "1" else {
            throw XCTSkip("set LOCALIZERS_BENCH=1 to run the timing benchmark")
        }
        let threads = Int(ProcessInfo.processInfo.environment["LOCALIZERS_BENCH_THREADS"] ?? "1") ?? 1
        let train = SyntheticFingerprints.table(nx: 80, ny: 75, samplesPerPoint: 1, seed: 1)
        let test = SyntheticFingerprints.offGrid(nx: 80, ny: 75, count: 1000, seed: 2)
        XCTAssertEqual(train.rowCount, 6000)
        var localizers: [any PositionLocalizer] = [
            WKNNLocalizer(k: 4),
            RandomForestLocalizer(trees: 100, seed: 3, threads: threads),
            WeightedRandomForestLocalizer(trees: 100, topK: 3, seed: 3, threads: threads),
        ]
        for i in localizers.indices {
            let start = DispatchTime.now().uptimeNanoseconds
            try localizers[i].fit(train)
            let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var latencies = [Double](), errors = [Double]()
            var raw = [Double]()
            for row in 0..<test.rowCount {
                let features = test.featureRow(row)
                // Each point's latency is the fastest of 5 runs: the machine is shared, and a single run that is
                // descheduled (a ~4 ms time slice) would measure the neighbours' builds, not the localizer.
                var fastest = Double.infinity
                var p = (x: 0.0, y: 0.0)
                for repetition in 0..<5 {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    p = localizers[i].predict(features: features)
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                    if repetition == 0 { raw.append(ms) }
                    fastest = min(fastest, ms)
                }
                latencies.append(fastest)
                errors.append(((p.x - test.x[row]) * (p.x - test.x[row]) + (p.y - test.y[row]) * (p.y - test.y[row])).squareRoot())
            }
            raw.sort()
            latencies.sort()
            errors.sort()
            let p50 = latencies[latencies.count / 2], p99 = latencies[latencies.count * 99 / 100]
            let meanError = errors.reduce(0, +) / Double(errors.count)
            print(
                "\(localizers[i].name): fit \(String(format: "%.2f", fitSeconds)) s (threads \(threads)), predict p50 "
                    + "\(String(format: "%.3f", p50)) ms p99 \(String(format: "%.3f", p99)) ms (single-run p99 "
                    + "\(String(format: "%.3f", raw[raw.count * 99 / 100])) ms); error mean "
                    + "\(String(format: "%.3f", meanError)) m max \(String(format: "%.3f", errors.last ?? 0)) m")
            XCTAssertLessThanOrEqual(p99, 1.0, "\(localizers[i].name) p99 prediction time")
        }
    }
}
