import Foundation
import GymCore
import RadioScene

/// The state every SensingGym environment shares: the moving user, the tracker, the generator and the clock.
///
/// An environment composes one and adds its own action: which probe to send. The episode advances the user
/// and the tracker one slot, fuses the probe's measurement, scores it (``InformationGainReward``) and writes
/// the tracker part of the observation, so the three MDP families agree on physics, reward and termination.
public struct PositioningEpisode: Sendable {
    /// The validated scenario.
    public let scenario: Scenario
    /// The room (materials, blockers).
    public let room: Room
    /// The LoS measurement models h(p) of each access point.
    public let observationModels: [RangeAngleObservation]
    /// The reward: information gain (or error reduction) minus cost.
    public let reward: InformationGainReward
    /// The episode's generator (all randomness of the episode comes from it).
    public var generator: Xoshiro256StarStar
    /// The user's true motion.
    public var user: UserMobility
    /// Each link's log-normal shadowing (``Scenario/shadowing``; off unless the scenario sets it): the envs scale a
    /// probe's received power by ``LogNormalShadowing/powerGain(link:)`` of its link.
    public private(set) var shadowing: LogNormalShadowing
    /// The position tracker, i.e. the episode's Gaussian belief (a ``FingerprintEstimator`` writes its fixes here).
    public var tracker: ExtendedKalmanFilter
    /// The links supporting the track, and whether they are enough to end the episode (``TrackConfirmation``).
    public private(set) var confirmation: TrackConfirmation
    /// Probes used in this episode.
    public private(set) var probesUsed = 0
    /// Whether the last step ended the episode (the next call must be a reset).
    public private(set) var isOver = true

    /// The user's motion model (``Scenario/mobilityModel``, read once: it compares the scenario's strings).
    public let mobilityModel: MobilityModel
    /// The area the user moves in (``Scenario/userArea``).
    public let userArea: (lower: SIMD2<Double>, upper: SIMD2<Double>)

    /// The NLoS power gate's margin, dB (scenario `tracker.nlos_power_margin_db`, default 4).
    public var nlosPowerMarginDB: Double { scenario.tracker.nlosPowerMarginDB ?? 4 }
    /// The margin as a linear power ratio: detections weaker than LoS by more are rejected.
    public let nlosPowerThreshold: Double
    /// Whether the tracker reads the room's blockers as a site map (`tracker.blocker_map`, ``blockerMapView(of:observation:impliedPosition:)``).
    public let usesBlockerMap: Bool

    /// Number of tracker entries at the start of every observation.
    public static let trackerObservationCount = 9

    /// Index of the last-outcome entry in every observation.
    public static let lastOutcomeIndex = 8

    /// What became of the last probe, as observation entry 8: 1 fused, 0 nothing detected, −1 rejected.
    public private(set) var lastOutcomeCode: Float = 0

    /// The bandwidth whose range cell c/B sets how fast the tracker lets multipath biases decorrelate as the user
    /// moves (default: the scenario's; Waveform-v1 sets its narrowest option, the slowest, so that no option's bias
    /// is assumed to average away faster than it does).
    public var biasCellBandwidthHertz: Double

    /// ln det of the position block of the last covariance it was asked about (each step asks twice about the
    /// same posterior: once to score the probe, once as the next slot's reference).
    private var positionLogDet = PositionLogDetCache()

    /// Prepares the shared state for `scenario`; call ``begin(seed:)`` before the first probe.
    public init(scenario: Scenario) {
        self.scenario = scenario
        room = scenario.sceneRoom
        observationModels = scenario.arrays.map {
            RangeAngleObservation(array: $0, userHeightMetres: scenario.user.heightM)
        }
        reward = InformationGainReward(scenario: scenario)
        shadowing = scenario.shadowing
        biasCellBandwidthHertz = scenario.radio.bandwidthHz
        confirmation = TrackConfirmation(
            requiredLinks: max(1, min(scenario.tracker.confirmationLinks ?? 1, TrackerSpec.maximumConfirmationLinks)))
        nlosPowerThreshold = Decibels.linear(fromDB: -(scenario.tracker.nlosPowerMarginDB ?? 4))
        usesBlockerMap = (scenario.tracker.blockerMap ?? false) && !(scenario.room.blockers ?? []).isEmpty
        generator = Xoshiro256StarStar(seed: 0)
        mobilityModel = scenario.mobilityModel
        let area = scenario.userArea
        userArea = area
        user = UserMobility(
            model: .stationary, lowerBound: area.lower, upperBound: area.upper, using: &generator)
        tracker = ExtendedKalmanFilter(mean: .zero, covariance: Matrix4(diagonal: .one), accelerationNoiseDensity: 0)
    }

