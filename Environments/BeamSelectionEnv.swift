import Foundation
import GymCore
import RadioScene

/// `BeamSelection-v1`: choose which access point and which beam to probe, to locate a moving user.
///
/// ## Description
/// A room (image-method multipath: line of sight and first-order reflections off walls, floor and ceiling with
/// ITU-R P.2040 materials) holds access points with horizontal ULAs, each with a codebook of W wide beams (a
/// subarray of N·W/K elements, as 5G NR's SSB beams) and K narrow DFT beams of the full array. Every step the
/// agent sends one beamformed probe; an analog monopulse receiver (``MeasurementModel``) detects the strongest
/// resolvable path cluster after Rician fading and reports its range and measured SNR — and an angle only when
/// the path lies in the beam's monopulse linear region, so finding the beam that covers the user is the task.
/// Near the detection threshold estimates can be outliers. An iterated EKF starts its track from the first
/// reliable range-and-angle fix and then fuses range-and-angle and range-only detections, gating NLoS paths.
///
/// ## Action Space
/// `Discrete(APs × (W + K))`: action a probes access point ⌊a / (W+K)⌋ with beam b = a mod (W+K); b < W is
/// wide beam b (sin θ = (2b + 1 − W)/W), otherwise narrow beam k = b − W (sin θ = (2k + 1 − K)/K).
///
/// ## Observation Space
/// `Box` of 9 + 2·APs·(W+K) floats, never the true position:
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0–8 | tracker: estimate, velocity, log std, correlation, budget left, last outcome (``PositioningEpisode``) | see there |
/// | 9 … 9+B−1 | measured (faded) energy SNR of the last probe of each beam, dB ÷ 50 (−1: never probed or nothing seen) | −1…2 |
/// | 9+B … 9+2B−1 | probes since each beam was last used ÷ budget (1: never) | 0…1 |
///
/// ## Rewards
/// r_t = ½ ln det P⁺_{t−1} − ½ ln det P⁺_t − cost (nats; ``InformationGainReward``): the information the probe
/// added about the position net of what one slot of motion lost, counted only down to the target's accuracy,
/// minus the scenario's probe cost.
///
/// ## Starting State
/// The user stands uniformly in the room (a margin from the walls) and moves by the scenario's mobility model;
/// the tracker holds the room prior and no track.
///
/// ## Episode End
/// - Termination: a track exists and its 95 % error radius is below the scenario's `target_accuracy_m`.
///   Where the scenario sets `tracker.confirmation_links` (the factory: 2), fixes of that many links must also
///   support the track (``TrackConfirmation``); the observation does not show how many do.
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
/// - v1: the receiver earns its angle (analog monopulse: an angle only from a beam covering the path, the array
///   gain counted once), Rician fading and threshold outliers, ITU-R P.2040 reflections, a track started from the
///   first reliable fix, the reward net of motion and capped at the target, wide beams in the action space.
/// - v1 (tracker, issue 10): each link's multipath floor is a Schmidt–Kalman consider bias (Gauss–Markov in the
///   user's motion) instead of white noise, so repeated probes of one AP no longer average it down; floors
///   resized to the simulated merge bias (`sensing-gym error-budget`), wide beams with their own angle floor; a
///   constant-velocity user's kerb bounce is predicted (reflecting boundary).
/// - v1 (track start, issue 10): a starting fix may lie outside the room by its own 3σ only (at most 0.3 m, before
///   always 0.3 m), so a reflection's mirror image beyond the wall no longer starts a track.
/// - v1 (direct-path test, issue 10): a reliable detection shorter than the track's line of sight allows ends a
///   track resting on its starting fix (an established one after three such pieces of evidence).
/// - v1 (fix linearisation, issue 10): a fix is linearised and gated at the position it implies, with the range's
///   second-order term across the arc the fix's angle leaves; a constant-velocity user's boundary folds the
///   tracker's Gaussian (docs/PHYSICS.md §3).
/// - v1 (surveillance region, issue 10): the tracker gates fixes to the user area (the room less `user.margin_m`),
///   not the room (docs/PHYSICS.md §3).
/// - v1 (start-fix check, issue 10): a fix that would start the track is widened to the merge bias the room predicts
///   for its beam at the implied position, where that exceeds 3 of its stds (docs/PHYSICS.md §3).
/// - v1 (predicted-merge check, issue 10): every direct-beam fix with an angle is so checked, at the track's estimate
///   once a track exists; the merge gate asks whether a merge is expected anywhere within the track's 1σ major-axis
///   std of its estimate, not at the estimate alone (docs/PHYSICS.md §3).
/// - v0: (removed) every detecting beam returned the path's true angle with a bound √N too small.
public struct BeamSelectionEnv: Env {
    /// The shared episode state (user, tracker, reward).
    public private(set) var episode: PositioningEpisode
    /// The access points' wide and narrow beams, traced and measured.
    public private(set) var probes: DirectBeamProbes
    /// The arrays of the access points (with this episode's calibration errors).
    public var arrays: [UniformLinearArray] { probes.arrays }
    /// The subarrays that form the wide beams.
    public var wideArrays: [UniformLinearArray] { probes.wideArrays }
    /// The narrow beam codebook (K beams of the full array).
    public var codebook: BeamCodebook { probes.codebook }
    /// The wide beam codebook (nil when the scenario sets `wide_beams: 0`).
    public var wideCodebook: BeamCodebook? { probes.wideCodebook }
    /// The image-method tracer.
    public var tracer: ImageMethodTracer { probes.tracer }
    /// The probe measurement model.
    public var measurementModel: MeasurementModel { probes.measurementModel }
    /// `Discrete(APs × (W + K))`.
    public let actionSpace: Discrete
    /// The flat observation box.
    public let observationSpace: Box

