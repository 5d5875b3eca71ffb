import ComplexModule
import Foundation
import RealModule

/// A uniform planar array (UPA): `columns` × `rows` elements in the vertical plane of an access point.
///
/// Elements lie on a grid spanned by the horizontal ``axis`` (perpendicular to the boresight) and the vertical
/// (+z), spaced `spacingWavelengths` apart. A direction's spatial frequencies are u = direction · axis and
/// v = direction · z; the array factor separates into a horizontal and a vertical Dirichlet kernel, so the power
/// gain of a beam steered to (u₀, v₀) is G(u, v) = G_N(u − u₀) · G_M(v − v₀), peaking at N·M
/// (Van Trees, *Optimum Array Processing*, 2002, §4.1). A UPA resolves azimuth *and* elevation, which a ULA
/// (one row) cannot.
///
/// ```swift
/// let upa = UniformPlanarArray(position: ap, boresightAzimuthRadians: 0, columns: 8, rows: 4)
/// upa.arrayGain(towards: direction, steeredTo: (0, -0.2))   // ≤ 32
/// ```
public struct UniformPlanarArray: Sendable, Equatable {
    /// The horizontal row of the array: position, boresight, axis, spacing and column count.
    public var horizontal: UniformLinearArray
    /// Number of element rows stacked vertically, M.
    public var rows: Int

    /// Creates a UPA at `position` facing azimuth `boresightAzimuthRadians`.
    public init(
        position: Vector3, boresightAzimuthRadians: Double, columns: Int, rows: Int, spacingWavelengths: Double = 0.5
    ) {
        precondition(rows >= 1, "a planar array needs at least one row")
        horizontal = UniformLinearArray(
            position: position, boresightAzimuthRadians: boresightAzimuthRadians, elementCount: columns,
            spacingWavelengths: spacingWavelengths)
        self.rows = rows
    }

    /// Total element count N·M.
    public var elementCount: Int { horizontal.elementCount * rows }

    /// The spatial frequencies (u along the axis, v vertical) of a unit direction.
    public func spatialFrequencies(of direction: Vector3) -> (u: Double, v: Double) {
        (direction.dot(horizontal.axis), direction.z)
    }

    /// Azimuth (from boresight, in the horizontal plane) and elevation (from the horizontal) of a unit direction, radians.
    public func azimuthElevation(of direction: Vector3) -> (azimuth: Double, elevation: Double) {
        let along = direction.dot(horizontal.axis), ahead = direction.dot(horizontal.boresight)
        return (atan2(along, ahead), asin(max(-1, min(1, direction.z))))
    }

    /// Array power gain towards a unit direction of the beam steered to spatial frequencies `steeredTo`.
    public func arrayGain(towards direction: Vector3, steeredTo steer: (u: Double, v: Double)) -> Double {
        let f = spatialFrequencies(of: direction)
        let vertical = UniformLinearArray(
            position: horizontal.position, boresightAzimuthRadians: 0, elementCount: rows,
            spacingWavelengths: horizontal.spacingWavelengths)
        return horizontal.arrayGain(frequency: f.u, steeredFrequency: steer.u)
            * vertical.arrayGain(frequency: f.v, steeredFrequency: steer.v)
    }

    /// The steering vector, column index fastest: a_{n,m} = e^{j2π(d/λ)(n·u + m·v)}.
    public func steeringVector(towards direction: Vector3) -> [Complex<Double>] {
        let f = spatialFrequencies(of: direction)
        let k = 2 * Double.pi * horizontal.spacingWavelengths
        var result: [Complex<Double>] = []
        result.reserveCapacity(elementCount)
        for m in 0..<rows {
            for n in 0..<horizontal.elementCount {
                let phase = k * (Double(n) * f.u + Double(m) * f.v)
                result.append(Complex(cos(phase), sin(phase)))
            }
        }
        return result
    }
}
