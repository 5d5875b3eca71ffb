import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym error-budget`: where a scenario's probe errors come from, on a grid of user positions.
///
/// For every access point and grid point, the narrow and the wide beam nearest the line of sight are put through
/// the scenario's receiver without noise (``MeasurementModel/strongestCluster(paths:array:steeredFrequency:)``):
/// the merge bias is the detected cluster's range and sin θ minus the line of sight's, and is set beside the
/// Cramér–Rao bound at the cluster's mean SNR and the multipath floor the receiver reports. Clusters whose
/// strongest member is a reflection are counted apart (NLoS). What the tracker's bias prior is sized from.
struct ErrorBudget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "error-budget",
        abstract: "Split a scenario's on-beam probe errors into multipath merge bias, Cramér–Rao noise and floor.")

    @Option(help: "Built-in scenario name or path to a scenario YAML file.")
    var scenario: String = ScenarioLibrary.defaultName

    @Option(help: ArgumentHelp(
        "Grid step, metres (between 0.05 and 10; default 0.25 for BeamSelection-v1, 0.05 for Waveform-v1).",
        discussion: "Waveform-v1's floors are surveyed at 0.05 m (WaveformEnv.floorSurveyGridMetres): a coarser regular grid aliases "
            + "with the room and misses the tail the covering std rests on."))
    var grid: Double?

    /// The grid step: `--grid`, or the env's default.
    var gridMetres: Double { grid ?? (env == WaveformEnv.id ? WaveformEnv.floorSurveyGridMetres : 0.25) }

    @Option(help: "Bandwidth to evaluate at, hertz (default: the scenario's).")
    var bandwidthHz: Double?

    @Option(help: ArgumentHelp(
        "BeamSelection-v1 (the on-beam probes) or Waveform-v1 (every carrier × bandwidth option on the digital receiver).",
        discussion: "With Waveform-v1 the table gives each option's merge-bias std (max of RMS and p95 ÷ 1.96) where a merge is expected, and the "
            + "`waveform.range_floor_m` line the scenario's tracker prior is sized from."))
    var env: String = "BeamSelection-v1"

    func validate() throws {
        if let grid, !(grid.isFinite && (0.05...10).contains(grid)) {
            throw ValidationError("--grid must be between 0.05 and 10 metres, got \(grid)")
        }
        if let bandwidthHz, !(bandwidthHz > 0) { throw ValidationError("--bandwidth-hz must be positive") }
        guard [BeamSelectionEnv.id, WaveformEnv.id].contains(env) else {
            throw ValidationError("--env must be \(BeamSelectionEnv.id) or \(WaveformEnv.id), got \(env)")
        }
        if env == WaveformEnv.id, bandwidthHz != nil {
            throw ValidationError("--bandwidth-hz applies to \(BeamSelectionEnv.id); Waveform-v1 surveys all its options")
        }
    }

    /// Statistics of one (access point, beam kind).
    struct Tally {
        var rangeBias: [Double] = [], frequencyBias: [Double] = [], rangeBound: [Double] = [], frequencyBound: [Double] = []
        /// The biases where ``MultipathMergeGate`` expects a merge, and where it does not.
        var gatedRangeBias: [Double] = [], gatedFrequencyBias: [Double] = [], ungatedRangeBias: [Double] = []
        var ungatedFrequencyBias: [Double] = []
        var merged = 0, nonLineOfSight = 0, missed = 0, points = 0
        var rangeFloor = 0.0, frequencyFloor = 0.0
    }

    func run() throws {
        var spec: Scenario
        do { spec = try ScenarioLibrary.resolve(scenario) } catch { throw CommandFailure("scenario: \(error)") }
        if let bandwidthHz { spec.radio.bandwidthHz = bandwidthHz }
        if env == WaveformEnv.id { return surveyWaveform(spec) }
        let probes = DirectBeamProbes(scenario: spec)
        let model = probes.measurementModel
        let area = spec.userArea
        var paths: [PropagationPath] = []
        paths.reserveCapacity(probes.tracer.maxPathCount)
        print("\(spec.name): c/B = \(fmt(model.linkBudget.rangeResolutionMetres * 100)) cm, grid \(gridMetres) m, "
            + "on-beam probes (the codebook beam nearest the line of sight), noise-free")
        print("| AP | beam | points | NLoS % | merged % | range bias RMS mm | p95 | CRB range median mm | range floor mm | "
            + "sin θ bias RMS ×1e-3 | p95 | CRB sin θ median ×1e-3 | sin θ floor ×1e-3 | merge expected % | "
            + "range RMS mm, expected / not | sin θ RMS ×1e-3, expected / not | range mean mm, expected | "
            + "spread about it (std, p95 ÷ 1.96) mm |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for ap in spec.arrays.indices {
            for wide in [false, true] {
                guard !wide || probes.wideCodebook != nil else { continue }
                var t = Tally()
                var x = area.lower.x
                while x <= area.upper.x + 1e-9 {
                    var y = area.lower.y
                    while y <= area.upper.y + 1e-9 {
                        tally(&t, ap: ap, wide: wide, user: Vector3(x, y, spec.user.heightM), probes: probes,
                              model: wide ? probes.wideMeasurementModel : model, paths: &paths)
                        y += gridMetres
                    }
                    x += gridMetres
                }
                let los = max(t.rangeBias.count, 1)
                print("| \(ap) | \(wide ? "wide" : "narrow") | \(t.points) | "
                    + "\(fmt(100 * Double(t.nonLineOfSight) / Double(max(t.points, 1)))) | "
                    + "\(fmt(100 * Double(t.merged) / Double(los))) | \(fmt(1e3 * rms(t.rangeBias))) | "
                    + "\(fmt(1e3 * percentile(t.rangeBias.map(abs), 0.95))) | \(fmt(1e3 * percentile(t.rangeBound, 0.5))) | "
                    + "\(fmt(1e3 * t.rangeFloor)) | \(fmt(1e3 * rms(t.frequencyBias))) | "
                    + "\(fmt(1e3 * percentile(t.frequencyBias.map(abs), 0.95))) | "
                    + "\(fmt(1e3 * percentile(t.frequencyBound, 0.5))) | \(fmt(1e3 * t.frequencyFloor)) | "
                    + "\(fmt(100 * Double(t.gatedRangeBias.count) / Double(los))) | "
                    + "\(fmt(1e3 * rms(t.gatedRangeBias))) / \(fmt(1e3 * rms(t.ungatedRangeBias))) | "
                    + "\(fmt(1e3 * rms(t.gatedFrequencyBias))) / \(fmt(1e3 * rms(t.ungatedFrequencyBias))) | "
                    + "\(fmt(1e3 * mean(t.gatedRangeBias))) | \(fmt(1e3 * spread(t.gatedRangeBias).std)), "
                    + "\(fmt(1e3 * spread(t.gatedRangeBias).p95)) |")
            }
        }
    }

    private func tally(
        _ t: inout Tally, ap: Int, wide: Bool, user: Vector3, probes: DirectBeamProbes, model: MeasurementModel,
        paths: inout [PropagationPath]
    ) {
        let array = wide ? probes.wideArrays[ap] : probes.arrays[ap]
        let v = user - array.position
        let losLength = v.length
        let losFrequency = array.spatialFrequency(of: v / losLength)
        let codebook = wide ? probes.wideCodebook! : probes.codebook
        let steered = codebook.spatialFrequencies[codebook.nearestBeam(toFrequency: losFrequency)]
        probes.tracer.trace(from: array.position, to: user, into: &paths)
        let cluster = paths.withUnsafeBufferPointer {
            model.strongestCluster(paths: $0, array: array, steeredFrequency: steered)
        }
        t.points += 1
        let snr = model.linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts)
        guard snr >= model.detectionThreshold else { t.missed += 1; return }
        guard cluster.isLineOfSight else { t.nonLineOfSight += 1; return }
        if cluster.count > 1 { t.merged += 1 }
        t.rangeBias.append(cluster.lengthMetres - losLength)
        t.frequencyBias.append(cluster.frequency - losFrequency)
        if MultipathMergeGate(room: probes.tracer.room).expectsMerge(
            array: array, user: user, rangeResolutionMetres: model.linkBudget.rangeResolutionMetres)
        {
            t.gatedRangeBias.append(cluster.lengthMetres - losLength)
            t.gatedFrequencyBias.append(cluster.frequency - losFrequency)
        } else {
            t.ungatedRangeBias.append(cluster.lengthMetres - losLength)
            t.ungatedFrequencyBias.append(cluster.frequency - losFrequency)
        }
        t.rangeBound.append(CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: model.linkBudget.bandwidthHertz))
        if let u = model.spatialFrequencyBound(
            energySNR: snr, frequency: cluster.frequency, steeredFrequency: steered, elementCount: array.elementCount,
            spacingWavelengths: array.spacingWavelengths)
        {
            t.frequencyBound.append(u)
        }
        t.rangeFloor = model.rangeFloorMetres
        t.frequencyFloor = model.angleFloorFraction / (Double(array.elementCount) * array.spacingWavelengths)
    }

    /// The Waveform-v1 survey: one row per carrier × bandwidth option, then the scenario line.
    private func surveyWaveform(_ spec: Scenario) {
        let env = WaveformEnv(scenario: spec)
        let survey = env.mergeBiasSurvey(gridMetres: gridMetres)
        print("\(spec.name): Waveform-v1 options on the digital receiver, grid \(gridMetres) m, noise-free; bias std = max(RMS, "
            + "p95 |bias| / 1.96) over the line-of-sight points where a merge is expected, the worse access point")
        print("| carrier GHz | bandwidth GHz | c/B mm | merge expected % | range bias std mm | ÷ c/B | sin θ bias std ×1e-3 | ÷ 1/(N d/λ) |")
        print("|---|---|---|---|---|---|---|---|")
        for (o, row) in survey.enumerated() {
            let c = o / env.bandwidthsHz.count, b = o % env.bandwidthsHz.count
            let cell = PhysicalConstants.speedOfLightMetresPerSecond / env.bandwidthsHz[b]
            print("| \(fmt(env.carriersHz[c] / 1e9)) | \(fmt(env.bandwidthsHz[b] / 1e9)) | \(fmt(1e3 * cell)) | "
                + "\(fmt(100 * row.mergeExpectedShare)) | \(fmt(1e3 * row.rangeBiasStdMetres)) | "
                + "\(String(format: "%.4f", row.rangeBiasStdMetres / cell)) | \(fmt(1e3 * row.spatialFrequencyBiasStd)) | "
                + "\(String(format: "%.4f", row.spatialFrequencyBiasStd * apertureWavelengths(env.arrays[c][0]))) |")
        }
        let ranges = survey.map { String(format: "%.4g", max($0.rangeBiasStdMetres, 1e-4)) }
        let angles = survey.map { String(format: "%.4g", max($0.spatialFrequencyBiasStd, 1e-6)) }
        print("\nwaveform:   # carrier-major: metres, sin θ")
        print("  range_floor_m: [\(ranges.joined(separator: ", "))]")
        print("  angle_floor_sin: [\(angles.joined(separator: ", "))]")
    }

    private func apertureWavelengths(_ a: UniformLinearArray) -> Double { Double(a.elementCount) * a.spacingWavelengths }

    private func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

    /// The std of `v` about its mean and its 95th percentile of |v − mean| ÷ 1.96 (a Gaussian's std by its tail).
    private func spread(_ v: [Double]) -> (std: Double, p95: Double) {
        let m = mean(v)
        return (rms(v.map { $0 - m }), percentile(v.map { abs($0 - m) }, 0.95) / 1.96)
    }

    private func rms(_ v: [Double]) -> Double {
        v.isEmpty ? .nan : (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot()
    }

    private func percentile(_ v: [Double], _ p: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s[min(s.count - 1, Int((p * Double(s.count - 1)).rounded()))]
    }

    private func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "-" }
}
