import Foundation

/// A reconfigurable intelligent surface: a vertical panel of columns × rows passive reflecting elements whose
/// reflection phases φ_m are set by a controller.
///
/// The field a source at a reaches a receiver at p with through the panel is the coherent sum over elements of
/// per-element far-field products (Tang et al., "Wireless Communications With Reconfigurable Intelligent
/// Surface: Path Loss Modeling and Experimental Measurement", IEEE TWC 2021, eq. 8):
///
///   h = Σ_m g_m e^{j(φ_m − k(d1m + d2m))},  g_m = √(G·dx·dy·λ²/(64π³)) · Γ · √(F(θ_in,m)·F(θ_out,m)) / (d1m·d2m)
///
/// with d1m, d2m the source–element and element–receiver distances, G the element gain, dx = dy the element
/// spacing, Γ the element's reflection amplitude and F(θ) = cos θ the element's normalised power pattern. The
/// power gain |h|² multiplies the source's EIRP. With all phases aligned it grows as M² (M elements), with
/// random phases as M on average.
///
/// ```swift
/// let ris = ReconfigurableIntelligentSurface(centre: c, normalAzimuthRadians: -.pi / 2, columns: 16, rows: 16,
///                                            wavelengthMetres: 0.005)
/// let phases = ris.focusingPhases(from: ap, to: user)
/// ris.powerGain(from: ap, to: user, phases: phases)   // ∝ M²
/// ```
public struct ReconfigurableIntelligentSurface: Sendable, Equatable {
    /// Centre of the panel, metres.
    public var centre: Vector3
    /// Unit normal (horizontal) of the reflecting side.
    public var normal: Vector3
    /// Unit horizontal axis in the panel's plane (the normal turned +90° about z); columns run along it.
    public var horizontalAxis: Vector3
    /// Unit vertical axis in the panel's plane; rows run along it.
    public var verticalAxis: Vector3 { Vector3(0, 0, 1) }
    /// Elements along the horizontal axis.
    public var columns: Int
    /// Elements along the vertical axis.
    public var rows: Int
    /// Element spacing dx = dy, metres.
    public var spacingMetres: Double
    /// Carrier wavelength, metres.
    public var wavelengthMetres: Double
    /// Element gain G, linear.
    public var elementGain: Double
    /// Reflection amplitude |Γ| of an element, linear.
    public var reflectionAmplitude: Double

    /// Creates a panel centred at `centre` whose normal points at azimuth `normalAzimuthRadians`.
    public init(
        centre: Vector3, normalAzimuthRadians: Double, columns: Int, rows: Int, wavelengthMetres: Double,
        spacingWavelengths: Double = 0.5, elementGainDBi: Double = 6.02, reflectionLossDB: Double = 1
    ) {
        precondition(columns >= 1 && rows >= 1, "an RIS needs at least one element")
        self.centre = centre
        normal = Vector3(cos(normalAzimuthRadians), sin(normalAzimuthRadians), 0)
        horizontalAxis = Vector3(-sin(normalAzimuthRadians), cos(normalAzimuthRadians), 0)
        self.columns = columns
        self.rows = rows
        spacingMetres = spacingWavelengths * wavelengthMetres
        self.wavelengthMetres = wavelengthMetres
        elementGain = Decibels.linear(fromDB: elementGainDBi)
        reflectionAmplitude = Decibels.amplitude(fromLossDB: reflectionLossDB)
    }

    /// Creates the panel a scenario describes, at carrier `carrierHertz`.
    public init(spec: RISPanelSpec, carrierHertz: Double) {
        self.init(
            centre: spec.centre, normalAzimuthRadians: spec.normalDeg * Double.pi / 180, columns: spec.columns,
            rows: spec.rows, wavelengthMetres: RadioScene.wavelengthMetres(carrierHertz: carrierHertz),
            spacingWavelengths: spec.spacingWavelengths ?? 0.5, elementGainDBi: spec.elementGainDBi ?? 6.02,
            reflectionLossDB: spec.reflectionLossDB ?? 1)
    }

