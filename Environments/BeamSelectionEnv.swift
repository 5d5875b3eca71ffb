import Foundation
import GymCore
import RadioScene

/// `BeamSelection-v0`: choose which access point and which codebook beam to probe, to locate a moving user.
///
/// ## Description
/// A room (image-method multipath: line of sight and first-order reflections off walls, floor and ceiling)
/// holds access points with horizontal ULAs and a DFT codebook of K beams each. Every step the agent sends one
/// beamformed probe; the receiver detects the strongest resolvable path, measures its range and angle with
/// Cramér–Rao-bound noise (biased when that path is a reflection), and an iterated EKF fuses it. A beam that
/// misses the user gets no detection, or a reflection that the tracker's gates should reject.
///
/// ## Action Space
/// `Discrete(APs × K)`: action a probes access point ⌊a / K⌋ with beam a mod K (beam k points at
/// sin θ = (2k + 1 − K)/K from the array's boresight).
///
/// ## Observation Space
/// `Box` of 9 + 2·APs·K floats, never the true position:
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0–8 | tracker: estimate, velocity, log std, correlation, budget left, last outcome (``PositioningEpisode``) | see there |
/// | 9 … 9+AK−1 | energy SNR of the last probe of each beam, dB ÷ 50 (−1: never probed or nothing seen) | −1…2 |
/// | 9+AK … 9+2AK−1 | probes since each beam was last used ÷ budget (1: never) | 0…1 |
///
/// ## Rewards
/// r = ½ ln det P⁻ − ½ ln det P⁺ − cost (nats; ``InformationGainReward``): the information the probe added about
/// the position, minus the scenario's probe cost. A rejected or missed probe earns −cost.
///
/// ## Starting State
/// The user stands uniformly in the room (a margin from the walls) and moves by the scenario's mobility model;
/// the tracker starts at the room's centre with the covariance of a uniform prior over the room.
///
/// ## Episode End
/// - Termination: the tracker's 95 % error radius falls below the scenario's `target_accuracy_m`.
/// - Truncation: `probe_budget` probes were used.
///
/// ## Arguments
/// - `scenario`: a ``Scenario`` (built-in name or YAML path via ``ScenarioLibrary``).
/// - `estimator` (registry keyword argument; ``init(scenario:estimator:gridSpacingMetres:)``): `ekf` (default,
///   the behaviour described above) or a fingerprint localizer, `wknn`, `rf` or `wrf` (``PositionEstimatorKind``).
///   With a localizer, a probe that detects the user refreshes that AP's four fingerprint features (RSS, azimuth
///   and elevation AoA, ToA of its strongest path), and once every AP has features the localizer's fix, with
///   its covariance, becomes the belief the observation, reward and termination read (``FingerprintEstimator``).
///   The localizer is fitted once, at construction, on the scenario's 0.2 m reference grid (keyword
///   `estimator_grid_m`) and shared by copies. The spaces do not change.
///
/// ## Version History
/// - v0: initial version; the `estimator` option added without changing the default behaviour.
public struct BeamSelectionEnv: Env {
    /// The shared episode state (user, tracker, reward).
    public private(set) var episode: PositioningEpisode
    /// The arrays of the access points (with this episode's calibration errors).
    public private(set) var arrays: [UniformLinearArray]
    /// The beam codebook.
    public let codebook: BeamCodebook
    /// The image-method tracer.
    public let tracer: ImageMethodTracer
    /// The probe measurement model.
    public let measurementModel: MeasurementModel
    /// `Discrete(APs × K)`.
    public let actionSpace: Discrete
    /// The flat observation box.
    public let observationSpace: Box

    /// The fingerprint estimator that replaces the EKF's fusion, or nil for the EKF (default).
    public internal(set) var fingerprintEstimator: FingerprintEstimator?

    private var paths: [PropagationPath]
    private var history: ProbeHistory