    /// The user's true 3-D position (antenna height from the scenario).
    public var userPosition: Vector3 { Vector3(user.position[0], user.position[1], scenario.user.heightM) }

    /// Starts an episode: reseeds when `seed` is given, places the user, and resets the tracker to the room prior
    /// (no track: the first reliable fix starts it, see ``ExtendedKalmanFilter/initialise(from:observation:)``).
    public mutating func begin(seed: UInt64?) {
        if let seed { generator = Xoshiro256StarStar(seed: seed) }
        let area = userArea
        user = UserMobility(
            model: mobilityModel, lowerBound: area.lower, upperBound: area.upper, using: &generator)
        shadowing.begin(using: &generator)
        let size = room.size
        let centre = (room.minCorner + room.maxCorner) * 0.5
        let speedVariance = scenario.tracker.initialSpeedStdMps * scenario.tracker.initialSpeedStdMps
        // A uniform prior over the room has variance L²/12 per axis.
        tracker = ExtendedKalmanFilter(
            mean: SIMD4(centre.x, centre.y, 0, 0),
            covariance: Matrix4(diagonal: SIMD4(size.x * size.x / 12, size.y * size.y / 12, speedVariance, speedVariance)),
            accelerationNoiseDensity: scenario.tracker.accelerationNoise,
            gateThreshold: scenario.tracker.gateChi2 ?? ExtendedKalmanFilter.defaultGate)
        // The surveillance region is where the user can be, the support of its position: the user area (the room
        // less `user.margin_m`), not the room. A reflection's mirror image just beyond a wall, or a bounce implying a
        // position the user never reaches, is gated there (docs/PHYSICS.md §3).
        tracker.validRegion = SurveillanceRegion(lower: area.lower, upper: area.upper)
        let floors = scenario.trackerNoiseFloors
        tracker.rangeStdFloorMetres = floors.rangeMetres
        tracker.angleStdFloorRadians = floors.angleRadians
        tracker.reflectionProbability = scenario.tracker.reflectionProbability ?? 0
        // The merge bias changes once the user has moved about one range cell c/B (docs/PHYSICS.md §3).
        tracker.biasDecorrelationRatePerSecond = user.speed * biasCellBandwidthHertz
            / PhysicalConstants.speedOfLightMetresPerSecond
        if case .constantVelocity = mobilityModel {
            // The simulated user mirrors off the user area's edges (UserMobility.advance); the tracker predicts so.
            tracker.reflectingBounds = ExtendedKalmanFilter.ReflectingBounds(lower: area.lower, upper: area.upper)
        }
        probesUsed = 0
        confirmation.reset()
        lastOutcomeCode = 0
        isOver = false
    }

    /// Moves the user and the tracker's prediction one slot ahead; returns ln det of the position block of the
    /// posterior before the slot (P⁺_{t−1}), the reference the reward measures this probe's net gain against.
    public mutating func advanceSlot() -> Double {
        let dt = scenario.episode.slotDurationS
        let previous = positionLogDet.value(of: tracker.covariance)
        let before = user.position
        user.advance(dt: dt, using: &generator)
        if !shadowing.isNone {
            let moved = user.position - before
            shadowing.advance(movedMetres: (moved * moved).sum().squareRoot(), using: &generator)
        }
        tracker.predict(dt: dt)
        probesUsed += 1
        return previous
    }

