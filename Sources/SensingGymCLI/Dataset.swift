import ArgumentParser
import Dispatch
import Foundation
import Localizers
import SensingGym

/// `sensing-gym dataset`: the fingerprint database (grid reference points) and test points of a scenario, as CSV.
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a CSI fingerprint dataset (RSS, azimuth/elevation AoA, ToA of the max-power path per AP).",
        discussion: """
            Writes one CSV with a `split` column: `train` rows are the reference points of a square grid at the \
            scenario's user height, `test` rows are random off-grid points (seeded), as in Wu et al.'s WRF paper. \
            Columns: x_m, y_m, then per AP ap<i>_rss_dbm, ap<i>_aoa_az_rad, ap<i>_aoa_el_rad, ap<i>_toa_s, then split.
            Example: sensing-gym dataset --scenario wrf-office-16x15 --grid 0.2 --test-points 100 --seed 1 --out data/office.csv
            """)

    @Option(help: "Built-in scenario name or path to a scenario YAML file.")
    var scenario: String = ScenarioLibrary.defaultName

    @Option(help: "Reference-grid spacing, metres (the paper: 0.2).")
    var grid: Double = 0.2

    @Option(help: "Distance from the walls to the first grid line, metres (default: one grid spacing).")
    var margin: Double?

    @Option(help: "Number of random off-grid test points.")
    var testPoints: Int = 100

    @Option(help: "Seed of the test-point positions, the noise and the impairments.")
    var seed: UInt64 = 1

    @Flag(inversion: .prefixedNo, help: "Add Cramér–Rao-bound measurement noise to every row (default: exact features, as the paper's ray tracer).")
    var noise = false

    @Flag(help: "Apply the scenario's impairments (clock bias, phase calibration) to the test rows.")
    var impairments = false

    @Option(help: "Override the scenario's clock bias, nanoseconds (used with --impairments).")
    var clockBiasNs: Double?

    @Option(help: "Override the scenario's image-method reflection order (0, 1 or 2).")
    var reflectionOrder: Int?

    @Option(help: "Enable diffuse scattering with this scattering coefficient S in [0, 1] (0 disables it).")
    var scattering: Double?

    @Option(help: "Output CSV path (its folder is created if needed).")
    var out: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard grid.isFinite, grid > 0 else { throw ValidationError("--grid must be a positive number of metres, got \(grid)") }
        try Bounds.check("--grid", grid, 0.01...100)
        guard testPoints >= 0 else { throw ValidationError("--test-points must be ≥ 0, got \(testPoints)") }
        try Bounds.check("--test-points", testPoints, 0...1_000_000)
        if let margin, !(margin >= 0) { throw ValidationError("--margin must be ≥ 0, got \(margin)") }
        if let margin { try Bounds.check("--margin", margin, 0...1_000) }
        if let clockBiasNs { try Bounds.check("--clock-bias-ns", clockBiasNs, -1e6...1e6) }
        if let reflectionOrder { try Bounds.check("--reflection-order", reflectionOrder, 0...2) }
        if let s = scattering, !(0...1).contains(s) { throw ValidationError("--scattering must be in [0, 1], got \(s)") }
        guard !out.isEmpty else { throw ValidationError("--out needs a file path") }
    }

    /// The scenario with the command-line overrides applied and validated.
    func loadScenario() throws -> Scenario {
        var s: Scenario
        do { s = try ScenarioLibrary.resolve(scenario) } catch { throw ValidationError("scenario: \(error)") }
        if let order = reflectionOrder { s.room.maxReflectionOrder = order }
        if let coefficient = scattering {
            var spec = s.room.diffuseScattering ?? DiffuseScatteringSpec(enabled: true, scatteringCoefficient: coefficient)
            spec.enabled = coefficient > 0
            spec.scatteringCoefficient = coefficient
            s.room.diffuseScattering = spec
        }
        if let bias = clockBiasNs {
            var impairments = s.impairments ?? ImpairmentSpec()
            impairments.clockBiasNs = bias
            s.impairments = impairments
        }
        do { try s.validate(source: scenario + " (with command-line overrides)") } catch {
            throw ValidationError("scenario: \(error)")
        }
        return s
    }

    func run() throws {
        let scenario = try loadScenario()
        let size = scenario.room.max - scenario.room.min
        let points = (size.x / grid + 1) * (size.y / grid + 1)
        guard points <= 1_000_000 else {
            throw ValidationError(
                "--grid \(grid) m gives about \(Int(points)) reference points in this \(size.x) × \(size.y) m room; "
                    + "the limit is 1000000 (use a coarser --grid)")
        }
        let fingerprintGrid: FingerprintGrid
        do {
            fingerprintGrid = try FingerprintGrid(scenario: scenario, spacingMetres: grid, marginMetres: margin)
        } catch {
            throw ValidationError("\(error)")
        }
        let generator = FingerprintDatasetGenerator(
            scenario: scenario, grid: fingerprintGrid, noise: noise, impairTestPoints: impairments, seed: seed)
        let start = DispatchTime.now().uptimeNanoseconds
        var progress = ProgressReporter(label: "dataset \(scenario.name)", total: fingerprintGrid.count + testPoints)
        let dataset = try generator.generate(testPointCount: testPoints) { done, _ in progress.update(done) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

        let url = URL(fileURLWithPath: out)
        let table = try FingerprintTable(
            featureNames: dataset.featureNames, features: dataset.samples.flatMap(\.features),
            x: dataset.samples.map(\.position.x), y: dataset.samples.map(\.position.y),
            split: dataset.samples.map(\.split), source: out)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try table.write(to: url)
        } catch {
            throw ValidationError("cannot write \(out): \(error.localizedDescription)")
        }

        let summary = Summary(
            scenario: scenario.name, out: out, gridM: grid, marginM: fingerprintGrid.marginMetres,
            referencePoints: dataset.trainCount, testPoints: dataset.testCount,
            features: dataset.featureNames.count, noise: noise, impairments: impairments,
            reflectionOrder: scenario.room.maxReflectionOrder ?? 1,
            scatteringCoefficient: scenario.room.diffuseScattering.flatMap { $0.enabled ? $0.scatteringCoefficient : nil },
            undetectedReferencePoints: dataset.undetectedReferencePoints, redrawnTestPoints: dataset.redrawnTestPoints,
            maxPowerPathLoSFraction: dataset.lineOfSightFraction, seed: seed, seconds: seconds)
        if output.json {
            print(try JSONText.encode(summary))
        } else {
            let (lo, hi) = fingerprintGrid.area
            print("\(scenario.name): \(dataset.trainCount) reference points (\(fingerprintGrid.xValuesMetres.count) × "
                + "\(fingerprintGrid.yValuesMetres.count), \(grid) m grid over x \(lo.x)…\(hi.x) m, y \(lo.y)…\(hi.y) m, "
                + "height \(fingerprintGrid.heightMetres) m) + \(dataset.testCount) test points, "
                + "\(dataset.featureNames.count) features")
            print(String(format: "noise %@, impairments on test rows %@, reflection order %d, diffuse scattering %@",
                         noise ? "on" : "off", impairments ? "on" : "off", summary.reflectionOrder,
                         summary.scatteringCoefficient.map { "S = \($0)" } ?? "off"))
            print(String(format: "MP path is LoS for %.1f %% of (point, AP) pairs; %d reference points undetected; %.1f s",
                         100 * dataset.lineOfSightFraction, dataset.undetectedReferencePoints, seconds))
            print("wrote \(out)")
        }
    }

    /// The `--json` summary.
    struct Summary: Encodable {
        var scenario: String
        var out: String
        var gridM: Double
        var marginM: Double
        var referencePoints: Int
        var testPoints: Int
        var features: Int
        var noise: Bool
        var impairments: Bool
        var reflectionOrder: Int
        var scatteringCoefficient: Double?
        var undetectedReferencePoints: Int
        var redrawnTestPoints: Int
        var maxPowerPathLoSFraction: Double
        var seed: UInt64
        var seconds: Double

        enum CodingKeys: String, CodingKey {
            case scenario, out, features, noise, impairments, seed, seconds
            case gridM = "grid_m", marginM = "margin_m", referencePoints = "reference_points"
            case testPoints = "test_points", reflectionOrder = "reflection_order"
            case scatteringCoefficient = "scattering_coefficient"
            case undetectedReferencePoints = "undetected_reference_points", redrawnTestPoints = "redrawn_test_points"
            case maxPowerPathLoSFraction = "mp_los_fraction"
        }
    }
}
