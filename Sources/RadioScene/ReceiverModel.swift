import Foundation
import GymCore

/// How the access point's array turns a probe into measurements: what a probe can tell.
public enum ReceiverArchitecture: String, Sendable, Codable, CaseIterable {
    /// One RF chain behind an analog beam, with an amplitude-comparison monopulse pair (sum and difference
    /// beams of the same aperture). A probe yields the range and the RSRP of its beam; it yields an angle only
    /// when the detected path lies in the beam's monopulse linear region (|sin θ − sin θ_beam| ≤ 1/(2n·d/λ),
    /// half the null-to-peak width), with variance 6 / ((2π d/λ)² cos²θ (n²−1) SNR) where SNR is the measured
    /// beam SNR: the aperture gain enters once, through the beam's own gain towards the path, so a beam pointed
    /// off the user carries less angle information, and a sidelobe detection none (Sherman & Barton,
    /// *Monopulse Principles and Techniques*, 2011, ch. 4; the on-axis value is the array's CRB).
    case analogMonopulse = "analog_monopulse"
    /// A fully digital array: the receiver combines all N elements towards the path (detection on N·SNR_element)
    /// and estimates the angle from the element snapshots with the CRB of a tone in noise on per-element SNR,
    /// σ_θ² = 6 / ((2π d/λ)² cos²θ · N(N²−1) · SNR_element) (Rife & Boorstyn, IEEE Trans. IT 1974): the beam
    /// choice does not matter.
    case digital
}

/// Small-scale fading of a detected cluster's power: Rician with K-factor by line of sight (3GPP TR 38.901).
///
/// The power gain is |h|² with h = √(K/(K+1)) + √(1/(K+1))·CN(0, 1), unit mean; K = 0 is Rayleigh.
public struct RicianFading: Sendable, Equatable {
    /// K-factor of clusters whose strongest member is line of sight, linear.
    public var lineOfSightK: Double
    /// K-factor of reflected (NLoS) clusters, linear.
    public var nonLineOfSightK: Double

    /// No fading (K = ∞ for both).
    public static let none = RicianFading(lineOfSightK: .infinity, nonLineOfSightK: .infinity)

    /// Creates a fading model from K-factors in dB (nil: no fading of that kind).
    public init(lineOfSightKdB: Double?, nonLineOfSightKdB: Double?) {
        lineOfSightK = lineOfSightKdB.map { Decibels.linear(fromDB: $0) } ?? .infinity
        nonLineOfSightK = nonLineOfSightKdB.map { Decibels.linear(fromDB: $0) } ?? .infinity
    }

    /// Creates a fading model from linear K-factors.
    public init(lineOfSightK: Double, nonLineOfSightK: Double) {
        self.lineOfSightK = lineOfSightK
        self.nonLineOfSightK = nonLineOfSightK
    }

    /// Whether fading is off.
    @inlinable public var isNone: Bool { lineOfSightK.isInfinite && nonLineOfSightK.isInfinite }

    /// One draw of the power gain |h|² (mean 1) for K = `k`; uses one Gaussian pair.
    @inlinable
    public static func powerGain(k: Double, using generator: inout some RandomNumberGenerator) -> Double {
        guard k.isFinite else { return 1 }
        let (g1, g2) = generator.nextGaussianPair()
        let los = (k / (k + 1)).squareRoot()
        let diffuse = (0.5 / (k + 1)).squareRoot()
        let re = los + diffuse * g1, im = diffuse * g2
        return re * re + im * im
    }
}

/// The threshold effect of delay (and angle) estimation: near the detection threshold the estimate can lock
/// onto a noise peak anywhere in the search window instead of the path.
///
/// Probability of an outlier, by the union bound over the M = W/(c/B) other resolution cells of the pairwise
/// error of non-coherent detection, ½·exp(−SNR/2) (Proakis & Salehi, *Digital Communications*, 5th ed., §4.5;
/// the same ambiguity term that makes the Ziv–Zakai bound leave the CRB, Van Trees & Bell 2007):
/// p_out = min(1, (M/2)·exp(−SNR/2)) with SNR the probe's energy SNR. An outlier's range is uniform in the
/// window [0, W]; its angle uniform in the beam's linear region (analog) or in sin θ ∈ (−1, 1) (digital).
public struct ThresholdOutliers: Sendable, Equatable {
    /// The delay search window, as a range, metres.
    public var windowMetres: Double

    /// Creates the model for a search window of `windowMetres`.
    public init(windowMetres: Double) { self.windowMetres = windowMetres }

    /// An exponent below which e^x rounds to +0 in every faithful libm (e^−750 ≈ 2^−1082, under half the least
    /// subnormal 2^−1074).
    public static let underflowExponent = -750.0

    /// Outlier probability at energy SNR `snr` (linear) and range resolution `resolutionMetres`.
    @inlinable
    public func probability(energySNR snr: Double, resolutionMetres: Double) -> Double {
        let cells = max(1, windowMetres / resolutionMetres)
        // exp is exactly 0 below ≈ −745.13 (its result underflows), and libm takes a slow error path to say so: the
        // usual strong probe's exponent is thousands below, so 0 without the call (the same bits).
        let exponent = -0.5 * snr
        return min(1, 0.5 * cells * (exponent < Self.underflowExponent ? 0 : exp(exponent)))
    }
}
