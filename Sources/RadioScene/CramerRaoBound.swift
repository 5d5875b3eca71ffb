import Foundation

/// Cramér–Rao bounds on the delay (range) and angle of a path measured by one probe.
///
/// Range: σ_d = c / (2π β √(2·SNR)) with β = B/√12, the RMS bandwidth of a flat spectrum and SNR the probe's
/// energy SNR (Gezici et al., IEEE Signal Process. Mag. 2005, eq. 4). Angle, ULA of N elements spaced d, in
/// spatial frequency u = sin θ: σ_u² = 6 / ((2π d/λ)² · N(N²−1) · SNR_element) from the element snapshots
/// (Rife & Boorstyn, IEEE Trans. IT 1974: a complex tone in noise; Van Trees, *Optimum Array Processing*, §8.4),
/// and σ_θ = σ_u / cos θ. SNR_element excludes the array gain: the array gain is counted once, by the N(N²−1).
/// An analog beam of the same aperture observed through a monopulse pair has σ_u² = 6 / ((2π d/λ)² (N²−1)
/// SNR_beam) with SNR_beam the beam's measured SNR, which equals the bound above on the beam's axis
/// (SNR_beam = N·SNR_element) and grows as the beam's gain towards the path falls.
public enum CramerRaoBound {
    /// Smallest cos θ used in the angle bound: directions within ~3° of endfire are treated as 3° off it.
    public static let minimumCosine = 0.05

    /// RMS bandwidth β of a flat spectrum of width B: B/√12, hertz.
    @inlinable public static func rmsBandwidth(bandwidthHertz: Double) -> Double { bandwidthHertz / 12.0.squareRoot() }

    /// Standard deviation of the range estimate, metres.
    @inlinable
    public static func rangeStdMetres(energySNR: Double, bandwidthHertz: Double) -> Double {
        PhysicalConstants.speedOfLightMetresPerSecond
            / (2 * Double.pi * rmsBandwidth(bandwidthHertz: bandwidthHertz) * (2 * energySNR).squareRoot())
    }

    /// Standard deviation of u = sin θ from a digital ULA's element snapshots at per-element energy SNR.
    @inlinable
    public static func spatialFrequencyStd(elementSNR: Double, elementCount: Int, spacingWavelengths: Double) -> Double {
        let n = Double(elementCount)
        let k = 2 * Double.pi * spacingWavelengths
        return (6 / (k * k * n * (n * n - 1) * elementSNR)).squareRoot()
    }

    /// Standard deviation of u = sin θ from an analog monopulse pair at the beam's measured energy SNR.
    @inlinable
    public static func monopulseSpatialFrequencyStd(
        beamSNR: Double, elementCount: Int, spacingWavelengths: Double
    ) -> Double {
        let n = Double(elementCount)
        let k = 2 * Double.pi * spacingWavelengths
        return (6 / (k * k * (n * n - 1) * beamSNR)).squareRoot()
    }

    /// σ_θ from σ_u at cone angle θ: σ_u / cos θ (cos θ clipped at ``minimumCosine``).
    @inlinable
    public static func angleStdRadians(spatialFrequencyStd: Double, angleRadians: Double) -> Double {
        spatialFrequencyStd / max(abs(cos(angleRadians)), minimumCosine)
    }

    /// Standard deviation of the cone angle of a digital ULA at per-element energy SNR, radians.
    @inlinable
    public static func angleStdRadians(
        elementSNR: Double, elementCount: Int, spacingWavelengths: Double, angleRadians: Double
    ) -> Double {
        angleStdRadians(
            spatialFrequencyStd: spatialFrequencyStd(
                elementSNR: elementSNR, elementCount: elementCount, spacingWavelengths: spacingWavelengths),
            angleRadians: angleRadians)
    }
}