    /// Fuses a measurement from access point `accessPoint` and scores it.
    ///
    /// - Parameter lineOfSightPowerRatio: the measurement's power over that of line of sight at its implied
    ///   position (``MeasurementModel/lineOfSightPowerRatio(of:array:steeredFrequency:observation:)``); below
    ///   −``nlosPowerMarginDB`` the measurement is rejected as NLoS.
    /// - Returns: the transition (reward, termination, info).
    /// - Parameter impliedPosition: where the measurement's range and angle put the user, when the caller has asked
    ///   the access point's observation model already (``ExtendedKalmanFilter/update(_:observation:source:impliedPosition:)``).
    public mutating func fuse(
        _ measurement: ProbeMeasurement, accessPoint: Int, lineOfSightPowerRatio: Double?, priorLogDet: Double,
        priorError: Double, energyJoules: Double, bandwidthHertz: Double? = nil,
        impliedPosition: (x: Double, y: Double)?? = nil
    ) -> Transition<ProbeInfo> {
        let observation = observationModels[accessPoint]
        guard usesBlockerMap else {
            return fuse(
                measurement, observation: observation, biasSource: accessPoint,
                lineOfSightPowerRatio: lineOfSightPowerRatio, priorLogDet: priorLogDet, priorError: priorError,
                energyJoules: energyJoules, bandwidthHertz: bandwidthHertz, impliedPosition: impliedPosition)
        }
        let implied = impliedPosition ?? (measurement.hasAngle
            ? observation.impliedPosition(range: measurement.rangeMetres, angle: measurement.angleRadians) : nil)
        let view = blockerMapView(of: measurement, observation: observation, impliedPosition: implied)
        // A fix the map hides, or any detection of a track the map hides whole, is NLoS whatever its power: the power
        // gate's verdict (ratio 0) rejects it.
        let base = tracker.reflectionProbability
        if let view, !view.hidden { tracker.reflectionProbability = view.reflectionProbability }
        defer { tracker.reflectionProbability = base }
        return fuse(
            measurement, observation: observation, biasSource: accessPoint,
            lineOfSightPowerRatio: view?.hidden == true ? 0 : lineOfSightPowerRatio, priorLogDet: priorLogDet,
            priorError: priorError, energyJoules: energyJoules, bandwidthHertz: bandwidthHertz,
            impliedPosition: measurement.hasAngle ? .some(implied) : nil)
    }

    /// Fuses a measurement of any observation model (e.g. ``RISObservation``) and scores it; see
    /// ``fuse(_:accessPoint:lineOfSightPowerRatio:priorLogDet:priorError:energyJoules:)``. `biasSource` is the
    /// link whose multipath bias the measurement shares with earlier ones (``ExtendedKalmanFilter/update(_:observation:source:)``);
    /// `link` the path it travelled for ``confirmation`` (nil: `biasSource`; Waveform-v1 has two bias sources per
    /// access point and one link). `impliedPosition`: where the measurement puts the user by `observation`, when
    /// the caller has it already (nil: the tracker asks where it needs it).
    public mutating func fuse(
        _ measurement: ProbeMeasurement, observation: some PositionObservationModel, biasSource: Int,
        link: Int? = nil, lineOfSightPowerRatio: Double?,
        priorLogDet: Double, priorError: Double, energyJoules: Double, bandwidthHertz: Double? = nil,
        impliedPosition: (x: Double, y: Double)?? = nil
    ) -> Transition<ProbeInfo> {
        let outcome: ProbeInfo.Outcome
        if tracker.contradictsDirectPath(measurement, observation: observation), !tracker.recordContradiction() {
            // Shorter than the track's line of sight: evidence against the track, not a measurement of it.
            outcome = .gatedByInnovation
        } else if let ratio = lineOfSightPowerRatio, ratio < nlosPowerThreshold {
            outcome = .gatedByPower
        } else {
            switch tracker.update(
                measurement, observation: observation, source: biasSource, impliedPosition: impliedPosition)
            {
            case .accepted: outcome = .accepted
            case .noDetection: outcome = .missed
            case .gatedByInnovation: outcome = .gatedByInnovation
            case .gatedByRegion: outcome = .gatedByRegion
            case .awaitingFix: outcome = .awaitingFix
            }
        }
        // Only a fix supports the track: a range alone cannot contradict a wrong track lying on its range circle.
        if outcome == .accepted, measurement.hasAngle,
            measurement.outlierProbability <= MeasurementModel.maximumInitialisationOutlierProbability
        {
            confirmation.recordAccepted(link: link ?? biasSource, tracker: tracker)
        }
        return score(
            outcome, measurement: measurement, priorLogDet: priorLogDet, priorError: priorError,
            energyJoules: energyJoules, bandwidthHertz: bandwidthHertz)
    }

