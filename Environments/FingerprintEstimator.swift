import GymCore
import RadioScene

/// A fingerprint localizer as an env's position estimator, in place of the EKF (`estimator: wknn|rf|wrf`).
///
/// **Probes → features.** A probe that detects the user (the beam must still find it) refreshes the four
/// features of that access point's maximum-power path — RSS, azimuth and elevation AoA at the AP, ToA — as
/// ``FingerprintFeatureExtractor`` measures them, with Cramér–Rao noise and the scenario's impairments (drawn
/// per episode), i.e. what the fingerprint database holds, measured online. The probe's beam decides *whether*
/// the AP sees the user, not the features.
///
/// **Features → belief.** Once every access point has features this episode, every refresh re-localizes the
/// user from the latest features of all APs (``FingerprintModel/fix(features:)``) and the fix replaces the
/// episode's Gaussian belief (``PositioningEpisode/tracker``): mean (x, y, 0, 0), position covariance of the
/// fix, velocity covariance of the scenario's speed prior. Between fixes the belief is propagated by the same
/// constant-velocity model as the EKF's, so it widens as the fix ages. Observation, termination (95 % error
/// radius) and the information-gain reward ½ ln det P⁻ − ½ ln det P⁺ read that belief exactly as for the EKF;
/// a refresh before the first fix, or one whose fix is less certain than the aged belief, gains ≤ 0 nats.
///
/// Copies share the fitted ``model`` (a reference); the per-episode state is two small buffers.
///
/// ```swift
/// var env = try BeamSelectionEnv(scenario: scenario, estimator: .wknn)
/// env.fingerprintEstimator?.model.heldOutMeanErrorMetres
/// ```
public struct FingerprintEstimator: Sendable {
    /// The fitted localizer, shared read-only by every copy.
    public let model: FingerprintModel
    /// The latest features of every access point, in ``FingerprintFeatureExtractor/featureNames`` order.
    public private(set) var features: [Double]
    /// Whether each access point has features this episode.
    public private(set) var isFresh: [Bool]
    /// The latest fix this episode: position (metres) and covariance [σx², σxy, σy²] (metres²).
    public private(set) var lastFix: (x: Double, y: Double, covariance: SIMD3<Double>)?
    /// This episode's impairments of the measuring device (``FingerprintImpairments/none`` for ideal hardware).
    public private(set) var impairments: FingerprintImpairments = .none

    /// Creates the estimator around a fitted model.
    public init(model: FingerprintModel) {
        self.model = model
        features = [Double](repeating: 0, count: model.featureCount)
        isFresh = [Bool](repeating: false, count: model.scenario.accessPoints.count)
    }

    /// Forgets the features and the fix; draws this episode's impairments from `generator` when the scenario
    /// has any (so ideal scenarios draw nothing).
    public mutating func begin(using generator: inout Xoshiro256StarStar) {
        for i in isFresh.indices { isFresh[i] = false }
        lastFix = nil
        let spec = model.scenario.impairments
        let impaired = (spec?.clockBiasNs ?? 0) != 0 || (spec?.phaseCalibrationErrorDeg ?? 0) != 0
        impairments = impaired ? FingerprintImpairments(scenario: model.scenario, seed: generator.next()) : .none
    }

    /// Measures access point `accessPoint`'s features at the user's true position, after a probe that detected
    /// the user; returns false when the AP's maximum-power path is below the detection threshold.
    public mutating func refresh(
        accessPoint: Int, receiver: Vector3, using generator: inout Xoshiro256StarStar
    ) -> Bool {
        guard
            let f = model.extractor.measure(
                accessPoint: accessPoint, receiver: receiver, noise: true, impairments: impairments,
                using: &generator)
        else { return false }
        let base = 4 * accessPoint
        features[base] = f.rssDBm
        features[base + 1] = f.azimuthRadians
        features[base + 2] = f.elevationRadians
        features[base + 3] = f.toaSeconds
        isFresh[accessPoint] = true
        return true
    }

    /// Localizes from the latest features once every access point has some; nil before.
    public mutating func localize() -> (x: Double, y: Double, covariance: SIMD3<Double>)? {
        guard !isFresh.contains(false) else { return nil }
        let fix = features.withUnsafeBufferPointer { model.fix(features: $0) }
        lastFix = fix
        return fix
    }

    /// Fuses a probe of `accessPoint` into `episode`'s belief and scores it (the fingerprint counterpart of
    /// ``PositioningEpisode/fuse(_:accessPoint:lineOfSightPowerRatio:priorLogDet:priorError:energyJoules:)``).
    ///
    /// No NLoS or innovation gate: the database holds each point's strongest path, line of sight or not.
    /// Outcome `accepted` when the features were refreshed, `missed` when the probe or the AP saw nothing.
    public mutating func fuse(
        _ measurement: ProbeMeasurement, accessPoint: Int, episode: inout PositioningEpisode, priorLogDet: Double,
        priorError: Double, energyJoules: Double
    ) -> Transition<ProbeInfo> {
        var outcome = ProbeInfo.Outcome.missed
        if measurement.detected,
            refresh(accessPoint: accessPoint, receiver: episode.userPosition, using: &episode.generator)
        {
            outcome = .accepted
            if let fix = localize() {
                let speed = episode.scenario.tracker.initialSpeedStdMps
                let c = fix.covariance
                episode.tracker.startTrack(
                    mean: SIMD4(fix.x, fix.y, 0, 0),
                    covariance: Matrix4(
                        SIMD4(c[0], c[1], 0, 0), SIMD4(c[1], c[2], 0, 0), SIMD4(0, 0, speed * speed, 0),
                        SIMD4(0, 0, 0, speed * speed)))
            }
        }
        return episode.score(
            outcome, measurement: measurement, priorLogDet: priorLogDet, priorError: priorError,
            energyJoules: energyJoules)
    }
}
