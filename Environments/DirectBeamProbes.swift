import Foundation
import GymCore
import RadioScene

/// The direct beamformed probes of a scenario's access points: W wide and K narrow beams per AP, traced through
/// the room and read by the scenario's receiver (``MeasurementModel``).
///
/// `BeamSelection-v1` is these probes alone; `RISConfiguration-v1` offers them beside the RIS configurations.
/// Beam b of an AP (b < W wide, otherwise narrow beam b − W) is action `ap·(W + K) + b`.
public struct DirectBeamProbes: Sendable {
    /// The arrays of the access points (with this episode's calibration errors).
    public private(set) var arrays: [UniformLinearArray]
    /// The subarrays that form the wide beams (the first N·W/K elements of each array).
    public private(set) var wideArrays: [UniformLinearArray]
    /// The narrow beam codebook (K beams of the full array).
    public let codebook: BeamCodebook
    /// The wide beam codebook (W beams of the subarray; nil when the scenario sets `wide_beams: 0`).
    public let wideCodebook: BeamCodebook?
    /// The image-method tracer; never changed after `init` (settable only so that `measure` traces with it in place,
    /// ``ImageMethodTracer/traceInPlace(from:to:into:)``).
    public private(set) var tracer: ImageMethodTracer
    /// Predicts, at the tracker's estimate, whether a probe's line of sight merges with a reflection.
    public let mergeGate: MultipathMergeGate
    /// The probe measurement model (narrow beams).
    public let measurementModel: MeasurementModel
    /// The wide beams' measurement model (their own angle floor, `wide_angle_floor_fraction`).
    public let wideMeasurementModel: MeasurementModel
    /// Room for every path the tracer finds (``ImageMethodTracer/maxPathCount`` slots, the count never changes).
    var paths: [PropagationPath]

    /// Creates the probes of `scenario`.
    public init(scenario: Scenario) {
        arrays = scenario.arrays
        codebook = BeamCodebook(beamCount: scenario.codebook.beams)
        let wide = scenario.codebook.resolvedWideBeams
        wideCodebook = wide > 0 ? BeamCodebook(beamCount: wide) : nil
        wideArrays = scenario.arrays.map { array in
            var sub = array
            sub.elementCount = max(2, array.elementCount * wide / max(scenario.codebook.beams, 1))
            return sub
        }
        tracer = scenario.tracer()
        measurementModel = scenario.measurementModel
        wideMeasurementModel = scenario.wideBeamMeasurementModel
        mergeGate = MultipathMergeGate(room: scenario.sceneRoom)
        paths = Array(repeating: .placeholder, count: tracer.maxPathCount)
    }

    /// Beams per access point, W + K.
    public var beamsPerAccessPoint: Int { (wideCodebook?.count ?? 0) + codebook.count }

    /// All beams of all access points.
    public var count: Int { arrays.count * beamsPerAccessPoint }

    /// Draws this episode's per-element phase-calibration errors (std `stdRadians`; none when 0).
    public mutating func drawCalibration(stdRadians: Double, using generator: inout Xoshiro256StarStar) {
        for i in arrays.indices {
            arrays[i].drawCalibrationErrors(stdRadians: stdRadians, using: &generator)
            wideArrays[i].setCalibrationErrors(prefixOf: arrays[i].calibrationPhaseErrorsRadians)
        }
    }

    /// The access point, (sub)array and steering of beam `action`.
    public func beam(of action: Int) -> (accessPoint: Int, array: UniformLinearArray, steeredFrequency: Double, isWide: Bool) {
        let perAP = beamsPerAccessPoint
        let ap = action / perAP, b = action % perAP
        if let wide = wideCodebook, b < wide.count {
            return (ap, wideArrays[ap], wide.spatialFrequencies[b], true)
        }
        let k = b - (wideCodebook?.count ?? 0)
        return (ap, arrays[ap], codebook.spatialFrequencies[k], false)
    }

    /// The action of narrow beam `beam` of access point `accessPoint`.
    public func narrowAction(accessPoint: Int, beam: Int) -> Int {
        accessPoint * beamsPerAccessPoint + (wideCodebook?.count ?? 0) + beam
    }

    /// The action of wide beam `beam` of access point `accessPoint`.
    public func wideAction(accessPoint: Int, beam: Int) -> Int { accessPoint * beamsPerAccessPoint + beam }

    /// Whether (x, y) at `height` lies in the main lobe (|Δ sin θ| < 1/(n·d/λ), the first null) of the beam.
    public static func mainLobeCovers(
        array: UniformLinearArray, steeredFrequency: Double, x: Double, y: Double, height: Double
    ) -> Bool {
        let v = Vector3(x, y, height) - array.position
        let length = v.length
        guard length > 1e-9 else { return true }
        return MeasurementModel.mainLobeCovers(
            frequency: array.spatialFrequency(of: v / length), steeredFrequency: steeredFrequency,
            elementCount: array.elementCount, spacingWavelengths: array.spacingWavelengths)
    }

