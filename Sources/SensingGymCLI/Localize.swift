import ArgumentParser
import Dispatch
import Foundation
import Localizers
import SensingGym

/// `sensing-gym localize`: fit a fingerprint localizer on a train CSV and report its errors on a test CSV.
struct Localize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit WKNN, random forest or weighted random forest on fingerprints and report positioning errors.",
        discussion: """
            Reads CSVs in the FingerprintTable convention (x_m, y_m[, split], features…). When a file has a `split` \
            column, --train uses its `train` rows and --test its `test` rows, so one file from `sensing-gym dataset` \
            can serve as both. Prints min, mean, median, p90 and max error, the training time, and the positioning \
            time scaled to 100 test points (the unit of the paper's Table II, one pass over the test rows), and the \
            p99 over test points of the per-point prediction time (fastest of four runs per point).
            Example: sensing-gym localize --method wrf --train data/office.csv --test data/office.csv --top-k 3 --json
            """)

    /// The localizers this command knows.
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case wknn, rf, wrf
    }

    @Option(help: "Localizer: wknn, rf (one forest over reference points, majority vote) or wrf (the paper's WRF).")
    var method: Method

    @Option(help: "Training CSV (its `train` rows when it has a split column).")
    var train: String

    @Option(help: "Test CSV (its `test` rows when it has a split column).")
    var test: String

    @Option(help: "WKNN: number of neighbours.")
    var k: Int = 4

    @Flag(inversion: .prefixedNo, help: "WKNN: z-score the features on the training statistics before measuring distances.")
    var standardize = true

    @Option(help: "RF/WRF: trees per forest (the paper: 100).")
    var trees: Int = 100

    @Option(help: "WRF: K, the number of top-voted coordinate values averaged in eqs. (3)-(4).")
    var topK: Int = 3

    @Option(help: "RF/WRF: features tried per split: sqrt, log2, all, or a number.")
    var maxFeatures: String = "sqrt"

    @Option(help: "RF/WRF: seed of the bootstrap and feature draws.")
    var seed: UInt64 = 0

    @Option(help: "RF/WRF: threads used to grow trees (the result does not depend on it).")
    var threads: Int = 1

    @Option(help: "Use only these feature columns, comma separated (default: all).")
    var features: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be ≥ 1, got \(k)") }
        guard trees >= 1 else { throw ValidationError("--trees must be ≥ 1, got \(trees)") }
        guard topK >= 1 else { throw ValidationError("--top-k must be ≥ 1, got \(topK)") }
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1, got \(threads)") }
        try Bounds.check("--k", k, 1...10_000)
        try Bounds.check("--trees", trees, 1...100_000)
        try Bounds.check("--top-k", topK, 1...10_000)
        try Bounds.check("--threads", threads, 1...256)
        _ = try parsedMaxFeatures()
    }

    func parsedMaxFeatures() throws -> MaxFeatures {
        switch maxFeatures {
        case "sqrt": return .sqrt
        case "log2": return .log2
        case "all", "None": return .all
        default:
            guard let n = Int(maxFeatures), n >= 1 else {
                throw ValidationError("--max-features must be sqrt, log2, all or a positive number, got '\(maxFeatures)'")
            }
            return .count(n)
        }
    }

    /// Reads `path` and keeps the rows of `split` (all rows if the file has no split column).
    func load(_ path: String, split: String) throws -> FingerprintTable {
        let columns = features.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let table: FingerprintTable
        do {
            table = try FingerprintTable(contentsOf: URL(fileURLWithPath: path), featureColumns: columns)
        } catch {
            throw ValidationError("\(error)")
        }
        let rows = table.rows(inSplit: split)
        guard rows.rowCount > 0 else {
            throw ValidationError("\(path): no rows with split '\(split)' (the file's split column has other labels)")
        }
        return rows
    }

    func run() throws {
        let trainTable = try load(train, split: "train")
        let testTable = try load(test, split: "test")
        var localizer: any PositionLocalizer
        let maxFeatures = try parsedMaxFeatures()
        switch method {
        case .wknn: localizer = WKNNLocalizer(k: k, standardize: standardize)
        case .rf:
            localizer = RandomForestLocalizer(trees: trees, maxFeatures: maxFeatures, seed: seed, threads: threads)
        case .wrf:
            localizer = WeightedRandomForestLocalizer(
                trees: trees, topK: topK, maxFeatures: maxFeatures, seed: seed, threads: threads)
        }
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        let fitStart = now()
        do { try localizer.fit(trainTable) } catch { throw ValidationError("\(error)") }
        let trainSeconds = Double(now() - fitStart) / 1e9

        guard testTable.featureNames == localizer.featureNames else {
            throw ValidationError("\(LocalizerError.featureMismatch(expected: localizer.featureNames, found: testTable.featureNames))")
        }
        var predictions: [(x: Double, y: Double)] = []
        var latencies: [Double] = []
        predictions.reserveCapacity(testTable.rowCount)
        let f = testTable.featureCount
        let predictStart = now()
        testTable.features.withUnsafeBufferPointer { all in
            for row in 0..<testTable.rowCount {
                let t0 = now()
                predictions.append(localizer.predict(features: UnsafeBufferPointer(rebasing: all[row * f..<(row + 1) * f])))
                latencies.append(Double(now() - t0) / 1e9)
            }
        }
        let predictSeconds = Double(now() - predictStart) / 1e9
        // Per-point latency: the fastest of three more runs, so that a run descheduled by a busy machine (one
        // ~4 ms time slice) does not stand in for the localizer's own cost.
        testTable.features.withUnsafeBufferPointer { all in
            for row in 0..<testTable.rowCount {
                for _ in 0..<3 {
                    let t0 = now()
                    _ = localizer.predict(features: UnsafeBufferPointer(rebasing: all[row * f..<(row + 1) * f]))
                    latencies[row] = min(latencies[row], Double(now() - t0) / 1e9)
                }
            }
        }
        let summary = try LocalizationErrorSummary(predictions: predictions, truth: testTable)
        latencies.sort()
        let p99 = latencies[min(latencies.count - 1, Int((0.99 * Double(latencies.count)).rounded(.up)) - 1)]
        let report = Report(
            method: method.rawValue, localizer: localizer.name, trainRows: trainTable.rowCount,
            testRows: testTable.rowCount, features: trainTable.featureCount, minM: summary.min, meanM: summary.mean,
            medianM: summary.median, p90M: summary.p90, maxM: summary.max, rmseM: summary.rmse,
            trainSeconds: trainSeconds, positioningSeconds100: predictSeconds / Double(testTable.rowCount) * 100,
            predictP99Seconds: p99)
        if output.json {
            print(try JSONText.encode(report))
            return
        }
        func cm(_ v: Double) -> String { String(format: "%.2f", 100 * v) }
        print("\(localizer.name): \(trainTable.rowCount) reference points, \(testTable.rowCount) test points, "
            + "\(trainTable.featureCount) features\n")
        print(TextTable.render(
            header: ["min cm", "mean cm", "median cm", "p90 cm", "max cm", "train s", "positioning s / 100 TPs",
                     "p99 ms / point"],
            rows: [[cm(summary.min), cm(summary.mean), cm(summary.median), cm(summary.p90), cm(summary.max),
                    String(format: "%.3f", trainSeconds), String(format: "%.4f", report.positioningSeconds100),
                    String(format: "%.3f", p99 * 1000)]]))
    }

    /// The `--json` object.
    struct Report: Encodable {
        var method: String
        var localizer: String
        var trainRows: Int
        var testRows: Int
        var features: Int
        var minM: Double
        var meanM: Double
        var medianM: Double
        var p90M: Double
        var maxM: Double
        var rmseM: Double
        var trainSeconds: Double
        var positioningSeconds100: Double
        var predictP99Seconds: Double

        enum CodingKeys: String, CodingKey {
            case method, localizer, features
            case trainRows = "train_rows", testRows = "test_rows", minM = "min_m", meanM = "mean_m"
            case medianM = "median_m", p90M = "p90_m", maxM = "max_m", rmseM = "rmse_m"
            case trainSeconds = "train_seconds", positioningSeconds100 = "positioning_seconds_100"
            case predictP99Seconds = "predict_p99_seconds"
        }
    }
}
