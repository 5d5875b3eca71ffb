import Foundation

/// Cramér–Rao bounds on the delay (range) and angle of a path measured by one probe.
///
/// Range: σ_d = c / (2π β √(2·SNR)) with β = B/√12, the RMS bandwidth of a flat spectrum
/// (Gezici et al., IEEE Signal Process. Mag. 2005, eq. 4). Angle, ULA of N elements spaced d:
/// σ_θ² = 6 / ((2π d/λ)² cos²θ · N(N²−1) · SNR) (Van Trees, *Optimum Array Processing*, 2002, §8.4).
/// SNR is the probe's energy SNR (per-sample SNR × B·T_probe).
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

    /// Standard deviation of the cone-angle estimate of a ULA, radians.
    @inlinable
    public static func angleStdRadians(
        energySNR: Double, elementCount: Int, spacingWavelengths: Double, angleRadians: Double
    ) -> Double {
        let n = Double(elementCount)
        let k = 2 * Double.pi * spacingWavelengths
        let c = max(abs(cos(angleRadians)), minimumCosine)
        return (6 / (k * k * c * c * n * (n * n - 1) * energySNR)).squareRoot()
    }
}
