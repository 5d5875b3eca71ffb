import Foundation
import GymCore
import RadioScene

/// The physics both RIS environments share: panels lit by their access points, per-episode element failures and
/// phase errors, and the measurement of the RIS-reflected path.
///
/// The receiver separates the RIS-modulated component from the uncontrolled multipath (line of sight, wall
/// reflections) by temporal coding of the RIS profile (Keykhosravi et al., "RIS-Enabled SISO Localization Under
/// User Mobility and Spatial-Wideband Effects", IEEE JSTSP 2022), so a probe measures the AP → RIS → user path
/// alone: it is detected when its energy SNR passes the threshold; its range (the unfolded length, plus the
/// clock bias) and its angle of departure from the panel (cone angle about the panel's horizontal axis) carry
/// Cramér–Rao-bound noise, the angle bound being that of the panel's `columns`-element aperture. Blockers on the
/// AP → panel or panel → user segment (through the centre) block the path. With no `ris` in the scenario a
/// 16 × 16 panel is placed on the centre of the wall facing access point 0, 0.05 m off it, at the AP's height.
public struct RISProbeCore: Sendable {
    /// The shared episode state (user, tracker, reward).
    public internal(set) var episode: PositioningEpisode
    /// One prepared link per panel (with this episode's failures and phase errors).
    public internal(set) var links: [RISLink]
    /// The links of healthy panels (no stuck elements, no phase errors): what a failure-unaware planner assumes.
    public let healthyLinks: [RISLink]
    /// `independent` (each element fails with the probability) or `clustered` (a contiguous block of rows fails,
    /// covering a fraction drawn uniformly in [0, probability] per episode: a driver or power-domain failure).
    public let failurePattern: String
    /// The tracker's measurement model of each panel.
    public let observations: [RISObservation]
    /// The AP array that lights each panel (with this episode's calibration errors).
    public internal(set) var arrays: [UniformLinearArray]
    /// Transmit power × AP beam gain towards each panel's centre (EIRP), watts.
    public internal(set) var eirpWatts: [Double]
    /// Whether a blocker cuts the AP → panel segment.
    public let incidentBlocked: [Bool]
    /// Link budget, detection threshold and clock bias.
    public let measurementModel: MeasurementModel
    /// Probability that an element is stuck (per element, per episode).
    public let failureProbability: Double
    /// Standard deviation of the phase-calibration errors (AP elements and RIS elements), radians.
    public let calibrationStdRadians: Double
    /// Per-episode draws of the stuck phases and RIS phase errors, reused across resets (allocation-free).
    private var stuckScratch: [Double] = [], errorScratch: [Double] = []

    /// Prepares the core for `scenario`.
    public init(scenario: Scenario) {
        episode = PositioningEpisode(scenario: scenario)
        let specs = scenario.ris ?? [Self.defaultPanel(for: scenario)]
        let surfaces = specs.map { ReconfigurableIntelligentSurface(spec: $0, carrierHertz: scenario.radio.carrierHz) }
        let apArrays = scenario.arrays
        arrays = specs.map { apArrays[$0.accessPoint ?? 0] }
        links = zip(surfaces, arrays).map { RISLink(surface: $0, source: $1.position) }
        healthyLinks = links
        failurePattern = scenario.impairments?.risFailurePattern ?? "independent"
        observations = zip(surfaces, arrays).map {
            RISObservation(accessPoint: $1.position, surface: $0, userHeightMetres: scenario.user.heightM)
        }
        let room = scenario.sceneRoom
        incidentBlocked = zip(surfaces, arrays).map { room.isBlocked(from: $1.position, to: $0.centre) }
        measurementModel = scenario.measurementModel
        failureProbability = scenario.impairments?.risElementFailureProbability ?? 0
        calibrationStdRadians = (scenario.impairments?.phaseCalibrationErrorDeg ?? 0) * Double.pi / 180
        eirpWatts = []
        eirpWatts = arrays.indices.map(eirp(panel:))
    }

    /// The default panel: 16 × 16 on the centre of the wall farthest from access point 0, facing into the room.
    public static func defaultPanel(for scenario: Scenario) -> RISPanelSpec {
        let lo = scenario.room.min, hi = scenario.room.max
        let ap = scenario.accessPoints[0].position
        let inset = 0.05
        let z = min(max(ap.z, lo.z + 0.5), hi.z - 0.5)
        let cx = (lo.x + hi.x) / 2, cy = (lo.y + hi.y) / 2
        let candidates: [(Vector3, Double, Double)] = [
            (Vector3(lo.x + inset, cy, z), 0, abs(ap.x - lo.x)), (Vector3(hi.x - inset, cy, z), 180, abs(ap.x - hi.x)),
            (Vector3(cx, lo.y + inset, z), 90, abs(ap.y - lo.y)), (Vector3(cx, hi.y - inset, z), -90, abs(ap.y - hi.y)),
        ]
        var best = candidates[0]
        for c in candidates where c.2 > best.2 { best = c }
        return RISPanelSpec(name: "ris-default", centre: best.0, normalDeg: best.1, columns: 16, rows: 16)
    }

    /// EIRP towards panel `panel`'s centre: P_tx × the AP beam's gain when steered exactly at it, watts.
    public func eirp(panel: Int) -> Double {
        let array = arrays[panel]
        let v = links[panel].surface.centre - array.position
        let direction = v / max(v.length, 1e-9)
        return measurementModel.linkBudget.transmitPowerWatts
            * array.beamGain(towards: direction, steeredFrequency: array.spatialFrequency(of: direction))
    }

