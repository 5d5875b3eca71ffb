import Foundation

/// The known reflecting boundary of a constant-velocity user (``ExtendedKalmanFilter/reflectingBounds``).
extension ExtendedKalmanFilter {
    /// An axis-aligned area whose edges mirror the user's motion (lower and upper corner, metres).
    public struct ReflectingBounds: Sendable, Equatable {
        /// Lower corner (x, y), metres.
        public var lower: SIMD2<Double>
        /// Upper corner (x, y), metres.
        public var upper: SIMD2<Double>
        /// Creates the bounds.
        public init(lower: SIMD2<Double>, upper: SIMD2<Double>) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// Folds the predicted Gaussian at the bounds, as the simulated user is mirrored (position 2b − x, velocity
    /// negated) when it crosses one: the state is replaced by the moments of the folded distribution (Gaussian
    /// moment matching; the share beyond a bound is Φ(α), α its distance from the mean in σ).
    ///
    /// Mirroring only the mean, at the step the mean crosses, loses the share of the distribution that crossed
    /// while the mean did not: a track coasting near a kerb keeps its velocity, a fix after the user's bounce then
    /// reads a net displacement of zero as a user at rest (the corridor's random policy: NEES 600 after one fix).
    /// Where the whole distribution lies on one side (|α| > ``foldSigmas``) this is the plain mirror or nothing.
    @inlinable
    mutating func reflect(lower: SIMD2<Double>, upper: SIMD2<Double>) {
        for axis in 0..<2 {
            fold(axis: axis, bound: upper[axis], beyondIsAbove: true)
            fold(axis: axis, bound: lower[axis], beyondIsAbove: false)
        }
    }

    /// Standard deviations beyond which a bound's fold is the plain mirror (mean beyond) or nothing (mean inside).
    public static let foldSigmas = 8.0

    /// Folds the state at `bound` on `axis` (0 x, 1 y); `beyondIsAbove`: the user crosses it upwards.
    @inlinable
    mutating func fold(axis: Int, bound: Double, beyondIsAbove: Bool) {
        let sign: Double = beyondIsAbove ? 1 : -1
        let variance = covariance[axis, axis]
        let beyond = sign * (mean[axis] - bound)
        guard variance > 0, beyond * beyond < Self.foldSigmas * Self.foldSigmas * variance else {
            if beyond > 0 { mirror(axis: axis, bound: bound) }
            return
        }
        // s = sign·(x − b) ~ N(μ_s, σ_s²); y = μ + b·t + ε with t = (s − μ_s)/σ_s standard normal.
        let sd = variance.squareRoot(), alpha = beyond / sd
        let share = 0.5 * erfc(-alpha / 2.squareRoot())
        let density = exp(-0.5 * alpha * alpha) / (2 * Double.pi).squareRoot()
        let p = covariance
        let slope = SIMD4(p.r0[axis], p.r1[axis], p.r2[axis], p.r3[axis]) * (sign / sd)
        let mu = mean
        // m1 = E[y·1(s>0)], M2 = E[y yᵀ·1(s>0)] (moments of a Gaussian over a half-space).
        let m1 = mu * share + slope * density
        var flip = SIMD4<Double>.one
        flip[axis] = -1
        flip[axis + 2] = -1
        var shift = SIMD4<Double>.zero
        shift[axis] = 2 * bound
        let folded = mu + (flip - 1) * m1 + shift * share
        // Row i of the folded covariance: E[y′y′ᵀ] = E[yyᵀ] − M2 + D M2 D + D m1 cᵀ + c m1ᵀ D + c cᵀ Φ, less the
        // new mean's outer product.
        func row(_ i: Int, _ pi: SIMD4<Double>) -> SIMD4<Double> {
            let muI: Double = mu[i], slopeI: Double = slope[i]
            let product: SIMD4<Double> = muI * mu + pi - slopeI * slope
            let cross: SIMD4<Double> = muI * slope + slopeI * mu
            let tail: SIMD4<Double> = slopeI * slope
            let m2: SIMD4<Double> = product * share + cross * density + tail * (share - alpha * density)
            let moment: SIMD4<Double> = pi + muI * mu - m2 + (flip[i] * flip) * m2
            let shifted: SIMD4<Double> = (flip[i] * m1[i]) * shift + shift[i] * (m1 * flip) + (shift[i] * share) * shift
            return moment + shifted - folded[i] * folded
        }
        mean = folded
        covariance = Matrix4(row(0, p.r0), row(1, p.r1), row(2, p.r2), row(3, p.r3)).symmetrized
        if considerActive {
            // Cov(y′, β) = C + (D − I)·N1 + c·φ·gᵀ, N1 = E[yβᵀ·1(s>0)] = CΦ − αφ·b gᵀ + φ·μ gᵀ, g = Cov(β, s)/σ_s.
            let g = (axis == 0 ? considerBias.x : considerBias.y) * (sign / sd)
            func updated(_ i: Int, _ ci: SIMD8<Double>) -> SIMD8<Double> {
                let n1 = ci * share + g * (density * (mu[i] - alpha * slope[i]))
                return ci + n1 * (flip[i] - 1) + g * (shift[i] * density)
            }
            let x = considerBias.x, y = considerBias.y, vx = considerBias.vx, vy = considerBias.vy
            considerBias.x = updated(0, x)
            considerBias.y = updated(1, y)
            considerBias.vx = updated(2, vx)
            considerBias.vy = updated(3, vy)
        }
    }

    /// Mirrors the state at `bound` on `axis`: position 2b − x, velocity negated, with the mirror's Jacobian applied
    /// to the covariance and the consider cross-covariance.
    @inlinable
    mutating func mirror(axis: Int, bound: Double) {
        mean[axis] = 2 * bound - mean[axis]
        mean[axis + 2] = -mean[axis + 2]
        var d = SIMD4<Double>.one
        d[axis] = -1
        d[axis + 2] = -1
        covariance = Matrix4(covariance.r0 * d * d[0], covariance.r1 * d * d[1], covariance.r2 * d * d[2],
                             covariance.r3 * d * d[3])
        if considerActive { considerBias.mirror(axis: axis) }
    }
}
