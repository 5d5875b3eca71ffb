/// Whether a probe's line of sight is expected to merge with a first-order reflection at a hypothesised user
/// position: the tracker's side of ``MeasurementModel/strongestCluster(paths:array:steeredFrequency:)``.
///
/// The receiver merges two paths when their lengths differ by less than c/B and their directions by less than
/// the aperture's resolution 1/(n·d/λ) in sin θ, and only then is the estimate biased. The geometry of that test
/// needs nothing but the room's six planes (the image method, Allen & Berkley, JASA 1979), which the tracker
/// knows as it knows the room for its region gate: it predicts the merge at its own estimate and carries a
/// link's bias (``ConsiderBiasCovariance``) only where one is expected. Materials, blockers and beam gains are
/// not evaluated (a blocked or weak reflection is still counted: the prediction errs towards a bias).
public struct MultipathMergeGate: Sendable, Equatable {
    /// Lower corner of the room, metres.
    public var lower: Vector3
    /// Upper corner of the room, metres.
    public var upper: Vector3

    /// The gate of `room`'s six planes.
    public init(room: Room) {
        lower = room.minCorner
        upper = room.maxCorner
    }

    /// Whether the line of sight from `array` to `user` would merge with a first-order reflection, for a receiver
    /// resolving `rangeResolutionMetres` in length and `array`'s aperture in sin θ. Allocates nothing.
    ///
    /// `positionRadiusMetres` (0: `user` is the position itself) is how far the true position may lie from `user`
    /// (a track's 1σ major-axis std, ``ExtendedKalmanFilter/majorAxisStdMetres``): a plane counts as merging when
    /// it would anywhere within that radius, to first order, so a link whose merge sits on the edge of the
    /// resolution cell at the estimate (a ceiling bounce c/B − 0.3 mm longer than the line of sight at the truth,
    /// c/B + 0.01 mm at the estimate) keeps its bias. Per plane, the length offset |u − image| − |u − AP| may fall
    /// by |∇| · r, with ∇ = (u − image)/|u − image| − (u − AP)/|u − AP| in the user's horizontal plane (the user's
    /// height is known), and the sin θ offset by r · (1/|reflection point − AP| + 1/|u − AP|) (each direction turns
    /// by at most r over its own length).
    @inlinable
    public func expectsMerge(
        array: UniformLinearArray, user: Vector3, rangeResolutionMetres: Double, positionRadiusMetres r: Double = 0
    ) -> Bool {
        typealias V = SIMD8<Double>
        let ap = array.position
        let los = user - ap
        let losLength = los.length
        guard losLength > 1e-9 else { return false }
        let losFrequency = array.spatialFrequency(of: los / losLength)
        let angularResolution = 1 / (Double(array.elementCount) * array.spacingWavelengths)
        let plane = planeGeometry(array: array, user: user)
        let offset: V = plane.frequency - V(repeating: losFrequency)
        let reflectedSquared: V = plane.vx * plane.vx + plane.vy * plane.vy + plane.vz * plane.vz
        guard r > 0 else {
            // A reflection can merge only if its length is below losLength + c/B: compared squared, no square root.
            // |offset| < resolution as −resolution < offset < resolution (abs and negation are exact; NaN fails both).
            let reach = losLength + rangeResolutionMetres
            let resolution = V(repeating: angularResolution)
            let merges = (reflectedSquared .< V(repeating: reach * reach)) .& (plane.d .> V(repeating: 1e-9))
                .& (offset .< resolution) .& (offset .> -resolution)
            return any(merges)
        }
        let reflectedLength = reflectedSquared.squareRoot()
        let gx: V = plane.vx / reflectedLength - V(repeating: los.x / losLength)
        let gy: V = plane.vy / reflectedLength - V(repeating: los.y / losLength)
        let lengthMargin: V = (gx * gx + gy * gy).squareRoot() * V(repeating: r)
        let resolution: V = V(repeating: angularResolution) + V(repeating: r) * (1 / plane.d + V(repeating: 1 / losLength))
        let merges = (reflectedLength - V(repeating: losLength) .< V(repeating: rangeResolutionMetres) + lengthMargin)
            .& (plane.d .> V(repeating: 1e-9)) .& (offset .< resolution) .& (offset .> -resolution)
        return any(merges)
    }