    /// Sends beam `action` to the episode's user and measures it (advances nothing, fuses nothing).
    public mutating func measure(
        _ action: Int, episode: inout PositioningEpisode
    ) -> (beam: (accessPoint: Int, array: UniformLinearArray, steeredFrequency: Double, isWide: Bool),
          measurement: ProbeMeasurement)
    {
        let beam = self.beam(of: action)
        let model = beam.isWide ? wideMeasurementModel : measurementModel
        let user = episode.userPosition
        let count = paths.withUnsafeMutableBufferPointer { buffer in
            tracer.traceInPlace(from: beam.array.position, to: user, into: buffer)
        }
        let measurement = paths.withUnsafeBufferPointer { buffer in
            model.measure(
                paths: UnsafeBufferPointer(rebasing: buffer[..<count]), array: beam.array,
                steeredFrequency: beam.steeredFrequency, powerGain: episode.shadowing.powerGain(link: beam.accessPoint),
                using: &episode.generator)
        }
        return (beam, measurement)
    }

    /// Measures beam `action` and fuses it into the episode's tracker (the slot must have been advanced).
    ///
    /// A detection without an angle is fused only when the track's estimate lies in the beam's main lobe, where the
    /// direct path dominates; from a sidelobe it is most likely a reflection (screened as NLoS).
    public mutating func probe(
        _ action: Int, episode: inout PositioningEpisode, priorLogDet: Double, priorError: Double
    ) -> (transition: Transition<ProbeInfo>, measurement: ProbeMeasurement) {
        let (beam, measurement) = measure(action, episode: &episode)
        let budget = measurementModel.linkBudget
        let energy = budget.transmitPowerWatts * budget.probeDurationSeconds
        let usable = measurement.hasAngle || !episode.tracker.isInitialised
            || Self.mainLobeCovers(
                array: beam.array, steeredFrequency: beam.steeredFrequency, x: episode.tracker.mean[0],
                y: episode.tracker.mean[1], height: episode.scenario.user.heightM)
        // Where the fix puts the user, once for the power check and the merge gate (each computed it alike).
        let observation = episode.observationModels[beam.accessPoint]
        let implied = measurement.hasAngle
            ? observation.impliedPosition(range: measurement.rangeMetres, angle: measurement.angleRadians) : nil
        let ratio = usable
            ? implied.flatMap {
                measurementModel.lineOfSightPowerRatio(
                    of: measurement, array: beam.array, steeredFrequency: beam.steeredFrequency,
                    observation: observation, at: $0)
            }
            : 0
        let track = episode.tracker.isInitialised ? (x: episode.tracker.mean[0], y: episode.tracker.mean[1]) : nil
        // The measurement as the tracker fuses it (MultipathMergeGate.trackerView), from the episode's fields.
        var fused = mergeGate.trackerView(
            of: measurement, array: beam.array, trackEstimate: track, impliedPosition: implied,
            userHeightMetres: episode.scenario.user.heightM,
            rangeResolutionMetres: measurementModel.linkBudget.rangeResolutionMetres,
            trackRadiusMetres: track == nil ? 0 : episode.tracker.majorAxisStdMetres)
        // A fix's bias prior at least the merge the room predicts for this beam at the track (or, before one, the fix).
        if fused.hasAngle, let p = track ?? implied {
            fused = predictedMergeView(of: fused, action: action, at: p, heightMetres: episode.scenario.user.heightM)
        }
        let transition = episode.fuse(
            fused,
            accessPoint: beam.accessPoint,
            lineOfSightPowerRatio: ratio, priorLogDet: priorLogDet, priorError: priorError, energyJoules: energy,
            impliedPosition: measurement.hasAngle ? .some(implied) : nil)
        return (transition, measurement)
    }

    /// The noise-free outcome the model predicts for beam `action` if the user stood at (x, y) (no randomness).
    public func predictedProbe(
        _ action: Int, x: Double, y: Double, episode: PositioningEpisode, scratch buffer: inout [PropagationPath]
    ) -> PredictedProbe {
        let beam = self.beam(of: action)
        tracer.trace(from: beam.array.position, to: Vector3(x, y, episode.scenario.user.heightM), into: &buffer)
        return PredictedProbe(
            paths: buffer, array: beam.array, steeredFrequency: beam.steeredFrequency,
            model: beam.isWide ? wideMeasurementModel : measurementModel,
            observation: episode.observationModels[beam.accessPoint], noiseFloors: episode.scenario.trackerNoiseFloors,
            trackStarted: episode.tracker.isInitialised, x: x, y: y)
    }
}
