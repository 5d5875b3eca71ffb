import ComplexModule
import RealModule

extension ImageMethodTracer {
    /// Appends the four first-order paths off the walls (x min, x max, y min, y max: ``Surface`` order) with each
    /// path in one lane of `SIMD4` vectors: ``appendFirstOrderPair(_:from:to:into:)``'s operations for the x and the
    /// y pair at once, lane by lane in the same order, so each path holds exactly the bits the pairs give it.
    ///
    /// The two pairs' square roots, divisions and table look-ups are independent; in one pass they overlap instead
    /// of waiting for each other across two calls. Only for a room without blockers; returns false, appending
    /// nothing, where any lane meets a case the pairs decline (the caller then traces pair by pair, as before).
    @inlinable
    func appendFirstOrderWalls(from t: Vector3, to r: Vector3, into paths: inout some PathSink) -> Bool {
        typealias V = SIMD4<Double>
        let lo = room.minCorner, hi = room.maxCorner
        // Lanes 0–1 mirror the receiver across the x walls, lanes 2–3 across the y walls, as the pairs do.
        let vx: V = V(2 * lo.x - r.x, 2 * hi.x - r.x, r.x, r.x) - V(repeating: t.x)
        let vy: V = V(r.y, r.y, 2 * lo.y - r.y, 2 * hi.y - r.y) - V(repeating: t.y)
        let vz: V = V(repeating: r.z) - V(repeating: t.z)
        let lengthSquared: V = vx * vx + vy * vy + vz * vz
        let length = lengthSquared.squareRoot()
        guard length[0] > 1e-9, length[1] > 1e-9, length[2] > 1e-9, length[3] > 1e-9 else { return false }
        let kx: V = vx / length, ky: V = vy / length, kz: V = vz / length
        // cos θ = |k_x| on the x walls, |k_y| on the y walls, then each surface's table, interpolated.
        let stride = 2 * SurfaceReflection.gridCount
        let (g0, g1, g2, g3) = tables.withUnsafeBufferPointer { table in
            (SurfaceReflection.coefficients(table: table, base: 0, cosIncidence: abs(kx[0])),
             SurfaceReflection.coefficients(table: table, base: stride, cosIncidence: abs(kx[1])),
             SurfaceReflection.coefficients(table: table, base: 2 * stride, cosIncidence: abs(ky[2])),
             SurfaceReflection.coefficients(table: table, base: 3 * stride, cosIncidence: abs(ky[3])))
        }
        let teRe = V(g0.te.real, g1.te.real, g2.te.real, g3.te.real)
        let teIm = V(g0.te.imaginary, g1.te.imaginary, g2.te.imaginary, g3.te.imaginary)
        var gammaRe = teRe, gammaIm = teIm
        let scalar0 = scalarSurfaces & 1 != 0, scalar1 = scalarSurfaces & 2 != 0
        let scalar2 = scalarSurfaces & 4 != 0, scalar3 = scalarSurfaces & 8 != 0
        if !(scalar0 && scalar1 && scalar2 && scalar3) {
            let tmRe = V(g0.tm.real, g1.tm.real, g2.tm.real, g3.tm.real)
            let tmIm = V(g0.tm.imaginary, g1.tm.imaginary, g2.tm.imaginary, g3.tm.imaginary)
            // ŝ = k × n: (0, k_z, −k_y) on x, (−k_z, 0, k_x) on y; o mirrors k's axis component.
            let sx = V(0, 0, -kz[2], -kz[3])
            let sy = V(kz[0], kz[1], 0, 0)
            let sz = V(-ky[0], -ky[1], kx[2], kx[3])
            let ox = V(-kx[0], -kx[1], kx[2], kx[3])
            let oy = V(ky[0], ky[1], -ky[2], -ky[3])
            let oz = kz
            let s2: V = sx * sx + sy * sy + sz * sz
            let rho2: V = kx * kx + ky * ky
            // The scalar code's special cases (normal incidence, a vertical ray) stay with it.
            if !scalar0, !(s2[0] > 1e-24 && rho2[0] > 1e-24) { return false }
            if !scalar1, !(s2[1] > 1e-24 && rho2[1] > 1e-24) { return false }
            if !scalar2, !(s2[2] > 1e-24 && rho2[2] > 1e-24) { return false }
            if !scalar3, !(s2[3] > 1e-24 && rho2[3] > 1e-24) { return false }
            let zero = V()
            let eTxX: V, eTxY: V, eTxZ: V, eRxX: V, eRxY: V, eRxZ: V
            if polarization == .vertical {
                eTxX = kz * kx
                eTxY = kz * ky
                eTxZ = -rho2
                eRxX = oz * ox
                eRxY = oz * oy
                eRxZ = -rho2
            } else {
                eTxX = -ky
                eTxY = kx
                eTxZ = zero
                eRxX = oy
                eRxY = -ox
                eRxZ = zero
            }
            let scale: V = V(repeating: 1) / (rho2 * s2)
            let teTx: V = eTxX * sx + eTxY * sy + eTxZ * sz, teRx: V = eRxX * sx + eRxY * sy + eRxZ * sz
            let te: V = teTx * teRx * scale
            // ŝ × k and ŝ × o, as Vector3.cross.
            let ckX: V = sy * kz - sz * ky, ckY: V = sz * kx - sx * kz, ckZ: V = sx * ky - sy * kx
            let coX: V = sy * oz - sz * oy, coY: V = sz * ox - sx * oz, coZ: V = sx * oy - sy * ox
            let tmTx: V = eTxX * ckX + eTxY * ckY + eTxZ * ckZ, tmRx: V = eRxX * coX + eRxY * coY + eRxZ * coZ
            let tm: V = tmTx * tmRx * scale
            let sign = V(repeating: polarization == .vertical ? 1.0 : -1.0)
            let teSigned: V = te * sign, tmSigned: V = tm * sign
            let re: V = teRe * teSigned + tmRe * tmSigned, im: V = teIm * teSigned + tmIm * tmSigned
            // A fixed-loss surface keeps its Γ_TE.
            gammaRe = V(scalar0 ? teRe[0] : re[0], scalar1 ? teRe[1] : re[1], scalar2 ? teRe[2] : re[2],
                        scalar3 ? teRe[3] : re[3])
            gammaIm = V(scalar0 ? teIm[0] : im[0], scalar1 ? teIm[1] : im[1], scalar2 ? teIm[2] : im[2],
                        scalar3 ? teIm[3] : im[3])
        }
        // |Γ| as Complex.length: √(re² + im²) when that square is normal (otherwise the scalar way).
        let naive: V = gammaRe * gammaRe + gammaIm * gammaIm
        guard naive[0].isNormal, naive[1].isNormal, naive[2].isNormal, naive[3].isNormal else { return false }
        let magnitude = naive.squareRoot()
        let cosine: V = gammaRe / magnitude, sine: V = gammaIm / magnitude
        for lane in 0..<4 {
            // The wave arrives along the departure direction, mirrored back through the wall's axis.
            let departure = Vector3(kx[lane], ky[lane], kz[lane])
            let arrival = lane < 2
                ? Vector3(departure.x, -departure.y, -departure.z) : Vector3(-departure.x, departure.y, -departure.z)
            let m = magnitude[lane]
            paths.append(
                PropagationPath(
                    lengthMetres: length[lane], departureDirection: departure, arrivalDirection: arrival,
                    reflectionAmplitude: m, reflectionCount: 1, lastSurface: Surface(rawValue: lane),
                    phaseCosine: m > 0 ? cosine[lane] : 1, phaseSine: m > 0 ? sine[lane] : 0))
        }
        return true
    }
}
