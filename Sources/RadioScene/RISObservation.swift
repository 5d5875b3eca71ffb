import Foundation

/// The measurement function of a probe reflected by an RIS panel: h(p) = [‖a − r‖ + ‖r − p‖, θ(p)].
///
/// a is the access point, r the panel's centre and p the user's horizontal position at a known height. The
/// range is the whole unfolded AP → RIS → user length (what the delay measures); θ is the angle of departure
/// from the panel as a cone angle about its horizontal axis u: sin θ = (p − r)·u / ‖p − r‖ (θ = 0 on the
/// panel's normal). Geometrically it is ``RangeAngleObservation`` anchored at the panel, shifted by the fixed
/// AP → panel length.
///
/// ```swift
/// let h = RISObservation(accessPoint: ap, surface: panel, userHeightMetres: 1.5)
/// h.evaluate(x: 2, y: 3).range   // ‖ap − centre‖ + ‖centre − p‖
/// ```
public struct RISObservation: PositionObservationModel, Equatable {
    /// The panel's centre, metres.
    public var anchor: Vector3
    /// The panel's horizontal in-plane axis (unit).
    public var axis: Vector3
    /// The panel's normal (unit, horizontal, into the room).
    public var boresight: Vector3
    /// The fixed AP → panel-centre length, metres.
    public var incidentLengthMetres: Double
    /// The user's (fixed) height, metres.
    public var userHeightMetres: Double
    /// Half the panel's diagonal, metres: how far an element lies from the centre at most.
    public var halfDiagonalMetres: Double

    /// Creates the observation model of `surface` illuminated from `accessPoint`.
    public init(accessPoint: Vector3, surface: ReconfigurableIntelligentSurface, userHeightMetres: Double) {
        anchor = surface.centre
        axis = surface.horizontalAxis
        boresight = surface.normal
        incidentLengthMetres = (surface.centre - accessPoint).length
        self.userHeightMetres = userHeightMetres
        let width = Double(surface.columns - 1) * surface.spacingMetres, height = Double(surface.rows - 1) * surface.spacingMetres
        halfDiagonalMetres = 0.5 * (width * width + height * height).squareRoot()
    }

    /// The shortest AP → panel → user length at (x, y): every path an RIS probe measures goes through an element q
    /// within ``halfDiagonalMetres`` ρ of the centre c, and by the triangle inequality ‖a − q‖ + ‖q − p‖ ≥
    /// ‖a − c‖ + ‖c − p‖ − 2ρ. With its gradient (that of the centre path).
    @inlinable
    public func directPathRange(x: Double, y: Double) -> (range: Double, gradient: SIMD2<Double>)? {
        let v = Vector3(x - anchor.x, y - anchor.y, userHeightMetres - anchor.z)
        let r = max(v.length, 1e-6)
        return (incidentLengthMetres + r - 2 * halfDiagonalMetres, SIMD2(v.x / r, v.y / r))
    }

    /// The Hessian of the panel-to-user distance (the AP → panel length is fixed).
    @inlinable
    public func rangeHessian(x: Double, y: Double) -> SIMD3<Double> {
        ExtendedKalmanFilter.distanceHessian(Vector3(x - anchor.x, y - anchor.y, userHeightMetres - anchor.z))
    }

    /// h(p) and its Jacobian rows; see ``PositionObservationModel/evaluate(x:y:)``.
    @inlinable
    public func evaluate(x: Double, y: Double) -> (
        range: Double, angle: Double, rangeGradient: SIMD2<Double>, angleGradient: SIMD2<Double>
    ) {
        let v = Vector3(x - anchor.x, y - anchor.y, userHeightMetres - anchor.z)
        let r = max(v.length, 1e-6)
        let along = v.dot(axis)
        let u = max(-0.999_999, min(0.999_999, along / r))
        let r3 = r * r * r
        let du = SIMD2(axis.x / r - along * v.x / r3, axis.y / r - along * v.y / r3)
        return (incidentLengthMetres + r, asin(u), SIMD2(v.x / r, v.y / r), du / (1 - u * u).squareRoot())
    }

    /// The horizontal position a range and angle imply (in front of the panel), or nil when inconsistent.
    @inlinable
    public func impliedPosition(range: Double, angle: Double) -> (x: Double, y: Double)? {
        let reflected = range - incidentLengthMetres
        let dz = userHeightMetres - anchor.z
        let horizontal2 = reflected * reflected - dz * dz
        guard reflected > 0, horizontal2 > 0 else { return nil }
        let horizontal = horizontal2.squareRoot()
        let sinPhi = reflected * sin(angle) / horizontal
        guard abs(sinPhi) <= 1 else { return nil }
        let cosPhi = (1 - sinPhi * sinPhi).squareRoot()
        return (
            anchor.x + horizontal * (cosPhi * boresight.x + sinPhi * axis.x),
            anchor.y + horizontal * (cosPhi * boresight.y + sinPhi * axis.y)
        )
    }
}
