import Foundation
import GymCore
import RadioScene

/// `Waveform-v1`: choose the carrier and bandwidth of each probe.
///
/// ## Description
/// The room and access points of the scenario, probed on one of C carriers with one of B bandwidths. The
/// access point nearest the tracker's estimate receives the probe on a digital array (``ReceiverArchitecture``
/// `digital`: all elements combined towards the path, the angle bound on per-element SNR), so the beam is not
/// the decision here; the tracker's multipath floors are the chosen option's own (``WaveformSpec/rangeFloorsMetres``). The
/// trade-off comes from the physics and the scenario's prices:
/// - a wider band B resolves paths closer than c/B (multipath merges less, so reflections bias less) and
///   shrinks the range bound σ_d = c/(2π·(B/√12)·√(2·SNR)) as 1/B; it lets in B times the noise power k·T·B·NF
///   (the per-sample SNR falls as 1/B; at the scenario's fixed airtime the probe integrates B·T samples, so its
///   energy SNR is unchanged), and it costs DC power in the converters (baseband power ∝ B);
/// - a higher carrier has more elements at the same aperture (a better angle bound), the same per-element gain
///   and so a free-space loss (λ/4πd)² that grows with f², molecular absorption per band, different ITU-R P.2040
///   reflections, and a less efficient power amplifier;
/// - spectrum–time is priced: `reward.cost_per_ghz_us` per GHz·µs of B·T_probe, so 3 GHz costs 30× 0.1 GHz.
/// Per band: elements, transmit power, absorption (dB/m), reflection-loss offset (dB, fixed-loss materials only)
/// and PA efficiency come from the scenario's `waveform` block (``WaveformSpec``; defaults 28 / 60 / 140 /
/// 300 GHz × 0.1 / 0.4 / 1 / 3 GHz).
///
/// ## Action Space
/// `MultiDiscrete([C, B])`: [carrier index, bandwidth index] into the scenario's lists.
///
/// ## Observation Space
/// `Box` of 9 + 2·C·B floats, never the true position (option o = carrier × B + bandwidth):
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0–8 | tracker: estimate, velocity, log std, correlation, budget left, last outcome (``PositioningEpisode``) | see there |
/// | 9 … 9+CB−1 | energy SNR of the last probe with each option, dB ÷ 50 (−1: never used or nothing seen) | −1…2 |
/// | 9+CB … 9+2CB−1 | probes since each option was last used ÷ budget (1: never) | 0…1 |
///
/// ## Rewards
/// r_t = ½ ln det P⁺_{t−1} − ½ ln det P⁺_t − cost (nats, net of motion, capped at the target;
/// ``InformationGainReward``), cost = `cost_per_probe` + `cost_per_microjoule` × E + `cost_per_ghz_us` × B·T,
/// with the probe's DC energy E = (P_tx/η_PA(f) + p_bb·B)·T_probe, joules (also reported as `info.energyJoules`).
///
/// ## Starting State
/// As ``BeamSelectionEnv``: the user uniform in the room, the tracker with the room prior and no track.
/// With `phase_calibration_error_deg` > 0 every array of every band draws its per-element errors per episode.
///
/// ## Episode End
/// - Termination: the tracker's 95 % error radius falls below `target_accuracy_m`.
///   Where the scenario sets `tracker.confirmation_links` (the factory: 2), fixes of that many links must also
///   support the track (``TrackConfirmation``); the observation does not show how many do.
/// - Truncation: `probe_budget` probes were used.
///
/// ## Arguments
/// `scenario`: a ``Scenario`` (built-in name or YAML path via ``ScenarioLibrary``).
///
/// ## Version History
/// - v1: digital receiver (angle bound on per-element SNR, array gain counted once), floors per option,
///   spectrum–time priced, ITU-R P.2040 reflections per carrier, Rician fading and outliers, a track started
///   from the first reliable fix, the reward net of motion and capped at the target.
/// - v1 (tracker, issue 10): floors stay white, from `waveform.range_floor_fraction` / `angle_floor_fraction`
///   (the earlier v1 values; the receiver's own floors now size the other envs' consider biases); a
///   constant-velocity user's boundary bounce is predicted. Trajectories on the built-in scenarios unchanged.
/// - v1 (floors per option, issue 10): each carrier × bandwidth option's floors from the scenario's
///   `waveform.range_floor_m` / `angle_floor_sin` (sized by `sensing-gym error-budget --env Waveform-v1`), carried as
///   consider biases per AP and bandwidth half (ρ = `bias_correlation`) behind the merge gate; the built-in
///   scenarios' trajectories change (the white floors were 10–60× too conservative; docs/PHYSICS.md §3).
/// - v1 (targets, issue 10): a scene may set Waveform-v1's own target (`waveform.target_accuracy_m`: the lab 1 cm,
///   the 8×6 room 2 cm, where at 5 cm every option reached the target in one or two probes).
/// - v1 (direct-path test, issue 10): a reliable detection shorter than the track's line of sight allows ends a
///   track resting on its starting fix (an established one after three such pieces of evidence).
/// - v1 (fix linearisation, issue 10): a fix is linearised and gated at the position it implies, with the range's
///   second-order term across the arc the fix's angle leaves; a constant-velocity user's boundary folds the
///   tracker's Gaussian (docs/PHYSICS.md §3).
/// - v1 (surveillance region, issue 10): the tracker gates fixes to the user area (the room less `user.margin_m`),
///   not the room (docs/PHYSICS.md §3).
/// - v1 (start-fix check, issue 10): a fix that would start the track has its bias stds raised to the merge the
///   room predicts at its implied position, where that is beyond 3 of its stds (docs/PHYSICS.md §3).
/// - v1 (floor survey grid, issue 10): the built-in scenarios' floors resurveyed on a 0.05 m grid (0.25 m aliased
///   with the rooms' geometry; docs/PHYSICS.md §3); their trajectories change.
/// - v0: (removed) the 3 GHz option dominated every scenario; floors of one bandwidth applied to all.
public struct WaveformEnv: Env {
    /// The shared episode state (user, tracker, reward).
    public private(set) var episode: PositioningEpisode
    /// The carrier options, hertz.
    public let carriersHz: [Double]
    /// The bandwidth options, hertz.
    public let bandwidthsHz: [Double]
    /// The access points' arrays per carrier: `arrays[carrier][ap]` (with this episode's calibration errors).
    public private(set) var arrays: [[UniformLinearArray]]
    /// One tracer per carrier (reflection losses differ by band); never changed after `init` (settable only so that
    /// `step` traces with the tracer in place, ``ImageMethodTracer/traceInPlace(from:to:into:)``).
    public private(set) var tracers: [ImageMethodTracer]
    /// Measurement models per option, index carrier × B + bandwidth.
    public let measurementModels: [MeasurementModel]
    /// DC energy of one probe per option, joules, index carrier × B + bandwidth.
    public let probeEnergyJoules: [Double]
    /// `MultiDiscrete([C, B])`.
    public let actionSpace: MultiDiscrete
    /// The flat observation box.
    public let observationSpace: Box