    /// The fingerprint estimator that replaces the EKF's fusion, or nil for the EKF (default).
    public internal(set) var fingerprintEstimator: FingerprintEstimator?

    private var history: ProbeHistory

    /// The registry id.
    public static let id = "BeamSelection-v1"

    /// Beams per access point, W + K.
    public var beamsPerAccessPoint: Int { probes.beamsPerAccessPoint }

    /// Creates the environment for `scenario`.
    public init(scenario: Scenario) {
        episode = PositioningEpisode(scenario: scenario)
        probes = DirectBeamProbes(scenario: scenario)
        actionSpace = Discrete(probes.count)
        history = ProbeHistory(optionCount: probes.count)
        let bounds = PositioningEpisode.trackerObservationBounds
        observationSpace = Box(low: bounds.low + history.bounds.low, high: bounds.high + history.bounds.high)
    }

    /// Starts an episode; see ``Env/reset(seed:options:into:)``.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> ProbeInfo {
        episode.begin(seed: seed)
        fingerprintEstimator?.begin(using: &episode.generator)
        let calibrationStd = (episode.scenario.impairments?.phaseCalibrationErrorDeg ?? 0) * Double.pi / 180
        probes.drawCalibration(stdRadians: calibrationStd, using: &episode.generator)
        history.clear()
        writeObservation(into: observation)
        return episode.resetInfo()
    }

    /// Sends the probe `action` and fuses its measurement; see ``Env/step(_:into:)``.
    public mutating func step(
        _ action: Int, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<ProbeInfo> {
        guard actionSpace.contains(action) else {
            throw .invalidAction(
                "\(action) is not in \(actionSpace) (\(arrays.count) APs × \(beamsPerAccessPoint) beams)")
        }
        guard !episode.isOver else {
            throw .needsReset("\(Self.id): the episode ended; call reset before stepping again")
        }
        let priorError = episode.errorMetres
        let priorLogDet = episode.advanceSlot()
        let measurement: ProbeMeasurement
        let transition: Transition<ProbeInfo>
        if fingerprintEstimator != nil {
            let (beam, m) = probes.measure(action, episode: &episode)
            let budget = measurementModel.linkBudget
            measurement = m
            transition = fingerprintEstimator!.fuse(
                m, accessPoint: beam.accessPoint, episode: &episode, priorLogDet: priorLogDet, priorError: priorError,
                energyJoules: budget.transmitPowerWatts * budget.probeDurationSeconds)
        } else {
            (transition, measurement) = probes.probe(
                action, episode: &episode, priorLogDet: priorLogDet, priorError: priorError)
        }
        history.record(
            option: action, detected: measurement.detected, energySNRdB: measurement.energySNRdB,
            probe: episode.probesUsed)
        writeObservation(into: observation)
        return transition
    }

    /// The access point, (sub)array and steering of `action`.
    public func beam(of action: Int) -> (accessPoint: Int, array: UniformLinearArray, steeredFrequency: Double, isWide: Bool) {
        probes.beam(of: action)
    }

    /// The action of narrow beam `beam` of access point `accessPoint`.
    public func narrowAction(accessPoint: Int, beam: Int) -> Int { probes.narrowAction(accessPoint: accessPoint, beam: beam) }

    /// The action of wide beam `beam` of access point `accessPoint`.
    public func wideAction(accessPoint: Int, beam: Int) -> Int { probes.wideAction(accessPoint: accessPoint, beam: beam) }

    /// Mutating only so that the env is passed by address: a non-mutating call from `step` copies the whole env.
    private mutating func writeObservation(into o: UnsafeMutableBufferPointer<Float>) {
        episode.writeTrackerObservation(into: o)
        history.write(
            into: o, at: PositioningEpisode.trackerObservationCount, now: episode.probesUsed,
            probeBudget: episode.scenario.episode.probeBudget)
    }
}
