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
    @inlinable
    public func expectsMerge(array: UniformLinearArray, user: Vector3, rangeResolutionMetres: Double) -> Bool {
        let ap = array.position
        let los = user - ap
        let losLength = los.length
        guard losLength > 1e-9 else { return false }
        let losFrequency = array.spatialFrequency(of: los / losLength)
        let angularResolution = 1 / (Double(array.elementCount) * array.spacingWavelengths)
        // A reflection can merge only if its length is below losLength + c/B: compared squared, no square root.
        let reach = losLength + rangeResolutionMetres
        let reachSquared = reach * reach
        for axis in 0..<3 {
            for side in 0..<2 {
                let plane = Self.component(side == 0 ? lower : upper, axis)
                let image = Self.with(ap, axis: axis, value: 2 * plane - Self.component(ap, axis))
                let v = user - image
                guard v.x * v.x + v.y * v.y + v.z * v.z < reachSquared else { continue }
                let point = ImageMethodTracer.reflectionPoint(transmitter: user, image: image, axis: axis, planeValue: plane)
                let departure = point - ap
                let d = departure.length
                guard d > 1e-9 else { continue }
                if abs(array.spatialFrequency(of: departure / d) - losFrequency) < angularResolution { return true }
            }
        }
        return false
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
        let x: Double, y: Double
        if tracker.isInitialised {
            (x, y) = (tracker.mean[0], tracker.mean[1])
        } else if m.hasAngle, let p = observation.impliedPosition(range: m.rangeMetres, angle: m.angleRadians) {
            (x, y) = (p.x, p.y)
        } else {
            return m
        }
        let merges = expectsMerge(
            array: array, user: Vector3(x, y, userHeightMetres), rangeResolutionMetres: rangeResolutionMetres)
        return merges ? m : m.withoutBias
    }

    /// ``trackerView(of:array:observation:tracker:userHeightMetres:rangeResolutionMetres:)`` from the values it reads:
    /// the track's estimate (nil before a track) and the position the fix implies (`impliedPosition`, nil where it
    /// implies none), for a caller that has computed that position already (the same bits, not computed twice).
    @inlinable
    public func trackerView(
        of m: ProbeMeasurement, array: UniformLinearArray, trackEstimate: (x: Double, y: Double)?,
        impliedPosition: (x: Double, y: Double)?, userHeightMetres: Double, rangeResolutionMetres: Double
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
            array: array, user: Vector3(x, y, userHeightMetres), rangeResolutionMetres: rangeResolutionMetres)
        return merges ? m : m.withoutBias
    }

    /// Component `axis` (0 x, 1 y, 2 z) of `v`.
    @inlinable
    static func component(_ v: Vector3, _ axis: Int) -> Double {
        axis == 0 ? v.x : (axis == 1 ? v.y : v.z)
    }

    /// `v` with component `axis` set to `value`.
    @inlinable
    static func with(_ v: Vector3, axis: Int, value: Double) -> Vector3 {
        Vector3(axis == 0 ? value : v.x, axis == 1 ? value : v.y, axis == 2 ? value : v.z)
    }
}
