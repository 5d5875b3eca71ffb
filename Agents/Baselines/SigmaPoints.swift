import Environments
import GymCore
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

    /// What a one-step planner averages a probe's value over, one slot ahead: the tracker's predicted belief and
    /// its sigma points, or, for an oracle, the user's true position (weight 1) with the same predicted covariance.
    public static func planningPoints(
        for episode: PositioningEpisode, oracle: Bool
    ) -> (covariance: FisherInformation.Symmetric2, mean: SIMD2<Double>, points: [(point: SIMD2<Double>, weight: Double)]) {
        let dt = episode.scenario.episode.slotDurationS
        let belief = predictedBelief(episode.tracker, dt: dt)
        guard oracle else { return (belief.covariance, belief.mean, of(mean: belief.mean, covariance: belief.covariance)) }
        // The oracle looks one slot ahead, where the probe will find the user (the scratch generator only matters
        // if a random waypoint is reached in that slot).
        var user = episode.user
        var scratch = Xoshiro256StarStar(seed: 0)
        user.advance(dt: dt, using: &scratch)
        return (belief.covariance, belief.mean, [(user.position, 1)])
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