    /// The six first-order planes at once, one per lane (x min, x max, y min, y max, floor, ceiling; lanes 6–7
    /// repeat the last two): the vector from each image of the AP to `user`, the distance `d` from the AP to the
    /// reflection point (``ImageMethodTracer``'s, from the user towards the image) and that departure's sin θ on
    /// `array`. Each lane computes what a plane-by-plane test would, in the same order, so each plane's answer has
    /// the same bits; whether any plane merges does not depend on the order they are asked in.
    @inlinable
    func planeGeometry(array: UniformLinearArray, user: Vector3)
        -> (vx: SIMD8<Double>, vy: SIMD8<Double>, vz: SIMD8<Double>, d: SIMD8<Double>, frequency: SIMD8<Double>)
    {
        typealias V = SIMD8<Double>
        let ap = array.position
        let lo = lower, hi = upper
        let imageX = V(2 * lo.x - ap.x, 2 * hi.x - ap.x, ap.x, ap.x, ap.x, ap.x, ap.x, ap.x)
        let imageY = V(ap.y, ap.y, 2 * lo.y - ap.y, 2 * hi.y - ap.y, ap.y, ap.y, ap.y, ap.y)
        let imageZ = V(ap.z, ap.z, ap.z, ap.z, 2 * lo.z - ap.z, 2 * hi.z - ap.z, 2 * lo.z - ap.z, 2 * hi.z - ap.z)
        let ux = V(repeating: user.x), uy = V(repeating: user.y), uz = V(repeating: user.z)
        let vx: V = ux - imageX, vy: V = uy - imageY, vz: V = uz - imageZ
        let plane = V(lo.x, hi.x, lo.y, hi.y, lo.z, hi.z, lo.z, hi.z)
        let userAlong = V(user.x, user.x, user.y, user.y, user.z, user.z, user.z, user.z)
        let imageAlong = V(imageX[0], imageX[1], imageY[2], imageY[3], imageZ[4], imageZ[5], imageZ[6], imageZ[7])
        let t: V = (plane - userAlong) / (imageAlong - userAlong)
        let px: V = ux + (imageX - ux) * t, py: V = uy + (imageY - uy) * t, pz: V = uz + (imageZ - uz) * t
        let dx: V = px - V(repeating: ap.x), dy: V = py - V(repeating: ap.y), dz: V = pz - V(repeating: ap.z)
        let d = (dx * dx + dy * dy + dz * dz).squareRoot()
        let frequency: V = (dx / d) * V(repeating: array.axis.x) + (dy / d) * V(repeating: array.axis.y)
            + (dz / d) * V(repeating: array.axis.z)
        return (vx, vy, vz, d, frequency)
    }

    /// The measurement as a tracker fuses it: without its multipath-bias part (``ProbeMeasurement/withoutBias``)
    /// where no reflection is expected to merge with the line of sight at the track's estimate (or, before a track,
    /// at the position the fix implies); unchanged where a merge is expected or nothing can be predicted.
    @inlinable
    public func trackerView(
        of m: ProbeMeasurement, array: UniformLinearArray, observation: RangeAngleObservation,
        tracker: ExtendedKalmanFilter, userHeightMetres: Double, rangeResolutionMetres: Double
    ) -> ProbeMeasurement {
        guard m.detected, m.rangeBiasStdMetres > 0 || m.angleBiasStdRadians > 0 else { return m }
        let track = tracker.isInitialised ? (x: tracker.mean[0], y: tracker.mean[1]) : nil
        // The fix's implied position only where it is read: before a track, for a fix with an angle.
        let implied = track == nil && m.hasAngle
            ? observation.impliedPosition(range: m.rangeMetres, angle: m.angleRadians) : nil
        return trackerView(
            of: m, array: array, trackEstimate: track, impliedPosition: implied, userHeightMetres: userHeightMetres,
            rangeResolutionMetres: rangeResolutionMetres)
    }

    /// ``trackerView(of:array:observation:tracker:userHeightMetres:rangeResolutionMetres:)`` from the values it reads:
    /// the track's estimate (nil before a track) and the position the fix implies (`impliedPosition`, nil where it
    /// implies none), for a caller that has computed that position already (the same bits, not computed twice), and
    /// the track's 1σ major-axis std (`trackRadiusMetres`: the merge is tested over it, ``expectsMerge(array:user:rangeResolutionMetres:positionRadiusMetres:)``).
    @inlinable
    public func trackerView(
        of m: ProbeMeasurement, array: UniformLinearArray, trackEstimate: (x: Double, y: Double)?,
        impliedPosition: (x: Double, y: Double)?, userHeightMetres: Double, rangeResolutionMetres: Double,
        trackRadiusMetres: Double = 0
    ) -> ProbeMeasurement {
        guard m.detected, m.rangeBiasStdMetres > 0 || m.angleBiasStdRadians > 0 else { return m }
        let x: Double, y: Double
        if let track = trackEstimate {
            (x, y) = track
        } else if m.hasAngle, let p = impliedPosition {
            (x, y) = p
        } else {
            return m
        }
        let merges = expectsMerge(
            array: array, user: Vector3(x, y, userHeightMetres), rangeResolutionMetres: rangeResolutionMetres,
            positionRadiusMetres: trackEstimate == nil ? 0 : trackRadiusMetres)
        return merges ? m : m.withoutBias
    }
}
