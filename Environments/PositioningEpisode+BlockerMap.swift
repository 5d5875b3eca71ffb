import Foundation
import RadioScene

extension PositioningEpisode {
    /// What the site map (`tracker.blocker_map`: the room's blockers are fixed and known, a factory's racks) says of
    /// a detection from an access point whose line-of-sight model is `observation`.
    ///
    /// Map-aided NLoS identification (Güvenç & Chong, IEEE Commun. Surveys Tuts. 11(3), 2009, §III-D): line of sight
    /// cannot reach a position the map hides from the access point, so
    /// - a fix whose implied position the map hides is a reflection (`hidden`: the caller rejects it as NLoS);
    /// - otherwise the prior probability that the detection is a reflection is the share of the track the map hides
    ///   from the access point (the unscented points of its position block, n = 2, κ = 1: Julier & Uhlmann, Proc.
    ///   IEEE 92(3), 2004), plus the scenario's `reflection_probability` for the rest. The tracker's probabilistic
    ///   data association weighs the update by it (``ExtendedKalmanFilter/lineOfSightProbability(normalisedInnovation:dimension:gate:)``).
    ///
    /// - Returns: nil when the scenario has no blocker map (the tracker keeps the scenario's prior); otherwise
    ///   whether the detection is NLoS for certain (a fix the map hides, or a track the map hides whole) and the
    ///   reflection prior for the update. Allocates nothing.
    @inlinable
    func blockerMapView(
        of measurement: ProbeMeasurement, observation: RangeAngleObservation, impliedPosition: (x: Double, y: Double)?
    ) -> (hidden: Bool, reflectionProbability: Double)? {
        guard usesBlockerMap, measurement.detected else { return nil }
        let base = scenario.tracker.reflectionProbability ?? 0
        let height = observation.userHeightMetres
        let origin = observation.anchor
        if measurement.hasAngle, let p = impliedPosition, room.isBlocked(from: origin, to: Vector3(p.x, p.y, height)) {
            return (true, 1)
        }
        guard tracker.isInitialised else { return (false, base) }
        let share = hiddenShare(from: origin, heightMetres: height)
        return (share >= 1, base + (1 - base) * share)
    }

    /// The share of the track's position belief the map hides from `origin`: the unscented points of the position
    /// block (the mean with weight 1/3, ±√3 along the principal axes with 1/6 each); 0 before a track exists.
    @inlinable
    public func hiddenShare(from origin: Vector3, heightMetres height: Double) -> Double {
        guard tracker.isInitialised else { return 0 }
        let m = tracker.mean, p = tracker.covariance
        let a = p.r0[0], b = p.r0[1], d = p.r1[1]
        // Principal axes of [[a, b], [b, d]].
        let half = (a + d) / 2, root = (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()
        let l1 = max(half + root, 0), l2 = max(half - root, 0)
        let angle = 0.5 * atan2(2 * b, a - d)
        let u = SIMD2(cos(angle), sin(angle)), v = SIMD2(-sin(angle), cos(angle))
        let s1 = u * (3 * l1).squareRoot(), s2 = v * (3 * l2).squareRoot()
        func hidden(_ dx: SIMD2<Double>) -> Double {
            room.isBlocked(from: origin, to: Vector3(m[0] + dx[0], m[1] + dx[1], height)) ? 1 : 0
        }
        return hidden(.zero) / 3 + (hidden(s1) + hidden(-s1) + hidden(s2) + hidden(-s2)) / 6
    }
}
