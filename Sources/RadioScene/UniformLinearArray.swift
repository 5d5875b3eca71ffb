import ComplexModule
import RealModule
import Foundation

/// A horizontal uniform linear array (ULA) of `elementCount` antennas on an access point.
///
/// The elements lie along ``axis`` (horizontal, perpendicular to the ``boresight``), `spacingWavelengths`
/// apart. A ULA resolves the *cone angle* θ of a direction, sin θ = direction · axis (θ = 0 on boresight), so
/// a path arriving with elevation e and azimuth φ from boresight has sin θ = cos e · sin φ. Beams are formed by
/// a unit-norm weight vector w; the power gain toward a direction is |a(θ)ᴴ w|², N at the steered angle.
///
/// ```swift
/// let ula = UniformLinearArray(position: ap, boresightAzimuthRadians: .pi / 4, elementCount: 32)
/// ula.beamGain(towards: dir, steeredTo: 0)   // ≤ 32
/// ```
public struct UniformLinearArray: Sendable, Equatable {
    /// Phase centre of the array, metres.
    public var position: Vector3
    /// Unit horizontal vector the array faces.
    public var boresight: Vector3
    /// Unit horizontal vector along which the elements lie (boresight turned +90° about z).
    public var axis: Vector3
    /// Number of elements N.
    public var elementCount: Int
    /// Element spacing d/λ (0.5 = half a wavelength).
    public var spacingWavelengths: Double
    /// Peak power gain of one element, linear (front hemisphere, cosine pattern).
    public var elementPeakGain: Double
    /// Per-element phase-calibration errors, radians (empty: an ideal array).
    public var calibrationPhaseErrorsRadians: [Double]

    /// Back-lobe level of the element pattern relative to its peak (−30 dB).
    public static let backLobeLevel = 1e-3

    /// Creates an array at `position` facing azimuth `boresightAzimuthRadians` (from +x towards +y).
    public init(
        position: Vector3, boresightAzimuthRadians: Double, elementCount: Int, spacingWavelengths: Double = 0.5,
        elementPeakGainDBi: Double = 5, calibrationPhaseErrorsRadians: [Double] = []
    ) {
        precondition(elementCount >= 1, "an array needs at least one element")
        self.position = position
        boresight = Vector3(cos(boresightAzimuthRadians), sin(boresightAzimuthRadians), 0)
        axis = Vector3(-sin(boresightAzimuthRadians), cos(boresightAzimuthRadians), 0)
        self.elementCount = elementCount
        self.spacingWavelengths = spacingWavelengths
        elementPeakGain = Decibels.linear(fromDB: elementPeakGainDBi)
        self.calibrationPhaseErrorsRadians = calibrationPhaseErrorsRadians
    }

    /// sin θ of a unit direction: its component along the array axis.
    @inlinable public func spatialFrequency(of direction: Vector3) -> Double { direction.dot(axis) }

    /// The cone angle θ (radians from boresight) of a unit direction.
    @inlinable public func coneAngle(of direction: Vector3) -> Double {
        asin(max(-1, min(1, spatialFrequency(of: direction))))
    }

    /// Power gain of one element towards a unit direction: peak·cos ψ in front, a −30 dB back lobe behind.
    @inlinable public func elementGain(towards direction: Vector3) -> Double {
        let c = direction.dot(boresight)
        return elementPeakGain * max(c, Self.backLobeLevel)
    }

    /// Array power gain |a(u)ᴴ w_k|² of the beam steered to sin θ = `steeredFrequency`, towards sin θ = `frequency`.
    ///
    /// Closed form (the Dirichlet kernel) for an ideal array: N at the steered angle, first sidelobe −13.3 dB;
    /// the sines come from ``polynomialSine(_:)``.
    @inlinable
    public func arrayGain(frequency: Double, steeredFrequency: Double) -> Double {
        let n = Double(elementCount)
        let x = Double.pi * spacingWavelengths * (frequency - steeredFrequency)
        if !calibrationPhaseErrorsRadians.isEmpty {
            return impairedArrayGain(phaseStep: 2 * x)
        }
        let s = polynomialSine(x)
        if abs(s) < 1e-9 { return n }
        let num = polynomialSine(n * x)
        return num * num / (n * s * s)
    }

    /// Total beamforming gain (element × array) towards a unit direction with the beam steered to `steeredFrequency`.
    @inlinable
    public func beamGain(towards direction: Vector3, steeredFrequency: Double) -> Double {
        elementGain(towards: direction)
            * arrayGain(frequency: spatialFrequency(of: direction), steeredFrequency: steeredFrequency)
    }

    /// |Σₙ e^{j(n·step + εₙ)}|² / N with the per-element calibration errors εₙ.
    @usableFromInline
    func impairedArrayGain(phaseStep: Double) -> Double {
        var re = 0.0, im = 0.0
        for (n, error) in calibrationPhaseErrorsRadians.enumerated() {
            let phase = Double(n) * phaseStep + error
            re += cos(phase)
            im += sin(phase)
        }
        return (re * re + im * im) / Double(elementCount)
    }

    /// The steering vector a(θ) for sin θ = `frequency`: aₙ = e^{j2π(d/λ)n·sinθ + jεₙ}, n = 0…N−1.
    public func steeringVector(frequency: Double) -> [Complex<Double>] {
        (0..<elementCount).map { n in
            let error = calibrationPhaseErrorsRadians.isEmpty ? 0 : calibrationPhaseErrorsRadians[n]
            let phase = 2 * Double.pi * spacingWavelengths * Double(n) * frequency + error
            return Complex(cos(phase), sin(phase))
        }
    }

    /// Unit-norm beamforming weights steered to sin θ = `frequency`: w = a(θ)/√N of the ideal array.
    public func beamWeights(steeredFrequency frequency: Double) -> [Complex<Double>] {
        let scale = 1 / Double(elementCount).squareRoot()
        return (0..<elementCount).map { n in
            let phase = 2 * Double.pi * spacingWavelengths * Double(n) * frequency
            return Complex(cos(phase) * scale, sin(phase) * scale)
        }
    }
}
