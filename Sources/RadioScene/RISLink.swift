import Foundation

/// One RIS panel illuminated by one access point, prepared for fast per-probe evaluation in an environment.
///
/// The incident side (AP → element m) is exact per element: amplitude g1_m = √(G·dx·dy·λ²/(64π³))·|Γ|·√F(θ_in,m)/d1m
/// and phase −k·d1m (both fixed while the AP and the panel stand still). The reflected side (element → user)
/// uses the far-field approximation at the panel's centre (amplitude √F(θ_out)/D, plane-wave phase
/// −k·D + k·(r_m − c)·ŝ), valid beyond 2·aperture²/λ (0.6 m for a 16 × 16 panel at 60 GHz). Then a codebook
/// beam, whose phases compensate the incident phase and steer towards ŝ_b, sums in O(M) complex products with
/// no trigonometric call per element. Impairments drawn per episode (``configure(stuckPhases:phaseErrors:)``):
/// failed elements stuck at a random phase, and per-element phase errors.
public struct RISLink: Sendable {
    /// The panel.
    public let surface: ReconfigurableIntelligentSurface
    /// The illuminating access point's phase centre, metres.
    public let source: Vector3
    /// AP → panel-centre length, metres.
    public let incidentLengthMetres: Double
    /// Per-element incident amplitude g1_m (see the type's summary).
    public let incidentAmplitude: [Double]
    /// Per-element incident phase −k·d1m, radians.
    public let incidentPhase: [Double]
    /// Healthy elements' codebook coefficient g1_m·e^{jε_m} (real part; 0 for a failed element).
    public private(set) var healthyReal: [Double]
    /// Imaginary part of the healthy coefficient.
    public private(set) var healthyImaginary: [Double]
    /// Per-element phase error ε_m, radians (empty: none).
    public private(set) var phaseErrors: [Double]
    /// Stuck phase of each element, NaN for a working one (empty: no failures).
    public private(set) var stuckPhases: [Double]
    /// Indices of the failed elements.
    public private(set) var failedElements: [Int]
    /// ``healthyReal`` and ``healthyImaginary`` of four consecutive rows side by side: entry q·columns + i holds
    /// column i of rows 4q … 4q+3 in its lanes, so that ``codebookPowerGain(to:beamU:beamV:)`` sums four rows
    /// at once in vector registers (rows beyond the last full quad are summed one at a time).
    private(set) var healthyQuads: [(real: SIMD4<Double>, imaginary: SIMD4<Double>)]

    /// Prepares the link of `surface` lit from `source` (no impairments until ``configure(stuckPhases:phaseErrors:)``).
    public init(surface: ReconfigurableIntelligentSurface, source: Vector3) {
        self.surface = surface
        self.source = source
        incidentLengthMetres = (surface.centre - source).length
        let a = surface.apertureAmplitude, k = surface.wavenumber
        var amplitude: [Double] = [], phase: [Double] = []
        for m in 0..<surface.elementCount {
            let r = surface.elementPosition(m)
            let d1 = (r - source).length
            amplitude.append(a * surface.pattern(from: r, towards: source).squareRoot() / d1)
            phase.append(-k * d1)
        }
        incidentAmplitude = amplitude
        incidentPhase = phase
        healthyReal = amplitude
        healthyImaginary = [Double](repeating: 0, count: amplitude.count)
        phaseErrors = []
        stuckPhases = []
        failedElements = []
        healthyQuads = Array(
            repeating: (SIMD4<Double>(), SIMD4<Double>()), count: surface.rows / 4 * surface.columns)
        fillHealthyQuads()
    }

