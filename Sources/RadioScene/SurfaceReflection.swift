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
/// into the part perpendicular to the plane of incidence (TE) and the part in it (TM), each reflected with its
/// Fresnel coefficient and read by the receiving antenna's polarisation (the co-polar term; cross-polar leakage
/// is not carried). Γ_TE and Γ_TM come from ``Material/reflectionCoefficients(cosIncidence:carrierHertz:)``
/// on a 257-point grid in cos θ with linear interpolation (so a step allocates nothing and calls no complex sqrt).
public struct SurfaceReflection: Sendable, Equatable {
    /// Grid points in cos θ ∈ [0, 1].
    public static let gridCount = 257
    /// Γ_TE on the grid, then Γ_TM (2 × ``gridCount`` entries).
    public let table: [Complex<Double>]
    /// The normal axis of the surface (0 = x, 1 = y, 2 = z).
    public let axis: Int
    /// Whether the material is a fixed loss (one scalar Γ, no polarisation: the scenario's number is the loss).
    public let isScalar: Bool

    /// Tabulates `material` on the plane with normal `axis` at `carrierHertz`.
    public init(material: Material, axis: Int, carrierHertz: Double) {
        self.axis = axis
        isScalar = material.itu == nil
        var te: [Complex<Double>] = [], tm: [Complex<Double>] = []
        for i in 0..<Self.gridCount {
            let c = Double(i) / Double(Self.gridCount - 1)
            let g = material.reflectionCoefficients(cosIncidence: c, carrierHertz: carrierHertz)
            te.append(g.te)
            tm.append(g.tm)
        }
        table = te + tm
    }

    /// Γ_TE and Γ_TM at incidence cosine `c`, linearly interpolated.
    public func coefficients(cosIncidence c: Double) -> (te: Complex<Double>, tm: Complex<Double>) {
        table.withUnsafeBufferPointer { Self.coefficients(table: $0, base: 0, cosIncidence: c) }
    }

    /// Γ_TE and Γ_TM at incidence cosine `c` from a table laid out as ``table`` starting at `base`.
    /// (Always inlined: the tracer looks up up to 24 bounces per trace, and the call cost more than the lookup.)
    @inlinable @inline(__always)
    public static func coefficients(
        table: UnsafeBufferPointer<Complex<Double>>, base: Int, cosIncidence c: Double
    ) -> (te: Complex<Double>, tm: Complex<Double>) {
        let x = max(0, min(1, c)) * Double(gridCount - 1)
        let i = min(Int(x), gridCount - 2)
        let f = x - Double(i)
        let te0 = table[base + i], te1 = table[base + i + 1]
        let tm0 = table[base + gridCount + i], tm1 = table[base + gridCount + i + 1]
        let dte: Complex<Double> = (te1 - te0).multiplied(by: f)
        let dtm: Complex<Double> = (tm1 - tm0).multiplied(by: f)
        return (te0 + dte, tm0 + dtm)
    }

    /// The co-polar reflection coefficient of a ray arriving along unit `incoming` and leaving along `outgoing`
    /// (mirrored in this surface), both antennas with polarisation `polarization` (a fixed-loss material's
    /// scalar Γ whatever the polarisation).
    ///
    /// The field e_tx = pol(k_in) splits into its TE part (along ŝ = k_in × n) and its TM part (along
    /// p̂_i = ŝ × k_in); the reflected field Γ_TE(e_tx·ŝ)ŝ + Γ_TM(e_tx·p̂_i)p̂_r, p̂_r = ŝ × k_out, is read by the
    /// receiving antenna's e_rx = pol(−k_out), relative to what that antenna reads of line of sight (θ̂ for
    /// vertical, φ̂ for horizontal: the convention of Sionna RT's isotropic V/H antennas, so a line-of-sight
    /// coefficient is +1 in both).
    public func coefficient(
        incoming k: Vector3, outgoing o: Vector3, polarization: Polarization
    ) -> Complex<Double> {
        table.withUnsafeBufferPointer {
            Self.coefficient(
                table: $0, base: 0, axis: axis, isScalar: isScalar, incoming: k, outgoing: o, polarization: polarization)
        }
    }

    /// ``coefficient(incoming:outgoing:polarization:)`` of the surface whose ``table`` starts at `base` in `table`
    /// (the tracer keeps its six surfaces in one buffer, so a trace retains nothing).
    @inlinable
    public static func coefficient(
        table: UnsafeBufferPointer<Complex<Double>>, base: Int, axis: Int, isScalar: Bool, incoming k: Vector3,
        outgoing o: Vector3, polarization: Polarization
    ) -> Complex<Double> {
        let components = SIMD3(k.x, k.y, k.z)
        let g = coefficients(table: table, base: base, cosIncidence: abs(components[axis]))
        if isScalar { return g.te }
        // ŝ = k × n with n the unit normal of this axis (its sign cancels: ŝ appears twice); |ŝ × k| = |ŝ|.
        var sHat: Vector3
        switch axis {
        case 0: sHat = Vector3(0, k.z, -k.y)
        case 1: sHat = Vector3(-k.z, 0, k.x)
        default: sHat = Vector3(k.y, -k.x, 0)
        }
        var s2 = sHat.dot(sHat)
        if s2 < 1e-24 {
            // Normal incidence: TE and TM coincide (up to the sign convention of Γ_TM).
            sHat = abs(k.z) < 0.9 ? Vector3(k.y, -k.x, 0) : Vector3(0, k.z, -k.y)
            s2 = sHat.dot(sHat)
        }
        let rho2 = k.x * k.x + k.y * k.y
        guard rho2 > 1e-24, s2 > 1e-24 else { return g.te }
        // The antennas' field vectors times ρ (mirroring keeps ρ): e_tx = pol(k), e_rx = pol(−o).
        let eTx: Vector3, eRx: Vector3
        if polarization == .vertical {
            eTx = Vector3(k.z * k.x, k.z * k.y, -rho2)
            eRx = Vector3(o.z * o.x, o.z * o.y, -rho2)
        } else {
            eTx = Vector3(-k.y, k.x, 0)
            eRx = Vector3(o.y, -o.x, 0)
        }
        let scale = 1 / (rho2 * s2)
        let te = eTx.dot(sHat) * eRx.dot(sHat) * scale
        let tm = eTx.dot(sHat.cross(k)) * eRx.dot(sHat.cross(o)) * scale
        let sign = polarization == .vertical ? 1.0 : -1.0  // what e_rx reads of line of sight
        let a: Complex<Double> = g.te.multiplied(by: te * sign)
        let b: Complex<Double> = g.tm.multiplied(by: tm * sign)
        return a + b
    }
}
