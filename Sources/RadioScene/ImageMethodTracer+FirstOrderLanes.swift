import ComplexModule
import RealModule

extension ImageMethodTracer {
    /// Appends the two first-order paths off the walls of `axis` (its lower plane first) with each path in one lane
    /// of `SIMD2` vectors: the operations of ``appendPath(_:image:receiver:flips:bounces:order:surface:firstOrderPlane:into:)``
    /// and ``SurfaceReflection/coefficient(table:base:axis:isScalar:incoming:outgoing:polarization:)`` in the same
    /// order, lane by lane, so each path holds exactly the bits the scalar code gives it (no fused multiply–add:
    /// Swift contracts none).
    ///
    /// The two paths share one axis, so every formula is the same in both lanes (no lane selects), and their square
    /// roots and divisions share instructions instead of queueing one path after the other. Only for a room without
    /// blockers; returns false, appending nothing, where a lane meets a case the scalar code branches on (a
    /// degenerate image, normal or vertical incidence on a Fresnel surface, a subnormal |Γ|²), and the caller
    /// traces the pair the scalar way.
    /// (`Axis` is a type so that each axis gets its own specialisation, its branches folded away.)
    @inlinable
    func appendFirstOrderPair<Axis: ImageAxis>(
        _: Axis.Type, from t: Vector3, to r: Vector3, into paths: inout some PathSink
    ) -> Bool {
        typealias V = SIMD2<Double>
        let axis = Axis.index
        let lo = room.minCorner, hi = room.maxCorner
        // Lane 0 mirrors the receiver across the lower plane of `axis`, lane 1 across the upper, as `trace` does.
        let vx = (axis == 0 ? V(2 * lo.x - r.x, 2 * hi.x - r.x) : V(repeating: r.x)) - V(repeating: t.x)
        let vy = (axis == 1 ? V(2 * lo.y - r.y, 2 * hi.y - r.y) : V(repeating: r.y)) - V(repeating: t.y)
        let vz = (axis == 2 ? V(2 * lo.z - r.z, 2 * hi.z - r.z) : V(repeating: r.z)) - V(repeating: t.z)
        let length = (vx * vx + vy * vy + vz * vz).squareRoot()
        guard length[0] > 1e-9, length[1] > 1e-9 else { return false }
        let kx = vx / length, ky = vy / length, kz = vz / length
        // cos θ = |k_a|, then each surface's table, interpolated.
        let ka = axis == 0 ? kx : (axis == 1 ? ky : kz)
        let stride = 2 * SurfaceReflection.gridCount
        let first = 2 * axis
        let (g0, g1) = tables.withUnsafeBufferPointer { table in
            (SurfaceReflection.coefficients(table: table, base: first * stride, cosIncidence: abs(ka[0])),
             SurfaceReflection.coefficients(table: table, base: (first + 1) * stride, cosIncidence: abs(ka[1])))
        }
        let teRe = V(g0.te.real, g1.te.real), teIm = V(g0.te.imaginary, g1.te.imaginary)
        var gammaRe = teRe, gammaIm = teIm
        let scalar0 = scalarSurfaces & (1 << first) != 0, scalar1 = scalarSurfaces & (1 << (first + 1)) != 0
        if !(scalar0 && scalar1) {
            let tmRe = V(g0.tm.real, g1.tm.real), tmIm = V(g0.tm.imaginary, g1.tm.imaginary)
            // ŝ = k × n: (0, k_z, −k_y) on x, (−k_z, 0, k_x) on y, (k_y, −k_x, 0) on z; o mirrors k's axis component.
            let zero = V()
            let (sx, sy, sz) = axis == 0 ? (zero, kz, -ky) : (axis == 1 ? (-kz, zero, kx) : (ky, -kx, zero))
            let ox = axis == 0 ? -kx : kx, oy = axis == 1 ? -ky : ky, oz = axis == 2 ? -kz : kz
            let s2 = sx * sx + sy * sy + sz * sz
            let rho2 = kx * kx + ky * ky
            // The scalar code's special cases (normal incidence, a vertical ray) stay with it.
            if !scalar0, !(s2[0] > 1e-24 && rho2[0] > 1e-24) { return false }
            if !scalar1, !(s2[1] > 1e-24 && rho2[1] > 1e-24) { return false }
            let eTxX: V, eTxY: V, eTxZ: V, eRxX: V, eRxY: V, eRxZ: V
            if polarization == .vertical {
                (eTxX, eTxY, eTxZ) = (kz * kx, kz * ky, -rho2)
                (eRxX, eRxY, eRxZ) = (oz * ox, oz * oy, -rho2)
            } else {
                (eTxX, eTxY, eTxZ) = (-ky, kx, zero)
                (eRxX, eRxY, eRxZ) = (oy, -ox, zero)
            }
            let scale = V(repeating: 1) / (rho2 * s2)
            let te = (eTxX * sx + eTxY * sy + eTxZ * sz) * (eRxX * sx + eRxY * sy + eRxZ * sz) * scale
            // ŝ × k and ŝ × o, as Vector3.cross.
            let ckX = sy * kz - sz * ky, ckY = sz * kx - sx * kz, ckZ = sx * ky - sy * kx
            let coX = sy * oz - sz * oy, coY = sz * ox - sx * oz, coZ = sx * oy - sy * ox
            let tm = (eTxX * ckX + eTxY * ckY + eTxZ * ckZ) * (eRxX * coX + eRxY * coY + eRxZ * coZ) * scale
            let sign = V(repeating: polarization == .vertical ? 1.0 : -1.0)
            let teSigned = te * sign, tmSigned = tm * sign
            let re = teRe * teSigned + tmRe * tmSigned, im = teIm * teSigned + tmIm * tmSigned
            // A fixed-loss surface keeps its Γ_TE.
            gammaRe = V(scalar0 ? teRe[0] : re[0], scalar1 ? teRe[1] : re[1])
            gammaIm = V(scalar0 ? teIm[0] : im[0], scalar1 ? teIm[1] : im[1])
        }
        // |Γ| as Complex.length: √(re² + im²) when that square is normal (otherwise the scalar way).
        let naive = gammaRe * gammaRe + gammaIm * gammaIm
        guard naive[0].isNormal, naive[1].isNormal else { return false }
        let magnitude = naive.squareRoot()
        let cosine = gammaRe / magnitude, sine = gammaIm / magnitude
        for lane in 0..<2 {
            // The wave arrives along the departure direction, mirrored back through `axis`.
            let departure = Vector3(kx[lane], ky[lane], kz[lane])
            let arrival = Vector3(
                axis == 0 ? departure.x : -departure.x, axis == 1 ? departure.y : -departure.y,
                axis == 2 ? departure.z : -departure.z)
            let m = magnitude[lane]
            paths.append(
                PropagationPath(
                    lengthMetres: length[lane], departureDirection: departure, arrivalDirection: arrival,
                    reflectionAmplitude: m, reflectionCount: 1, lastSurface: Surface(rawValue: first + lane),
                    phaseCosine: m > 0 ? cosine[lane] : 1, phaseSine: m > 0 ? sine[lane] : 0))
        }
        return true
    }
}

/// A coordinate axis as a type (``ImageMethodTracer``'s first-order pairs are specialised per axis).
public protocol ImageAxis {
    /// 0 = x, 1 = y, 2 = z.
    static var index: Int { get }
}

/// The x axis.
public enum ImageAxisX: ImageAxis {
    /// 0.
    @inlinable public static var index: Int { 0 }
}

/// The y axis.
public enum ImageAxisY: ImageAxis {
    /// 1.
    @inlinable public static var index: Int { 1 }
}

/// The z axis.
public enum ImageAxisZ: ImageAxis {
    /// 2.
    @inlinable public static var index: Int { 2 }
}