    /// Copies the healthy coefficients into ``healthyQuads`` (in place: allocates nothing).
    private mutating func fillHealthyQuads() {
        let columns = surface.columns
        for q in 0..<surface.rows / 4 {
            for i in 0..<columns {
                let m = 4 * q * columns + i
                healthyQuads[q * columns + i] = (
                    SIMD4(healthyReal[m], healthyReal[m + columns], healthyReal[m + 2 * columns],
                          healthyReal[m + 3 * columns]),
                    SIMD4(healthyImaginary[m], healthyImaginary[m + columns], healthyImaginary[m + 2 * columns],
                          healthyImaginary[m + 3 * columns]))
            }
        }
    }

    /// Sets this episode's impairments: `stuckPhases[m]` (NaN: working) and phase errors ε_m (empty: none).
    /// Copied into the link's own storage, so from the second episode on a reset allocates nothing.
    public mutating func configure(stuckPhases: [Double], phaseErrors: [Double]) {
        Self.copy(stuckPhases, into: &self.stuckPhases)
        Self.copy(phaseErrors, into: &self.phaseErrors)
        failedElements.removeAll(keepingCapacity: true)
        for m in stuckPhases.indices where !stuckPhases[m].isNaN { failedElements.append(m) }
        for m in 0..<surface.elementCount {
            let failed = !stuckPhases.isEmpty && !stuckPhases[m].isNaN
            let e = phaseErrors.isEmpty ? 0 : phaseErrors[m]
            healthyReal[m] = failed ? 0 : incidentAmplitude[m] * cos(e)
            healthyImaginary[m] = failed ? 0 : incidentAmplitude[m] * sin(e)
        }
        fillHealthyQuads()
    }

    /// Replaces `target`'s elements by `source`'s, reusing `target`'s buffer (no allocation once it is large enough).
    private static func copy(_ source: [Double], into target: inout [Double]) {
        target.removeAll(keepingCapacity: true)
        target.append(contentsOf: source)
    }

    /// Geometry of the reflected side towards `receiver`: distance D (m), in-plane direction components, √F(θ_out).
    @inlinable
    public func reflectedGeometry(to receiver: Vector3) -> (distance: Double, su: Double, sv: Double, pattern: Double) {
        Self.reflectedGeometry(of: surface, to: receiver)
    }

    /// ``reflectedGeometry(to:)`` of a link's `surface` (from the surface alone, so that a caller holding links in an
    /// array need not copy a link, retaining its eight arrays, to ask).
    @inlinable
    public static func reflectedGeometry(
        of surface: ReconfigurableIntelligentSurface, to receiver: Vector3
    ) -> (distance: Double, su: Double, sv: Double, pattern: Double) {
        let d = receiver - surface.centre
        let distance = max(d.length, 1e-9)
        return (distance, d.dot(surface.horizontalAxis) / distance, d.z / distance,
                max(0, d.dot(surface.normal) / distance).squareRoot())
    }

