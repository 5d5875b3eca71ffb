import RadioScene

/// Sigma points of a 2-D Gaussian (κ = 1): the mean with weight 1/3 and ±√3 along each Cholesky column, 1/6 each.
///
/// The model-based baselines average a probe's predicted information over them (unscented transform).
public enum SigmaPoints {
    /// The five weighted points of N(`mean`, `covariance`).
    public static func of(
        mean: SIMD2<Double>, covariance c: FisherInformation.Symmetric2
    ) -> [(point: SIMD2<Double>, weight: Double)] {
        let l00 = max(c.a, 0).squareRoot()
        let l10 = l00 > 0 ? c.b / l00 : 0
        let l11 = max(c.d - l10 * l10, 0).squareRoot()
        let s = 3.0.squareRoot()
        let col0 = SIMD2(l00, l10) * s, col1 = SIMD2(0, l11) * s
        return [(mean, 1.0 / 3), (mean + col0, 1.0 / 6), (mean - col0, 1.0 / 6), (mean + col1, 1.0 / 6),
                (mean - col1, 1.0 / 6)]
    }

    /// The tracker's belief one slot ahead: predicted mean and position covariance.
    public static func predictedBelief(
        _ tracker: ExtendedKalmanFilter, dt: Double
    ) -> (mean: SIMD2<Double>, covariance: FisherInformation.Symmetric2) {
        var t = tracker
        t.predict(dt: dt)
        return (SIMD2(t.mean[0], t.mean[1]), (t.covariance.r0[0], t.covariance.r0[1], t.covariance.r1[1]))
    }
}
