extension ExtendedKalmanFilter {
    /// The variance of the range's second-order term over a position uncertainty P (2×2: `xx`, `xy`, `yy`), m²:
    /// with A the range's Hessian, δr ≈ gᵀδp + ½ δpᵀAδp, and for Gaussian δp the neglected term has variance
    /// ½ tr(APAP) — the second-order filter's term in S, there with the prior P (Gelb, *Applied Optimal
    /// Estimation*, 1974, §6.1; Bar-Shalom, Li & Kirubarajan 2001, §10.3.2). Its mean ½ tr(AP) is left to the
    /// iterated update, whose relinearisation at the posterior mode already moves the estimate onto the curve. A
    /// fix's update takes P narrowed by the fix's own angle (``angleConditionedSpread(prior:angleGradient:angleVariance:)``):
    /// what the angle resolves, the range's curvature no longer spans.
    ///
    /// It matters where the range is far more precise than the cross-range: a far user near a linear array's axis
    /// (the vehicular corridor), whose fix is a thin arc of the range circle that a straight ellipse misses by its
    /// sagitta σ_t²/(2r). Added to the range variance it keeps such fixes and updates consistent (the EKF's
    /// linearisation otherwise trusts the range along a tangent the user is not on).
    @inlinable
    public static func secondOrderRangeVariance(hessian a: SIMD3<Double>, xx: Double, xy: Double, yy: Double) -> Double {
        // M = A·P, with A = [[a0, a1], [a1, a2]] and P = [[xx, xy], [xy, yy]].
        let m00 = a[0] * xx + a[1] * xy, m01 = a[0] * xy + a[1] * yy
        let m10 = a[1] * xx + a[2] * xy, m11 = a[1] * xy + a[2] * yy
        let traceOfSquare = m00 * m00 + 2 * m01 * m10 + m11 * m11
        return 0.5 * traceOfSquare
    }

    /// ``secondOrderRangeVariance(hessian:xx:xy:yy:)`` over the part of the spread (`xx`, `xy`, `yy`) across the range
    /// gradient `rangeGradient`: ½ (t̂ᵀAt̂)² σ_t⁴, σ_t² = t̂ᵀPt̂ with t̂ ⟂ the gradient. Along the gradient the range
    /// measures the spread itself, so its curvature there spans only the posterior's millimetres; across it the
    /// range circle bends away from its tangent by the sagitta σ_t²/(2r) the linearisation misses.
    @inlinable
    public static func tangentialSecondOrderRangeVariance(
        hessian a: SIMD3<Double>, rangeGradient g: SIMD2<Double>, xx: Double, xy: Double, yy: Double
    ) -> Double {
        let norm = (g * g).sum().squareRoot()
        guard norm > 1e-12 else { return secondOrderRangeVariance(hessian: a, xx: xx, xy: xy, yy: yy) }
        let t = SIMD2(-g[1], g[0]) / norm
        let spread = t[0] * t[0] * xx + 2 * t[0] * t[1] * xy + t[1] * t[1] * yy
        let curvature = t[0] * t[0] * a[0] + 2 * t[0] * t[1] * a[1] + t[1] * t[1] * a[2]
        return 0.5 * curvature * curvature * spread * spread
    }

    /// The position block of `prior` after an angle alone (gradient `angleGradient`, variance `angleVariance`):
    /// P − P hᵀ h P / (h P hᵀ + σ²), the spread a fix's range is read across once its own angle is known.
    @inlinable
    public static func angleConditionedSpread(
        prior p: Matrix4, angleGradient h: SIMD2<Double>, angleVariance: Double
    ) -> (xx: Double, xy: Double, yy: Double) {
        let ph0 = p.r0[0] * h[0] + p.r0[1] * h[1], ph1 = p.r0[1] * h[0] + p.r1[1] * h[1]
        let s = h[0] * ph0 + h[1] * ph1 + angleVariance
        guard s > 0, s.isFinite else { return (p.r0[0], p.r0[1], p.r1[1]) }
        return (p.r0[0] - ph0 * ph0 / s, p.r0[1] - ph0 * ph1 / s, p.r1[1] - ph1 * ph1 / s)
    }

    /// The Hessian of ‖v‖ in v's horizontal components, (xx, xy, yy) = ((1 − vx²/r²)/r, −vx·vy/r³, (1 − vy²/r²)/r).
    @inlinable
    public static func distanceHessian(_ v: Vector3) -> SIMD3<Double> {
        let r = max(v.length, 1e-6)
        let inverse = 1 / r, inverse3 = inverse * inverse * inverse
        return SIMD3(inverse - v.x * v.x * inverse3, -v.x * v.y * inverse3, inverse - v.y * v.y * inverse3)
    }
}
