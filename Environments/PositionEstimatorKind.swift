/// Which position estimator turns an env's probes into its belief: the EKF (default) or a fingerprint localizer.
///
/// The value of the registry keyword argument `estimator` of `BeamSelection-v1`:
///
/// ```swift
/// let spec = EnvSpec(id: "BeamSelection-v1", scenario: "wrf-room-8x6", kwargs: ["estimator": "wknn"])
/// var env = try SensingGymRegistry.shared.make(spec)
/// ```
///
/// | value | estimator | belief covariance | error, 8×6 room¹ | steps/s² |
/// |---|---|---|---|---|
/// | `ekf` | ``ExtendedKalmanFilter`` fusing each probe's range and angle (default) | the filter's | — | 1.05 M |
/// | `wknn` | ``FingerprintEstimator`` with WKNN, k = 4 | held-out error | 2.9 cm / 6.9 cm | 173 k |
/// | `rf` | … with a 100-tree random forest over reference points | held-out error | 13 cm / 64 cm | 89 k |
/// | `wrf` | … with the paper's weighted random forest, 100 trees, K = 3 | calibrated vote spread | 4.9 cm / 11 cm | 97 k |
///
/// ¹ Mean / max error after one oracle-beam probe of each AP, 50 episodes. ² Release build, one env, random
/// actions (`sensing-gym bench`), on a shared 2-core machine; most random probes miss, so a fix costs more.
/// WKNN fits in ≈ 0.02 s, the forests in ≈ 0.35 s (release), once per scenario.
public enum PositionEstimatorKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The iterated extended Kalman filter of ``PositioningEpisode`` (range/angle fusion).
    case ekf
    /// Weighted k-nearest neighbours on the fingerprint database.
    case wknn
    /// A random forest classifying the reference point, majority vote.
    case rf
    /// The weighted random forest (separate x and y forests, score-weighted top-K).
    case wrf

    /// The keyword-argument spelling.
    public var description: String { rawValue }

    /// The accepted spellings, for error messages: `ekf, wknn, rf or wrf`.
    public static var spellings: String {
        allCases.dropLast().map(\.rawValue).joined(separator: ", ") + " or " + (allCases.last?.rawValue ?? "")
    }
}