    /// The registry id.
    public static let id = "BeamSelection-v0"

    /// Creates the environment for `scenario`.
    public init(scenario: Scenario) {
        episode = PositioningEpisode(scenario: scenario)
        arrays = scenario.arrays
        codebook = BeamCodebook(beamCount: scenario.codebook.beams)
        tracer = ImageMethodTracer(room: scenario.sceneRoom, maxOrder: scenario.room.maxReflectionOrder ?? 1)
        measurementModel = scenario.measurementModel
        let beams = arrays.count * codebook.count
        actionSpace = Discrete(beams)
        history = ProbeHistory(optionCount: beams)
        let bounds = PositioningEpisode.trackerObservationBounds
        observationSpace = Box(low: bounds.low + history.bounds.low, high: bounds.high + history.bounds.high)
        paths = []
        paths.reserveCapacity(tracer.maxPathCount)
    }

    /// Starts an episode; see ``Env/reset(seed:options:into:)``.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> ProbeInfo {
        episode.begin(seed: seed)
        fingerprintEstimator?.begin(using: &episode.generator)
        let calibrationStd = (episode.scenario.impairments?.phaseCalibrationErrorDeg ?? 0) * Double.pi / 180
        for i in arrays.indices {
            arrays[i].calibrationPhaseErrorsRadians = calibrationStd > 0
                ? (0..<arrays[i].elementCount).map { _ in calibrationStd * episode.generator.nextGaussian() } : []
        }
        history.clear()
        writeObservation(into: observation)
        return episode.makeInfo(gain: 0, cost: 0, energyJoules: 0, detected: false, lineOfSight: false, outcome: .reset)
    }

    /// Sends the probe `action` and fuses its measurement; see ``Env/step(_:into:)``.
    public mutating func step(
        _ action: Int, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<ProbeInfo> {
        guard actionSpace.contains(action) else {
            throw .invalidAction("\(action) is not in \(actionSpace) (\(arrays.count) APs × \(codebook.count) beams)")
        }
        guard !episode.isOver else {
            throw .needsReset("\(Self.id): the episode ended; call reset before stepping again")
        }
        let ap = action / codebook.count
        let beam = action % codebook.count
        let priorError = episode.errorMetres
        let priorLogDet = episode.advanceSlot()
        tracer.trace(from: arrays[ap].position, to: episode.userPosition, into: &paths)
        let measurement = paths.withUnsafeBufferPointer { buffer in
            measurementModel.measure(
                paths: buffer, array: arrays[ap], steeredFrequency: codebook.spatialFrequencies[beam],
                using: &episode.generator)
        }
        let budget = measurementModel.linkBudget
        let energy = budget.transmitPowerWatts * budget.probeDurationSeconds
        let transition: Transition<ProbeInfo>
        if let fused = fingerprintEstimator?.fuse(
            measurement, accessPoint: ap, episode: &episode, priorLogDet: priorLogDet, priorError: priorError,
            energyJoules: energy)
        {
            transition = fused
        } else {
            let ratio = measurementModel.lineOfSightPowerRatio(
                of: measurement, array: arrays[ap], steeredFrequency: codebook.spatialFrequencies[beam],
                observation: episode.observationModels[ap])
            transition = episode.fuse(
                measurement, accessPoint: ap, lineOfSightPowerRatio: ratio, priorLogDet: priorLogDet,
                priorError: priorError, energyJoules: energy)
        }
        history.record(
            option: action, detected: measurement.detected, energySNRdB: measurement.energySNRdB,
            probe: episode.probesUsed)
        writeObservation(into: observation)
        return transition
    }

    private func writeObservation(into o: UnsafeMutableBufferPointer<Float>) {
        episode.writeTrackerObservation(into: o)
        history.write(
            into: o, at: PositioningEpisode.trackerObservationCount, now: episode.probesUsed,
            probeBudget: episode.scenario.episode.probeBudget)
    }
}