    /// ρ, the share of each option's floors the tracker carries as its link's shared bias (``WaveformSpec/biasCorrelation``).
    public let biasCorrelation: Double
    /// Whether each bandwidth option lies in the wider half of the options (its rank ≥ half their count).
    public let isWideBandwidth: [Bool]
    /// Where the tracker expects the line of sight to merge with a reflection (and so carries a link's bias).
    public let mergeGate: MultipathMergeGate

    /// Room for every path of the deepest tracer; a step traces into it (``ImageMethodTracer/maxPathCount`` slots,
    /// its count never changes).
    private var paths: [PropagationPath]
    private var history: ProbeHistory

    /// The registry id.
    public static let id = "Waveform-v1"

    /// Creates the environment for `scenario`.
    public init(scenario: Scenario) {
        var scenario = scenario
        if let target = scenario.waveform?.targetAccuracyM { scenario.episode.targetAccuracyM = target }
        episode = PositioningEpisode(scenario: scenario)
        let spec = scenario.waveform ?? WaveformSpec()
        let bands = spec.resolvedBands
        carriersHz = bands.map(\.carrierHz)
        bandwidthsHz = spec.resolvedBandwidthsHz
        let arrayRows = bands.map { band in
            zip(scenario.accessPoints, scenario.arrays).map { ap, ideal in
                var array = ideal
                array.elementCount = band.elements
                    ?? max(2, Int((Double(ap.elements) * band.carrierHz / scenario.radio.carrierHz).rounded()))
                return array
            }
        }
        arrays = arrayRows
        tracers = bands.map { band in
            let offset = band.reflectionLossOffsetDB ?? 0
            func shifted(_ m: Material) -> Material {
                guard m.itu == nil else { return m }
                return Material(name: m.name, reflectionLossDB: max(0, m.reflectionLossDB + offset))
            }
            var room = scenario.sceneRoom
            room.materials = room.materials.map(shifted)
            return scenario.tracer(carrierHertz: band.carrierHz, room: room)
        }
        var models: [MeasurementModel] = [], energies: [Double] = []
        for (c, band) in bands.enumerated() {
            for (b, bandwidth) in spec.resolvedBandwidthsHz.enumerated() {
                let budget = LinkBudget(
                    carrierHertz: band.carrierHz, bandwidthHertz: bandwidth,
                    transmitPowerDBm: band.txPowerDBm ?? scenario.radio.txPowerDBm,
                    noiseFigureDB: scenario.radio.noiseFigureDB, probeDurationSeconds: scenario.radio.probeDurationS,
                    absorptionDBPerMetre: band.absorptionDBPerM ?? 0)
                var model = scenario.measurementModel(linkBudget: budget, receiver: .digital)
                // Per-option floors: one per bandwidth, or one per carrier × bandwidth (carrier-major).
                let widthCount = spec.resolvedBandwidthsHz.count
                func floor(_ list: [Double]) -> Double { list.count == widthCount ? list[b] : list[c * widthCount + b] }
                if let floors = spec.rangeFloorsMetres {
                    model.rangeFloorFraction = floor(floors) * (spec.rangeFloorScale ?? 1) / budget.rangeResolutionMetres
                } else if let r = spec.rangeFloorFraction {
                    model.rangeFloorFraction = r
                }
                if let floors = spec.angleFloorsSine {
                    let array = arrayRows[c][0]
                    model.angleFloorFraction = floor(floors) * Double(array.elementCount) * array.spacingWavelengths
                } else if let a = spec.angleFloorFraction {
                    model.angleFloorFraction = a
                }
                models.append(model)
                let dcPower = budget.transmitPowerWatts / (band.paEfficiency ?? 1)
                    + spec.resolvedBasebandPowerWattsPerHertz * bandwidth
                energies.append(dcPower * budget.probeDurationSeconds)
            }
        }
        measurementModels = models
        probeEnergyJoules = energies
        actionSpace = MultiDiscrete([bands.count, bandwidthsHz.count])
        let options = bands.count * bandwidthsHz.count
        history = ProbeHistory(optionCount: options)
        let bounds = PositioningEpisode.trackerObservationBounds
        observationSpace = Box(low: bounds.low + history.bounds.low, high: bounds.high + history.bounds.high)
        paths = Array(repeating: .placeholder, count: tracers.map(\.maxPathCount).max() ?? 7)
        mergeGate = MultipathMergeGate(room: scenario.sceneRoom)
        biasCorrelation = spec.biasCorrelation ?? WaveformSpec.defaultBiasCorrelation
        let widths = bandwidthsHz
        isWideBandwidth = widths.map { b in 2 * widths.filter { $0 < b }.count >= widths.count }
        episode.biasCellBandwidthHertz = bandwidthsHz.min() ?? scenario.radio.bandwidthHz
    }

