/// A measurement function h(p) = [range, angle] of the user's horizontal position, with its Jacobian and inverse.
///
/// The tracker (``ExtendedKalmanFilter``) and ``FisherInformation`` work with any conforming model: the
/// line-of-sight model of an access point (``RangeAngleObservation``) and the AP → RIS → user model
/// (``RISObservation``).
///
/// ```swift
/// let h = model.evaluate(x: 1, y: 2)              // range (m), angle (rad) and their gradients
/// let p = model.impliedPosition(range: h.range, angle: h.angle)   // ≈ (1, 2)
/// ```
public protocol PositionObservationModel: Sendable {
    /// The user's (fixed) antenna height, metres.
    var userHeightMetres: Double { get }

    /// h(p) and its 2×2 Jacobian rows (∂range/∂(x,y), ∂angle/∂(x,y)) at horizontal position (x, y), metres.
    func evaluate(x: Double, y: Double) -> (
        range: Double, angle: Double, rangeGradient: SIMD2<Double>, angleGradient: SIMD2<Double>
    )

    /// The horizontal position a range (m) and angle (rad) imply, or nil when they are inconsistent.
    func impliedPosition(range: Double, angle: Double) -> (x: Double, y: Double)?

    /// A lower bound on the length of every path a probe of this model can detect at (x, y), with its gradient:
    /// the line of sight's length (no path is shorter), or an RIS path's less the panel's extent. nil: no bound
    /// known (the default). The tracker's direct-path test uses it (``ExtendedKalmanFilter/contradictsDirectPath(_:observation:)``).
    func directPathRange(x: Double, y: Double) -> (range: Double, gradient: SIMD2<Double>)?

    /// The range's Hessian in the horizontal position at (x, y), (∂²/∂x², ∂²/∂x∂y, ∂²/∂y²) in 1/m: how far the
    /// range circle bends away from its tangent (the tracker's second-order term,
    /// ``ExtendedKalmanFilter/secondOrderRangeVariance(hessian:xx:xy:yy:)``). Zero by default.
    func rangeHessian(x: Double, y: Double) -> SIMD3<Double>
}

extension PositionObservationModel {
    /// No curvature known: zero.
    @inlinable
    public func rangeHessian(x: Double, y: Double) -> SIMD3<Double> { .zero }

    /// nil: no lower bound on the detected path lengths is known.
    @inlinable
    public func directPathRange(x: Double, y: Double) -> (range: Double, gradient: SIMD2<Double>)? { nil }
}

extension RangeAngleObservation: PositionObservationModel {
    /// The line of sight is the shortest path between the array and the user: its length and gradient.
    @inlinable
    public func directPathRange(x: Double, y: Double) -> (range: Double, gradient: SIMD2<Double>)? {
        let v = Vector3(x - anchor.x, y - anchor.y, userHeightMetres - anchor.z)
        let r = max(v.length, 1e-6)
        return (r, SIMD2(v.x / r, v.y / r))
    }

    /// ∂²‖v‖/∂pᵢ∂pⱼ = (δᵢⱼ − vᵢvⱼ/r²)/r with v the array-to-user vector.
    @inlinable
    public func rangeHessian(x: Double, y: Double) -> SIMD3<Double> {
        ExtendedKalmanFilter.distanceHessian(Vector3(x - anchor.x, y - anchor.y, userHeightMetres - anchor.z))
    }
}
