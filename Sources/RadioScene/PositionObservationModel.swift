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
}

extension RangeAngleObservation: PositionObservationModel {}
