import ComplexModule
import RealModule
import Foundation

/// The linear polarisation of the access points' antennas (scenario `radio.polarization`).
public enum Polarization: String, Sendable, Codable, CaseIterable {
    /// E field in the vertical plane containing the ray (the common choice for ceiling-mounted APs).
    case vertical
    /// E field horizontal, perpendicular to the ray.
    case horizontal
}

/// The complex reflection coefficient of one surface at one carrier, tabulated against the angle of incidence.
///
/// A ray with unit direction d meets the axis-aligned plane of normal axis a at cos θ = |d_a|. Its field is split
/// into the part perpendicular to the plane of incidence (TE, along n × d) and the part in it (TM); the co-polar
/// reflection coefficient is Γ = Γ_TE cos²ψ + Γ_TM sin²ψ with cos ψ the TE share of the antenna's polarisation
/// vector (cross-polar leakage neglected). Γ_TE and Γ_TM come from ``Material/reflectionCoefficients(cosIncidence:carrierHertz:)``
/// on a 257-point grid in cos θ with linear interpolation (so a step allocates nothing and calls no complex sqrt).
public struct SurfaceReflection: Sendable, Equatable {
    /// Grid points in cos θ ∈ [0, 1].
    public static let gridCount = 257
    @usableFromInline let te: [Complex<Double>]
    @usableFromInline let tm: [Complex<Double>]
    /// The normal axis of the surface (0 = x, 1 = y, 2 = z).
    public let axis: Int

    /// Tabulates `material` on the plane with normal `axis` at `carrierHertz`.
    public init(material: Material, axis: Int, carrierHertz: Double) {
        self.axis = axis
        var te: [Complex<Double>] = [], tm: [Complex<Double>] = []
        for i in 0..<Self.gridCount {
            let c = Double(i) / Double(Self.gridCount - 1)
            let g = material.reflectionCoefficients(cosIncidence: c, carrierHertz: carrierHertz)
            te.append(g.te)
            tm.append(g.tm)
        }
        self.te = te
        self.tm = tm
    }

    /// Γ_TE and Γ_TM at incidence cosine `c`, linearly interpolated.
    @inlinable
    public func coefficients(cosIncidence c: Double) -> (te: Complex<Double>, tm: Complex<Double>) {
        let x = max(0, min(1, c)) * Double(Self.gridCount - 1)
        let i = min(Int(x), Self.gridCount - 2)
        let f = x - Double(i)
        let dte: Complex<Double> = (te[i + 1] - te[i]).multiplied(by: f)
        let dtm: Complex<Double> = (tm[i + 1] - tm[i]).multiplied(by: f)
        return (te[i] + dte, tm[i] + dtm)
    }

    /// The co-polar reflection coefficient for a ray of unit direction `d` and antenna polarisation `polarization`.
    @inlinable
    public func coefficient(direction d: Vector3, polarization: Polarization) -> Complex<Double> {
        let components = SIMD3(d.x, d.y, d.z)
        let cosIncidence = abs(components[axis])
        let g = coefficients(cosIncidence: cosIncidence)
        let teShare = Self.transverseElectricShare(direction: d, axis: axis, polarization: polarization)
        let te: Complex<Double> = g.te.multiplied(by: teShare)
        let tm: Complex<Double> = g.tm.multiplied(by: 1 - teShare)
        return te + tm
    }

    /// cos²ψ: the share of the antenna's polarisation vector perpendicular to the plane of incidence.
    ///
    /// Vertical: e ∝ ẑ − d_z·d; horizontal: e ∝ ẑ × d. The TE direction is n × d with n the plane's normal.
    @inlinable
    public static func transverseElectricShare(direction d: Vector3, axis: Int, polarization: Polarization) -> Double {
        let horizontal2 = d.x * d.x + d.y * d.y
        // n × d for n = x̂, ŷ, ẑ.
        let s: Vector3
        switch axis {
        case 0: s = Vector3(0, -d.z, d.y)
        case 1: s = Vector3(d.z, 0, -d.x)
        default: s = Vector3(-d.y, d.x, 0)
        }
        let s2 = s.dot(s)
        guard s2 > 1e-18, horizontal2 > 1e-18 else { return 0.5 }
        let e: Vector3 = polarization == .vertical
            ? Vector3(-d.z * d.x, -d.z * d.y, 1 - d.z * d.z) : Vector3(-d.y, d.x, 0)
        let projection = e.dot(s)
        return min(1, projection * projection / (s2 * e.dot(e)))
    }
}
