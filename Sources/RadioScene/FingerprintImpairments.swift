import Foundation
import GymCore

/// Hardware impairments of the device that measures fingerprints online: a clock bias and array miscalibration.
///
/// From the scenario's `impairments`: the clock bias adds a constant delay to every ToA; each access point's
/// per-element phase-calibration errors (standard deviation σ_φ, drawn once from the seed) tilt the array's
/// linear phase front by a least-squares slope error δ ~ N(0, σ_φ²·12 / (N(N²−1))) radians per element, so
/// an angle θ is read as θ + δ / (2π (d/λ) cos θ). One slope per AP and angle (azimuth and elevation arrays).
public struct FingerprintImpairments: Sendable, Equatable {
    /// Receiver clock bias added to every ToA, seconds.
    public var clockBiasSeconds: Double
    /// Per access point, the phase-slope error of its azimuth array, radians per element.
    public var azimuthSlopeErrorsRadians: [Double]
    /// Per access point, the phase-slope error of its elevation array, radians per element.
    public var elevationSlopeErrorsRadians: [Double]

    /// No impairment at all.
    public static let none = FingerprintImpairments(
        clockBiasSeconds: 0, azimuthSlopeErrorsRadians: [], elevationSlopeErrorsRadians: [])

    /// Creates impairments from explicit values.
    public init(clockBiasSeconds: Double, azimuthSlopeErrorsRadians: [Double], elevationSlopeErrorsRadians: [Double]) {
        self.clockBiasSeconds = clockBiasSeconds
        self.azimuthSlopeErrorsRadians = azimuthSlopeErrorsRadians
        self.elevationSlopeErrorsRadians = elevationSlopeErrorsRadians
    }

    /// Draws the scenario's impairments (`clock_bias_ns`, `phase_calibration_error_deg`) with `seed`.
    public init(scenario: Scenario, seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        let sigmaPhase = (scenario.impairments?.phaseCalibrationErrorDeg ?? 0) * Double.pi / 180
        var az: [Double] = [], el: [Double] = []
        for ap in scenario.accessPoints {
            let n = Double(ap.elements)
            let slopeStd = sigmaPhase * (12 / (n * (n * n - 1))).squareRoot()
            az.append(slopeStd * rng.nextGaussian())
            el.append(slopeStd * rng.nextGaussian())
        }
        self.init(
            clockBiasSeconds: (scenario.impairments?.clockBiasNs ?? 0) * 1e-9, azimuthSlopeErrorsRadians: az,
            elevationSlopeErrorsRadians: el)
    }

    /// `features` of access point `index` (array spacing `spacingWavelengths`) as the impaired device reads them.
    public func apply(to features: FingerprintPathFeatures, accessPoint index: Int, spacingWavelengths: Double)
        -> FingerprintPathFeatures
    {
        var f = features
        f.toaSeconds += clockBiasSeconds
        func tilt(_ angle: Double, _ slopes: [Double]) -> Double {
            guard index < slopes.count else { return angle }
            let c = max(abs(cos(angle)), CramerRaoBound.minimumCosine)
            return angle + slopes[index] / (2 * Double.pi * spacingWavelengths * c)
        }
        f.azimuthRadians = tilt(f.azimuthRadians, azimuthSlopeErrorsRadians)
        f.elevationRadians = tilt(f.elevationRadians, elevationSlopeErrorsRadians)
        return f
    }
}