    /// Records what became of a probe and scores it against the belief ``tracker`` now holds: the reward, the
    /// termination and truncation tests and the info record (shared by the EKF and ``FingerprintEstimator``).
    ///
    /// - Parameter bandwidthHertz: the probe's bandwidth for the spectrum–time cost (nil: the scenario's).
    public mutating func score(
        _ outcome: ProbeInfo.Outcome, measurement: ProbeMeasurement, priorLogDet: Double, priorError: Double,
        energyJoules: Double, bandwidthHertz: Double? = nil
    ) -> Transition<ProbeInfo> {
        lastOutcomeCode = outcome == .accepted ? 1 : (outcome == .missed || outcome == .awaitingFix ? 0 : -1)
        // Net of motion: against the previous posterior, whatever became of the probe.
        let gain = reward.informationGain(
            previousLogDet: priorLogDet, currentLogDet: positionLogDet.value(of: tracker.covariance))
        let cost = reward.cost(
            energyJoules: energyJoules, bandwidthHertz: bandwidthHertz ?? scenario.radio.bandwidthHz,
            durationSeconds: scenario.radio.probeDurationS)
        // The info from the fields: a non-mutating method of the episode called here would copy all of it.
        let info = Self.info(
            user: user.position, tracker: tracker.mean, covariance: tracker.covariance,
            trackStarted: tracker.isInitialised, probesUsed: probesUsed,
            targetAccuracyMetres: scenario.episode.targetAccuracyM, gain: gain, cost: cost, energyJoules: energyJoules,
            detected: measurement.detected, lineOfSight: measurement.detected && measurement.isLineOfSight,
            outcome: outcome)
        let value = reward.value(
            informationGainNats: gain, errorBefore: priorError, errorAfter: info.errorMetres, costNats: info.costNats)
        let terminated = confirmation.isConfirmed(tracker: tracker)
            && tracker.errorRadius95 < scenario.episode.targetAccuracyM
        let truncated = probesUsed >= scenario.episode.probeBudget
        isOver = terminated || truncated
        return Transition(reward: value, terminated: terminated, truncated: truncated, info: info)
    }

    /// Whether the track is precise enough to end the episode (the termination test of ``score``) but still waits
    /// for ``confirmation``: only a fix of a link not yet supporting it can end the episode.
    public var awaitsConfirmation: Bool {
        tracker.isInitialised && tracker.errorRadius95 < scenario.episode.targetAccuracyM
            && !confirmation.isConfirmed(tracker: tracker)
    }

    /// Current distance between the tracker's estimate and the truth, metres.
    public var errorMetres: Double {
        let dx = tracker.mean[0] - user.position[0], dy = tracker.mean[1] - user.position[1]
        return (dx * dx + dy * dy).squareRoot()
    }

    /// eᵀP⁻¹e of the position error against the tracker's position covariance.
    public var positionNEES: Double {
        Self.positionNEES(user: user.position, tracker: tracker.mean, covariance: tracker.covariance)
    }

    /// eᵀP⁻¹e of the position error of the estimate `mean` against `covariance`, for a user at `user`.
    @inline(__always)
    static func positionNEES(user: SIMD2<Double>, tracker mean: SIMD4<Double>, covariance p: Matrix4) -> Double {
        let ex = mean[0] - user[0], ey = mean[1] - user[1]
        let a = p.r0[0], b = p.r0[1], d = p.r1[1]
        let det = a * d - b * b
        guard det > 0 else { return .infinity }
        return (d * ex * ex - 2 * b * ex * ey + a * ey * ey) / det
    }

