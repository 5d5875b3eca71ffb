import Foundation

/// Fisher information of range/angle measurements about the user's horizontal position.
///
/// For Gaussian noise the information of one measurement is J = Hᵀ R⁻¹ H with H the Jacobian of
/// h(p) = [range, angle] and R = diag(σ_d², σ_θ²) (Kay, *Fundamentals of Statistical Signal Processing I*,
/// 1993, eq. 3.31). The information a probe adds to a Gaussian prior P is
/// ½ ln det(I + P·J) nats: the mutual information between measurement and position.
public enum FisherInformation {
    /// A symmetric 2×2 matrix [[a, b], [b, d]].
    public typealias Symmetric2 = (a: Double, b: Double, d: Double)

    /// J = Hᵀ R⁻¹ H at horizontal position (x, y).
    @inlinable
    public static func position(
        observation: some PositionObservationModel, x: Double, y: Double, rangeStdMetres: Double,
        angleStdRadians: Double
    ) -> Symmetric2 {
        let h = observation.evaluate(x: x, y: y)
        let wr = 1 / (rangeStdMetres * rangeStdMetres)
        let wa = angleStdRadians.isFinite ? 1 / (angleStdRadians * angleStdRadians) : 0
        let g = h.rangeGradient, q = h.angleGradient
        return (
            wr * g[0] * g[0] + wa * q[0] * q[0], wr * g[0] * g[1] + wa * q[0] * q[1],
            wr * g[1] * g[1] + wa * q[1] * q[1]
        )
    }

    /// ½ ln det(I + P·J), nats: the information gain of measurement information J on prior covariance P.
    @inlinable
    public static func informationGain(prior p: Symmetric2, information j: Symmetric2) -> Double {
        // I + P·J for symmetric P and J.
        let m00 = 1 + p.a * j.a + p.b * j.b
        let m01 = p.a * j.b + p.b * j.d
        let m10 = p.b * j.a + p.d * j.b
        let m11 = 1 + p.b * j.b + p.d * j.d
        return 0.5 * log(max(m00 * m11 - m01 * m10, 1))
    }
}
