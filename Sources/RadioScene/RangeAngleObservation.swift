import Foundation

/// The line-of-sight measurement function h(p) = [‖p − a‖, θ(p)] of one access point, with its Jacobian.
///
/// p is the user's horizontal position at a known height; a is the array's phase centre; θ is the ULA's
/// cone angle, sin θ = (p − a)·axis / ‖p − a‖.
public struct RangeAngleObservation: Sendable, Equatable {
    /// Array phase centre, metres.
    public var anchor: Vector3
    /// Unit vector along the array's elements.
    public var axis: Vector3
    /// Unit vector the array faces.
    public var boresight: Vector3
    /// The user's (fixed) height, metres.
    public var userHeightMetres: Double

    /// Creates the observation model of `array` for a user at height `userHeightMetres`.
    public init(array: UniformLinearArray, userHeightMetres: Double) {
        anchor = array.position
        axis = array.axis
        boresight = array.boresight
        self.userHeightMetres = userHeightMetres
    }

    /// h(p) and its 2×2 Jacobian rows (∂range/∂(x,y), ∂θ/∂(x,y)).
    @inlinable
    public func evaluate(x: Double, y: Double) -> (
        range: Double, angle: Double, rangeGradient: SIMD2<Double>, angleGradient: SIMD2<Double>
    ) {
        let v = Vector3(x - anchor.x, y - anchor.y, userHeightMetres - anchor.z)
        let r = max(v.length, 1e-6)
        let along = v.dot(axis)
        let u = max(-0.999_999, min(0.999_999, along / r))
        let rangeGradient = SIMD2(v.x / r, v.y / r)
        // ∂u/∂p = axis/r − (v·axis)·v/r³; ∂θ/∂p = ∂u/∂p / √(1 − u²).
        let r3 = r * r * r
        let du = SIMD2(axis.x / r - along * v.x / r3, axis.y / r - along * v.y / r3)
        return (r, asin(u), rangeGradient, du / (1 - u * u).squareRoot())
    }

    /// The horizontal position a range and angle imply (front hemisphere), or nil when they are inconsistent.
    @inlinable
    public func impliedPosition(range: Double, angle: Double) -> (x: Double, y: Double)? {
        let dz = userHeightMetres - anchor.z
        let horizontal2 = range * range - dz * dz
        guard horizontal2 > 0 else { return nil }
        let horizontal = horizontal2.squareRoot()
        let sinPhi = range * sin(angle) / horizontal
        guard abs(sinPhi) <= 1 else { return nil }
        let cosPhi = (1 - sinPhi * sinPhi).squareRoot()
        return (
            anchor.x + horizontal * (cosPhi * boresight.x + sinPhi * axis.x),
            anchor.y + horizontal * (cosPhi * boresight.y + sinPhi * axis.y)
        )
    }
}