    /// The info record of a reset: nothing probed, no gain, no cost (an env's `reset` returns it).
    ///
    /// Mutating only so that the episode is passed by address: a non-mutating call from an env's `reset` copies
    /// the whole episode.
    public mutating func resetInfo() -> ProbeInfo {
        Self.info(
            user: user.position, tracker: tracker.mean, covariance: tracker.covariance,
            trackStarted: tracker.isInitialised, probesUsed: probesUsed,
            targetAccuracyMetres: scenario.episode.targetAccuracyM, gain: 0, cost: 0, energyJoules: 0,
            detected: false, lineOfSight: false, outcome: .reset)
    }

    /// The info record of a tracker with estimate `mean` and `covariance` and a user at `user` (``score`` and
    /// ``resetInfo()``: it takes the few fields it reads so that a mutating caller need not copy the episode).
    @inline(__always)
    static func info(
        user: SIMD2<Double>, tracker mean: SIMD4<Double>, covariance: Matrix4, trackStarted: Bool, probesUsed: Int,
        targetAccuracyMetres: Double, gain: Double, cost: Double, energyJoules: Double, detected: Bool,
        lineOfSight: Bool, outcome: ProbeInfo.Outcome
    ) -> ProbeInfo {
        ProbeInfo(
            trueX: user[0], trueY: user[1], estimateX: mean[0], estimateY: mean[1],
            errorRadius95Metres: ExtendedKalmanFilter.errorRadius95(of: covariance), informationGainNats: gain,
            costNats: cost, energyJoules: energyJoules, detected: detected, lineOfSight: lineOfSight, outcome: outcome,
            probesUsed: probesUsed, trackStarted: trackStarted,
            nees: positionNEES(user: user, tracker: mean, covariance: covariance),
            targetAccuracyMetres: targetAccuracyMetres, covariance: covariance)
    }

    /// Writes the tracker's part of the observation (``trackerObservationCount`` values) at the buffer's start.
    ///
    /// | index | meaning | range |
    /// |---|---|---|
    /// | 0, 1 | estimate x, y, scaled so the room spans −1…1 | −2…2 |
    /// | 2, 3 | estimated velocity, m/s ÷ 2 | −5…5 |
    /// | 4, 5 | log10 of the position std in x, y (metres) | −6…2 |
    /// | 6 | correlation of x and y | −1…1 |
    /// | 7 | fraction of the probe budget left | 0…1 |
    /// | 8 | last probe: 1 fused, 0 nothing detected, −1 rejected by a gate | −1…1 |
    ///
    /// Always inlined: a call from an environment's step would otherwise copy the episode to pass it.
    @inline(__always)
    public func writeTrackerObservation(into o: UnsafeMutableBufferPointer<Float>) {
        let lo = room.minCorner, hi = room.maxCorner
        let p = tracker.covariance
        let sx = max(p.r0[0], 1e-12).squareRoot(), sy = max(p.r1[1], 1e-12).squareRoot()
        o[0] = Float(max(-2, min(2, 2 * (tracker.mean[0] - lo.x) / (hi.x - lo.x) - 1)))
        o[1] = Float(max(-2, min(2, 2 * (tracker.mean[1] - lo.y) / (hi.y - lo.y) - 1)))
        o[2] = Float(max(-5, min(5, tracker.mean[2] / 2)))
        o[3] = Float(max(-5, min(5, tracker.mean[3] / 2)))
        o[4] = Float(max(-6, min(2, log10(sx))))
        o[5] = Float(max(-6, min(2, log10(sy))))
        o[6] = Float(max(-1, min(1, p.r0[1] / (sx * sy))))
        let budget = Double(scenario.episode.probeBudget)
        o[7] = Float(max(0, (budget - Double(probesUsed)) / budget))
        o[8] = lastOutcomeCode
    }

    /// Lower and upper bounds of the tracker's part of the observation.
    public static let trackerObservationBounds: (low: [Float], high: [Float]) = (
        [-2, -2, -5, -5, -6, -6, -1, 0, -1], [2, 2, 5, 5, 2, 2, 1, 1, 1]
    )
}