    /// Starts an episode: the user and tracker, then this episode's element failures and phase errors.
    public mutating func begin(seed: UInt64?) {
        episode.begin(seed: seed)
        for p in links.indices {
            let m = links[p].surface.elementCount
            stuckScratch.removeAll(keepingCapacity: true)
            if failureProbability > 0, failurePattern == "clustered" {
                // A block of whole rows, at a random place, covering a fraction in [0, p] of the panel.
                let surface = links[p].surface
                let rows = surface.rows, columns = surface.columns
                let failedRows = min(
                    Int((episode.generator.nextUnitDouble() * failureProbability * Double(rows)).rounded()),
                    Int(failureProbability * Double(rows)))
                let first = episode.generator.nextInt(below: max(rows - failedRows + 1, 1))
                stuckScratch.append(contentsOf: repeatElement(.nan, count: m))
                for row in first..<min(first + failedRows, rows) {
                    for column in 0..<columns {
                        stuckScratch[row * columns + column] = (2 * episode.generator.nextUnitDouble() - 1) * Double.pi
                    }
                }
            } else if failureProbability > 0 {
                for _ in 0..<m {
                    stuckScratch.append(
                        episode.generator.nextUnitDouble() < failureProbability
                            ? (2 * episode.generator.nextUnitDouble() - 1) * Double.pi : .nan)
                }
            }
            errorScratch.removeAll(keepingCapacity: true)
            if calibrationStdRadians > 0 {
                for _ in 0..<m { errorScratch.append(calibrationStdRadians * episode.generator.nextGaussian()) }
                arrays[p].drawCalibrationErrors(stdRadians: calibrationStdRadians, using: &episode.generator)
                eirpWatts[p] = eirp(panel: p)
            }
            if failureProbability > 0 || calibrationStdRadians > 0 || !links[p].failedElements.isEmpty
                || !links[p].phaseErrors.isEmpty
            {
                links[p].configure(stuckPhases: stuckScratch, phaseErrors: errorScratch)
            }
        }
    }

    /// Whether the AP → panel → user path is free of blockers for a user at `user`.
    @inlinable @inline(__always)
    public func isOpen(panel: Int, user: Vector3) -> Bool {
        !incidentBlocked[panel] && (episode.room.blockers.isEmpty || !episode.room.isBlocked(from: links[panel].surface.centre, to: user))
    }

    /// Received power (watts) of the RIS path with power gain `gain` to a user at `user`.
    @inlinable @inline(__always)
    public func receivedPower(panel: Int, gain: Double, user: Vector3) -> Double {
        let length = links[panel].incidentLengthMetres + (user - links[panel].surface.centre).length
        return eirpWatts[panel] * gain * measurementModel.linkBudget.absorptionFactor(lengthMetres: length)
    }

    /// The power gain of codebook beam (`beamU`, `beamV`) of panel `panel` towards `user` with this episode's
    /// panel, 0 when a blocker cuts the path (``RISLink/codebookPowerGain(to:beamU:beamV:)``).
    ///
    /// Mutating only so that `step` passes the core by address; the link is read in place (a copy of it would
    /// retain its five arrays).
    mutating func codebookPowerGain(panel: Int, beamU: Double, beamV: Double, user: Vector3) -> Double {
        guard isOpen(panel: panel, user: user) else { return 0 }
        return links[panel].codebookPowerGainInPlace(to: user, beamU: beamU, beamV: beamV)
    }

    /// Measures the RIS path of panel `panel` with power gain `gain`, fuses and scores it.
    ///
    /// - Parameter steeredFrequency: sin θ the panel's reflect beam is steered to about its horizontal axis
    ///   (nil for a free phase profile, which an analog receiver cannot read an angle from).
    public mutating func probe(
        panel: Int, gain: Double, steeredFrequency: Double? = nil
    ) -> (Transition<ProbeInfo>, energySNRdB: Double) {
        let user = episode.userPosition
        let received = receivedPower(panel: panel, gain: gain, user: user)
            * episode.shadowing.powerGain(link: episode.observationModels.count + panel)
        let steeredFrequency = steeredFrequency ?? .infinity
        let surface = links[panel].surface
        let g = RISLink.reflectedGeometry(of: surface, to: user)
        // The RIS's reflect beam is the analog beam: an angle only for a user inside its monopulse region.
        let measurement = measurementModel.measure(
            meanPowerWatts: received, lengthMetres: links[panel].incidentLengthMetres + g.distance, frequency: g.su,
            isLineOfSight: true, mergedPathCount: 1, steeredFrequency: steeredFrequency, elementCount: surface.columns,
            spacingWavelengths: surface.spacingMetres / surface.wavelengthMetres, using: &episode.generator)
        let snrDB = measurement.energySNRdB
        return (fuse(measurement, panel: panel), snrDB)
    }

    private mutating func fuse(_ measurement: ProbeMeasurement, panel: Int) -> Transition<ProbeInfo> {
        let budget = measurementModel.linkBudget
        // The RIS path is simulated as one unmerged path (no multipath bias): fused on its noise alone.
        return episode.fuse(
            measurement.withoutBias, observation: observations[panel], biasSource: episode.observationModels.count + panel,
            lineOfSightPowerRatio: nil, priorLogDet: pendingLogDet,
            priorError: pendingError, energyJoules: budget.transmitPowerWatts * budget.probeDurationSeconds)
    }

    /// ln det of the position covariance before the current probe (set by ``advance()``).
    var pendingLogDet = 0.0
    /// True error before the current probe, metres (set by ``advance()``).
    var pendingError = 0.0

    /// Moves the user and the tracker one slot ahead (call before computing the probe's gain).
    public mutating func advance() {
        pendingError = episode.errorMetres
        pendingLogDet = episode.advanceSlot()
    }
}