    /// Starts an episode; see ``Env/reset(seed:options:into:)``.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> ProbeInfo {
        episode.begin(seed: seed)
        let calibrationStd = (episode.scenario.impairments?.phaseCalibrationErrorDeg ?? 0) * Double.pi / 180
        for c in arrays.indices {
            // Nothing to draw and nothing to clear: leave the array be (each write re-checks both arrays' uniqueness).
            for i in arrays[c].indices where calibrationStd > 0 || !arrays[c][i].calibrationPhaseErrorsRadians.isEmpty {
                arrays[c][i].drawCalibrationErrors(stdRadians: calibrationStd, using: &episode.generator)
            }
        }
        history.clear()
        writeObservation(into: observation)
        return episode.resetInfo()
    }

    /// Sends one probe with carrier `action[0]` and bandwidth `action[1]`; see ``Env/step(_:into:)``.
    public mutating func step(
        _ action: [Int], into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<ProbeInfo> {
        guard actionSpace.contains(action) else {
            throw .invalidAction(
                "\(action) is not in \(actionSpace) (\(carriersHz.count) carriers × \(bandwidthsHz.count) bandwidths)")
        }
        guard !episode.isOver else {
            throw .needsReset("\(Self.id): the episode ended; call reset before stepping again")
        }
        let carrier = action[0]
        let option = carrier * bandwidthsHz.count + action[1]
        let priorError = episode.errorMetres
        let priorLogDet = episode.advanceSlot()
        let model = measurementModels[option]
        // A digital receiver combines towards each path and never reads the steering (nor do its gains, bounds and
        // outliers): plannedProbe's steering only for another architecture.
        let plan = model.receiver == .digital
            ? (accessPoint: Self.nearestAccessPoint(
                row: arrays[carrier], estimateX: episode.tracker.mean[0], estimateY: episode.tracker.mean[1]),
               steeredFrequency: 0.0)
            : Self.plannedProbe(
                row: arrays[carrier], userHeightMetres: episode.scenario.user.heightM,
                estimateX: episode.tracker.mean[0], estimateY: episode.tracker.mean[1])
        let user = episode.userPosition
        // One copy of the probing array (one retain, not one per use); the tracer is used in place.
        let array = arrays[carrier][plan.accessPoint]
        let observationModel = episode.observationModels[plan.accessPoint]
        let count = paths.withUnsafeMutableBufferPointer { buffer in
            tracers[carrier].traceInPlace(from: array.position, to: user, into: buffer)
        }
        let measurement = paths.withUnsafeBufferPointer { buffer in
            model.measure(
                paths: UnsafeBufferPointer(rebasing: buffer[..<count]), array: array,
                steeredFrequency: plan.steeredFrequency,
                powerGain: episode.shadowing.powerGain(link: plan.accessPoint), using: &episode.generator)
        }
        // Where the fix puts the user, once for the power check and the merge gate (each computed it alike).
        let implied = measurement.hasAngle
            ? observationModel.impliedPosition(range: measurement.rangeMetres, angle: measurement.angleRadians) : nil
        let ratio = implied.flatMap {
            model.lineOfSightPowerRatio(
                of: measurement, array: array, steeredFrequency: plan.steeredFrequency, observation: observationModel,
                at: $0)
        }
        let track = episode.tracker.isInitialised ? (x: episode.tracker.mean[0], y: episode.tracker.mean[1]) : nil
        var view = mergeGate.trackerView(
            of: measurement, array: array, trackEstimate: track, impliedPosition: implied,
            userHeightMetres: episode.scenario.user.heightM, rangeResolutionMetres: model.linkBudget.rangeResolutionMetres)
        // Only ρ of the floors is the link's shared bias; the rest is white (WaveformSpec.biasCorrelation).
        view.rangeBiasStdMetres *= biasCorrelation
        view.angleBiasStdRadians *= biasCorrelation
        // A fix that would start the track: its bias at least the merge the room predicts there, where that is an
        // outlier for its stds (the start-fix check, docs/PHYSICS.md §3; the probe's buffer is free again).
        if track == nil, view.hasAngle, let p = implied {
            let at = Vector3(p.x, p.y, episode.scenario.user.heightM)
            let count = paths.withUnsafeMutableBufferPointer { buffer in
                tracers[carrier].traceInPlace(from: array.position, to: at, into: buffer)
            }
            view = view.widenedToOutlyingBias(paths.withUnsafeBufferPointer { buffer in
                model.predictedMergeOffsets(
                    paths: UnsafeBufferPointer(rebasing: buffer[..<count]), array: array,
                    steeredFrequency: plan.steeredFrequency, user: at)
            })
        }
        let transition = episode.fuse(
            view, observation: observationModel,
            biasSource: Self.biasSource(accessPoint: plan.accessPoint, wideBand: isWideBandwidth[action[1]]),
            link: plan.accessPoint, lineOfSightPowerRatio: ratio, priorLogDet: priorLogDet,
            priorError: priorError, energyJoules: probeEnergyJoules[option], bandwidthHertz: bandwidthsHz[action[1]],
            impliedPosition: measurement.hasAngle ? .some(implied) : nil)
        history.record(
            option: option, detected: measurement.detected, energySNRdB: measurement.energySNRdB,
            probe: episode.probesUsed)
        writeObservation(into: observation)
        return transition
    }

    /// The consider source of a probe from `accessPoint` in the narrower or the wider half of the bandwidths
    /// (`wideBand`, ``isWideBandwidth``): each access point has two bias pairs, one per half (the
    /// merge bias at 1 and 3 GHz comes from the same near-grazing reflections; at 0.1 and 0.4 GHz most paths
    /// merge). Every carrier of one pair shares it, scaled by the option's floors; access points beyond
    /// ``ConsiderBiasCovariance/sourceCapacity``/2 fall back to white floors.
    @inlinable
    public static func biasSource(accessPoint: Int, wideBand: Bool) -> Int {
        let source = 2 * accessPoint + (wideBand ? 1 : 0)
        return source < ConsiderBiasCovariance.sourceCapacity ? source : ConsiderBiasCovariance.whiteSource
    }

    /// The access point nearest the estimate (x, y) and the exact steering sin θ of its array at `carrier`.
    @inlinable
    public func plannedProbe(carrier: Int, estimateX: Double, estimateY: Double) -> (
        accessPoint: Int, steeredFrequency: Double
    ) {
        Self.plannedProbe(
            row: arrays[carrier], userHeightMetres: episode.scenario.user.heightM, estimateX: estimateX,
            estimateY: estimateY)
    }

    /// ``plannedProbe(carrier:estimateX:estimateY:)`` for the arrays `row` of one carrier and a user antenna at
    /// `userHeightMetres` (static, so that `step` need not copy the env to call it).
    @inlinable
    static func plannedProbe(
        row: [UniformLinearArray], userHeightMetres: Double, estimateX: Double, estimateY: Double
    ) -> (accessPoint: Int, steeredFrequency: Double) {
        let best = nearestAccessPoint(row: row, estimateX: estimateX, estimateY: estimateY)
        let v = Vector3(estimateX, estimateY, userHeightMetres) - row[best].position
        let length = v.length
        return (best, length > 1e-9 ? row[best].spatialFrequency(of: v / length) : 0)
    }

    /// The index of the array in `row` nearest the estimate (x, y) in the plane (the first of equals).
    @inlinable
    static func nearestAccessPoint(row: [UniformLinearArray], estimateX: Double, estimateY: Double) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for i in row.indices {
            let dx = row[i].position.x - estimateX, dy = row[i].position.y - estimateY
            let d = dx * dx + dy * dy
            if d < bestDistance {
                bestDistance = d
                best = i
            }
        }
        return best
    }

    /// Mutating only so that the env is passed by address: a non-mutating call from `step` copies the whole env.
    private mutating func writeObservation(into o: UnsafeMutableBufferPointer<Float>) {
        episode.writeTrackerObservation(into: o)
        history.write(
            into: o, at: PositioningEpisode.trackerObservationCount, now: episode.probesUsed,
            probeBudget: episode.scenario.episode.probeBudget)
    }
}