    /// Number of elements M = columns × rows.
    @inlinable public var elementCount: Int { columns * rows }

    /// Wavenumber k = 2π/λ, radians per metre.
    @inlinable public var wavenumber: Double { 2 * Double.pi / wavelengthMetres }

    /// The element-independent factor of g_m: √(G·dx·dy·λ²/(64π³))·|Γ|, metres².
    @inlinable public var apertureAmplitude: Double {
        (elementGain * spacingMetres * spacingMetres * wavelengthMetres * wavelengthMetres
            / (64 * Double.pi * Double.pi * Double.pi)).squareRoot() * reflectionAmplitude
    }

    /// Centred offsets of element `m` (index row × columns + column) along the horizontal and vertical axes, metres.
    @inlinable
    public func elementOffset(_ m: Int) -> (u: Double, v: Double) {
        let column = m % columns, row = m / columns
        return ((Double(column) - Double(columns - 1) / 2) * spacingMetres,
                (Double(row) - Double(rows - 1) / 2) * spacingMetres)
    }

    /// Position of element `m`, metres.
    @inlinable
    public func elementPosition(_ m: Int) -> Vector3 {
        let o = elementOffset(m)
        return centre + horizontalAxis * o.u + verticalAxis * o.v
    }

    /// Normalised power pattern F(θ) = cos θ of an element towards `point` (0 behind the panel).
    @inlinable
    public func pattern(from element: Vector3, towards point: Vector3) -> Double {
        let d = point - element
        return max(0, d.dot(normal) / max(d.length, 1e-12))
    }

    /// The complex channel h = Σ_m g_m e^{j(φ_m − k(d1m + d2m))} from `source` to `receiver` with `phases` (radians).
    public func channel(from source: Vector3, to receiver: Vector3, phases: [Double]) -> (re: Double, im: Double) {
        precondition(phases.count == elementCount, "one phase per element: \(elementCount), got \(phases.count)")
        let k = wavenumber, a = apertureAmplitude
        var re = 0.0, im = 0.0
        for m in 0..<elementCount {
            let r = elementPosition(m)
            let d1 = (r - source).length, d2 = (receiver - r).length
            let g = a * (pattern(from: r, towards: source) * pattern(from: r, towards: receiver)).squareRoot() / (d1 * d2)
            let phase = phases[m] - k * (d1 + d2)
            re += g * cos(phase)
            im += g * sin(phase)
        }
        return (re, im)
    }

    /// The power gain |h|² from `source` to `receiver` with `phases` (multiplies the source's EIRP).
    public func powerGain(from source: Vector3, to receiver: Vector3, phases: [Double]) -> Double {
        let h = channel(from: source, to: receiver, phases: phases)
        return h.re * h.re + h.im * h.im
    }

    /// The phases that focus `source` onto `receiver` exactly: φ_m = k(d1m + d2m), wrapped to [−π, π].
    public func focusingPhases(from source: Vector3, to receiver: Vector3) -> [Double] {
        (0..<elementCount).map { m in
            let r = elementPosition(m)
            return Self.wrapped(wavenumber * ((r - source).length + (receiver - r).length))
        }
    }

    /// Codebook phases reflecting the wave from `source` towards the far-field direction with in-plane
    /// components (`horizontal`, `vertical`): φ_m = k·d1m − k·(r_m − c)·ŝ, wrapped to [−π, π].
    public func beamPhases(from source: Vector3, horizontal su: Double, vertical sv: Double) -> [Double] {
        (0..<elementCount).map { m in
            let o = elementOffset(m)
            return Self.wrapped(wavenumber * ((elementPosition(m) - source).length - o.u * su - o.v * sv))
        }
    }

    /// An angle wrapped to [−π, π].
    @inlinable
    public static func wrapped(_ angle: Double) -> Double {
        let twoPi = 2 * Double.pi
        let r = angle - twoPi * (angle / twoPi).rounded()
        return max(-Double.pi, min(Double.pi, r))
    }
}
