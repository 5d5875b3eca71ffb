import Foundation

extension ExtendedKalmanFilter {
    /// Probability that a measurement the gates let through is the line of sight rather than a reflection, given
    /// its normalised innovation d² = νᵀS⁻¹ν in `dimension` (1: a range, 2: a fix) and the gate `gate`: probabilistic
    /// data association with one validated measurement and a reflection's density uniform over the gate
    /// (Bar-Shalom & Tse, *Automatica* 11, 1975; Bar-Shalom, Daum & Huang, *IEEE CSM* 29(6), 2009, eq. 20).
    ///
    /// The line of sight's density over the reflection's is (γ/2)·e^{−d²/2} for a fix (the gate ellipse has area
    /// πγ√det S) and √(2γ/π)·e^{−d²/2} for a range (length 2√(γS)); weighted by 1 − ``reflectionProbability`` and
    /// ``reflectionProbability`` (clamped to 0…1). 1 when ``reflectionProbability`` is 0.
    @inlinable
    public func lineOfSightProbability(normalisedInnovation d2: Double, dimension: Int, gate: Double) -> Double {
        let clutter = min(max(reflectionProbability, 0), 1)
        guard clutter > 0 else { return 1 }
        let ratio = (dimension == 1 ? (2 * gate / Double.pi).squareRoot() : gate / 2) * exp(-d2 / 2)
        let lineOfSight = (1 - clutter) * ratio
        return lineOfSight / (lineOfSight + clutter)
    }

    /// Replaces an accepted update by its mixture with the prior, the line of sight weighted `weight`
    /// (``lineOfSightProbability(normalisedInnovation:dimension:gate:)``): mean x̂ + β·δ and covariance
    /// β·P⁺ + (1 − β)·P + β(1 − β)·δδᵀ with δ the update's shift (the moment-matched PDA posterior). The caller has
    /// already scaled the consider columns' correction by β (βM⁺ + (1 − β)M⁻: the Schmidt approximation, which
    /// keeps the biases' own block at the identity and drops the mixture's β(1 − β)·δ·b̂ᵀ cross term, b̂ the bias
    /// the line-of-sight update would infer). `prior` and `priorCovariance` are the state before the update;
    /// ``mean`` and ``covariance`` hold the update.
    @inlinable
    mutating func mixUpdate(withPrior prior: SIMD4<Double>, priorCovariance p: Matrix4, weight beta: Double) {
        let shift = mean - prior
        let spread = beta * (1 - beta)
        let updated = covariance
        covariance = Matrix4(
            updated.r0 * beta + p.r0 * (1 - beta) + shift * (spread * shift[0]),
            updated.r1 * beta + p.r1 * (1 - beta) + shift * (spread * shift[1]),
            updated.r2 * beta + p.r2 * (1 - beta) + shift * (spread * shift[2]),
            updated.r3 * beta + p.r3 * (1 - beta) + shift * (spread * shift[3])
        ).symmetrized
        mean = prior + shift * beta
    }
}
