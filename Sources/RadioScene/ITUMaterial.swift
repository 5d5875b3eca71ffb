import ComplexModule
import Foundation
import RealModule

/// A building material of ITU-R P.2040-3 (Table 3): complex relative permittivity as a function of frequency.
///
/// ε = ε′ − j·σ/(2π f ε₀) with ε′ = a·f^b and σ = c·f^d S/m, f in GHz (ITU-R P.2040-3, eqs. 28–29).
/// The table's frequency ranges end at 100 GHz (40 GHz for brick and plywood, 10 GHz for the grounds); above
/// them the same power laws are extrapolated, as Sionna RT does. Names are the table's, in snake case.
public struct ITUMaterial: Sendable, Equatable {
    /// The material's name in ITU-R P.2040-3 Table 3 (`concrete`, `plasterboard`, `metal`, …).
    public let name: String
    /// ε′ = a·f^b (f in GHz): a.
    public let a: Double
    /// ε′ = a·f^b: b.
    public let b: Double
    /// σ = c·f^d S/m (f in GHz): c.
    public let c: Double
    /// σ = c·f^d: d.
    public let d: Double

    /// Vacuum permittivity ε₀, farads per metre.
    public static let vacuumPermittivity = 8.854_187_8128e-12

    /// ITU-R P.2040-3 Table 3 (frequency ranges in the comments, GHz).
    public static let table: [ITUMaterial] = [
        ITUMaterial(name: "concrete", a: 5.24, b: 0, c: 0.0462, d: 0.7822),  // 1–100
        ITUMaterial(name: "brick", a: 3.91, b: 0, c: 0.0238, d: 0.16),  // 1–40
        ITUMaterial(name: "plasterboard", a: 2.73, b: 0, c: 0.0085, d: 0.9395),  // 1–100
        ITUMaterial(name: "wood", a: 1.99, b: 0, c: 0.0047, d: 1.0718),  // 0.001–100
        ITUMaterial(name: "glass", a: 6.31, b: 0, c: 0.0036, d: 1.3394),  // 0.1–100
        ITUMaterial(name: "ceiling_board", a: 1.48, b: 0, c: 0.0011, d: 1.0750),  // 1–100
        ITUMaterial(name: "chipboard", a: 2.58, b: 0, c: 0.0217, d: 0.7800),  // 1–100
        ITUMaterial(name: "plywood", a: 2.71, b: 0, c: 0.33, d: 0),  // 1–40
        ITUMaterial(name: "marble", a: 7.074, b: 0, c: 0.0055, d: 0.9262),  // 1–60
        ITUMaterial(name: "floorboard", a: 3.66, b: 0, c: 0.0044, d: 1.3515),  // 50–100
        ITUMaterial(name: "metal", a: 1, b: 0, c: 1e7, d: 0),  // 1–100
        ITUMaterial(name: "very_dry_ground", a: 3, b: 0, c: 0.00015, d: 2.52),  // 1–10
        ITUMaterial(name: "medium_dry_ground", a: 15, b: -0.1, c: 0.035, d: 1.63),  // 1–10
        ITUMaterial(name: "wet_ground", a: 30, b: -0.4, c: 0.15, d: 1.30),  // 1–10
    ]

    /// The table entry called `name`, or nil.
    public static func named(_ name: String) -> ITUMaterial? { table.first { $0.name == name } }

    /// Complex relative permittivity at `carrierHertz` (ε′ − jε″, the engineering sign convention).
    public func relativePermittivity(carrierHertz: Double) -> Complex<Double> {
        let ghz = carrierHertz / 1e9
        let real = a * Double.pow(ghz, b)
        let conductivity = c * Double.pow(ghz, d)
        let imaginary = conductivity / (2 * Double.pi * carrierHertz * Self.vacuumPermittivity)
        return Complex(real, -imaginary)
    }
}

/// Fresnel reflection coefficients of a half-space with complex permittivity ε (ITU-R P.2040-3, eqs. 31–32).
///
/// θ is the angle of incidence from the surface normal. TE (s, E perpendicular to the plane of incidence):
/// Γ = (cos θ − √(ε − sin²θ)) / (cos θ + √(ε − sin²θ)); TM (p): Γ = (ε cos θ − √(ε − sin²θ)) / (ε cos θ + √(ε − sin²θ)).
/// Both tend to −1 at grazing incidence, so a grazing bounce is almost as strong as the direct path and arrives
/// with its phase turned by ≈ 180°.
public enum FresnelReflection {
    /// Γ_TE and Γ_TM at incidence cos θ (0 = grazing, 1 = normal) off a half-space of permittivity `epsilon`.
    public static func coefficients(
        cosIncidence: Double, permittivity epsilon: Complex<Double>
    ) -> (te: Complex<Double>, tm: Complex<Double>) {
        let c = max(0, min(1, cosIncidence))
        let sin2 = 1 - c * c
        let root = Complex.sqrt(epsilon - Complex(sin2, 0))
        let cc = Complex(c, 0)
        let te = (cc - root) / (cc + root)
        let tm = (epsilon * cc - root) / (epsilon * cc + root)
        return (te, tm)
    }
}
