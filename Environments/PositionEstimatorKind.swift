/// Which position estimator turns an env's probes into its belief: the EKF (default) or a fingerprint localizer.
///
/// The value of the registry keyword argument `estimator` of `BeamSelection-v0`:
///
/// ```swift
/// let spec = EnvSpec(id: "BeamSelection-v0", scenario: "wrf-room-8x6", kwargs: ["estimator": "wknn"])
/// var env = try SensingGymRegistry.shared.make(spec)
/// ```
///
/// | value | estimator | belief covariance |
/// |---|---|---|
/// | `ekf` | ``ExtendedKalmanFilter`` fusing each probe's range and angle (default) | the filter's |
/// | `wknn` | ``FingerprintEstimator`` with WKNN, k = 4 (the paper's baseline; ≈ 30 µs per fix) | held-out error |
/// | `rf` | ``FingerprintEstimator`` with a 100-tree random forest over reference points | held-out error |
/// | `wrf` | ``FingerprintEstimator`` with the paper's weighted random forest, K = 3 (0.1–0.3 ms per fix) | vote spread |
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