    /// Power gain |h|² towards `receiver` of the codebook beam steered to (`beamU`, `beamV`) (allocation-free).
    public func codebookPowerGain(to receiver: Vector3, beamU: Double, beamV: Double) -> Double {
        let g = reflectedGeometry(to: receiver)
        guard g.pattern > 0 else { return 0 }
        let kd = surface.wavenumber * surface.spacingMetres
        let columns = surface.columns, rows = surface.rows
        let stepU = kd * (g.su - beamU), stepV = kd * (g.sv - beamV)
        var (re, im) = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * columns) { table in
            // Column phasors e^{j·kd·i'·(su − su_b)} by recursion (i' the centred column index).
            let startU = -Double(columns - 1) / 2 * stepU
            var (ci, cr) = sineCosine(startU)
            let (si, sr) = sineCosine(stepU)
            for i in 0..<columns {
                table[2 * i] = cr
                table[2 * i + 1] = ci
                (cr, ci) = (cr * sr - ci * si, cr * si + ci * sr)
            }
            let startV = -Double(rows - 1) / 2 * stepV
            var (ri, rr) = sineCosine(startV)
            let (ti, tr) = sineCosine(stepV)
            var re = 0.0, im = 0.0
            // Each row's sum runs over the columns in order, four rows in the lanes of one vector (the same
            // products and sums as one row at a time, so the same bits); the rows then add up in row order.
            healthyQuads.withUnsafeBufferPointer { quads in
                for q in 0..<rows / 4 {
                    var accR = SIMD4<Double>(), accI = SIMD4<Double>()
                    let base = q * columns
                    for i in 0..<columns {
                        let a = quads[base + i].real, b = quads[base + i].imaginary
                        let pr = SIMD4(repeating: table[2 * i]), pi = SIMD4(repeating: table[2 * i + 1])
                        accR += a * pr - b * pi
                        accI += a * pi + b * pr
                    }
                    for lane in 0..<4 {
                        re += accR[lane] * rr - accI[lane] * ri
                        im += accR[lane] * ri + accI[lane] * rr
                        (rr, ri) = (rr * tr - ri * ti, rr * ti + ri * tr)
                    }
                }
            }
            healthyReal.withUnsafeBufferPointer { hr in
                healthyImaginary.withUnsafeBufferPointer { hi in
                    for j in rows / 4 * 4..<rows {
                        var accR = 0.0, accI = 0.0
                        let base = j * columns
                        for i in 0..<columns {
                            let a = hr[base + i], b = hi[base + i], pr = table[2 * i], pi = table[2 * i + 1]
                            accR += a * pr - b * pi
                            accI += a * pi + b * pr
                        }
                        re += accR * rr - accI * ri
                        im += accR * ri + accI * rr
                        (rr, ri) = (rr * tr - ri * ti, rr * ti + ri * tr)
                    }
                }
            }
            return (re, im)
        }
        // Failed elements: their stuck phase instead of the beam's.
        for m in failedElements {
            let o = surface.elementOffset(m)
            let phase = stuckPhases[m] + incidentPhase[m] + surface.wavenumber * (o.u * g.su + o.v * g.sv)
            let (sine, cosine) = sineCosine(phase)
            re += incidentAmplitude[m] * cosine
            im += incidentAmplitude[m] * sine
        }
        let scale = g.pattern / g.distance
        return (re * re + im * im) * scale * scale
    }

    /// ``codebookPowerGain(to:beamU:beamV:)`` by a link held in place, e.g. an element of an env's array of links.
    ///
    /// Mutating only so that the link is passed by address: the non-mutating call through an array's element or a
    /// buffer pointer copies the link, retaining its eight arrays and releasing them after every probe.
    @inlinable
    public mutating func codebookPowerGainInPlace(to receiver: Vector3, beamU: Double, beamV: Double) -> Double {
        codebookPowerGain(to: receiver, beamU: beamU, beamV: beamV)
    }

    /// Power gain |h|² towards `receiver` with element phases `phases` (radians; failed elements keep their
    /// stuck phase). One sine and cosine per element.
    public func phasesPowerGain(to receiver: Vector3, phases: UnsafeBufferPointer<Float>) -> Double {
        let g = reflectedGeometry(to: receiver)
        guard g.pattern > 0 else { return 0 }
        let k = surface.wavenumber
        let hasStuck = !stuckPhases.isEmpty, hasErrors = !phaseErrors.isEmpty
        var re = 0.0, im = 0.0
        for m in 0..<surface.elementCount {
            let o = surface.elementOffset(m)
            let failed = hasStuck && !stuckPhases[m].isNaN
            var phase = failed ? stuckPhases[m] : Double(phases[m])
            if hasErrors && !failed { phase += phaseErrors[m] }
            phase += incidentPhase[m] + k * (o.u * g.su + o.v * g.sv)
            re += incidentAmplitude[m] * polynomialSine(phase + Double.pi / 2)
            im += incidentAmplitude[m] * polynomialSine(phase)
        }
        let scale = g.pattern / g.distance
        return (re * re + im * im) * scale * scale
    }
}
