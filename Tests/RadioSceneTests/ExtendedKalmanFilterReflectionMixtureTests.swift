import Foundation
import GymCore
import RadioScene
import XCTest

/// ``ExtendedKalmanFilter/reflectionProbability``: an accepted update mixed with the prior by its probability of
/// being line of sight (PDA with one validated measurement).
final class ExtendedKalmanFilterReflectionMixtureTests: XCTestCase {
    let array = UniformLinearArray(
        position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: atan2(2.8, 3.82), elementCount: 32)
    var observation: RangeAngleObservation { RangeAngleObservation(array: array, userHeightMetres: 1.5) }

    /// A track at (4, 3) with a 0.3 m std per axis, started (trusted prior).
    private func track(reflectionProbability: Double) -> ExtendedKalmanFilter {
        var ekf = ExtendedKalmanFilter(
            mean: SIMD4(4, 3, 0, 0), covariance: Matrix4(diagonal: SIMD4(0.09, 0.09, 0.01, 0.01)),
            accelerationNoiseDensity: 0, trustedPrior: true)
        ekf.reflectionProbability = reflectionProbability
        return ekf
    }

    /// A fix of (x, y) with 1 cm range and 1 mrad angle stds, noise-free.
    private func fix(_ x: Double, _ y: Double) -> ProbeMeasurement {
        let h = observation.evaluate(x: x, y: y)
        return ProbeMeasurement(
            detected: true, rangeMetres: h.range, angleRadians: h.angle, receivedPowerWatts: 1e-9, energySNRdB: 30,
            rangeStdMetres: 0.01, angleStdRadians: 0.001, isLineOfSight: true, mergedPathCount: 1)
    }

    /// The weight follows the closed form and falls with the innovation; 1 without a reflection prior.
    func testLineOfSightProbability_MatchesPDAWeightAndFallsWithInnovation() {
        let ekf = track(reflectionProbability: 0.02)
        let gate = ExtendedKalmanFilter.defaultGate
        let expected = 0.98 * gate / 2 / (0.98 * gate / 2 + 0.02)
        XCTAssertEqual(ekf.lineOfSightProbability(normalisedInnovation: 0, dimension: 2, gate: gate), expected, accuracy: 1e-12)
        let one = ExtendedKalmanFilter.rangeOnlyGate
        let ratio = (2 * one / Double.pi).squareRoot() * exp(-2.0)
        XCTAssertEqual(
            ekf.lineOfSightProbability(normalisedInnovation: 4, dimension: 1, gate: one),
            0.98 * ratio / (0.98 * ratio + 0.02), accuracy: 1e-12)
        let weights = stride(from: 0.0, through: 13.0, by: 1).map {
            ekf.lineOfSightProbability(normalisedInnovation: $0, dimension: 2, gate: gate)
        }
        XCTAssertEqual(weights, weights.sorted(by: >))
        XCTAssertLessThan(weights.last!, 0.5, "a fix at the gate's edge is more likely a reflection than not")
        XCTAssertEqual(track(reflectionProbability: 0).lineOfSightProbability(normalisedInnovation: 13, dimension: 2, gate: gate), 1)
    }

    /// A fix near the gate's edge moves the track less and leaves it wider than a plain update, and the spread
    /// term keeps the old mean inside the new ellipse; a fix at the prediction is fused as before but for the prior's small weight.
    func testAcceptedFix_FarOffIsMixedWithThePrior_NearIsNot() {
        for (point, far) in [((4.0, 3.0), false), ((4.75, 3.5), true)] {
            var plain = track(reflectionProbability: 0), mixed = track(reflectionProbability: 0.02)
            let m = fix(point.0, point.1)
            XCTAssertEqual(plain.update(m, observation: observation), .accepted)
            XCTAssertEqual(mixed.update(m, observation: observation), .accepted)
            let plainShift = hypot(plain.mean[0] - 4, plain.mean[1] - 3)
            let mixedShift = hypot(mixed.mean[0] - 4, mixed.mean[1] - 3)
            let plainVariance = plain.covariance[0, 0] + plain.covariance[1, 1]
            let mixedVariance = mixed.covariance[0, 0] + mixed.covariance[1, 1]
            if far {
                XCTAssertLessThan(mixedShift, 0.9 * plainShift)
                XCTAssertGreaterThan(mixedVariance, 10 * plainVariance)
                let a = mixed.covariance[0, 0], b = mixed.covariance[0, 1], d = mixed.covariance[1, 1]
                let ex = mixed.mean[0] - 4, ey = mixed.mean[1] - 3
                XCTAssertLessThan((d * ex * ex - 2 * b * ex * ey + a * ey * ey) / (a * d - b * b), 13.8)
            } else {
                XCTAssertEqual(mixedShift, plainShift, accuracy: 1e-9)
                // β = 0.997 at d² = 0: the prior keeps 0.3 % of its weight (0.18 m² of variance here).
                XCTAssertGreaterThanOrEqual(mixedVariance, plainVariance)
                XCTAssertLessThan(mixedVariance, plainVariance + 0.005 * 0.18)
            }
        }
    }

    /// The mixed posterior is exactly the two-hypothesis moments built from the plain update: mean x⁻ + βδ,
    /// P = βP⁺ + (1 − β)P⁻ + β(1 − β)δδᵀ, consider columns βM⁺ + (1 − β)M⁻ — for a fix carrying a bias prior and for a
    /// range alone; with no reflection prior the update is the plain one, bit for bit.
    func testMixedUpdate_IsTheMomentMatchedMixtureOfThePlainUpdateAndThePrior() {
        var biased = fix(4.75, 3.5)
        biased.rangeBiasStdMetres = 0.005
        biased.angleBiasStdRadians = 0.0005
        var range = fix(4.3, 3.2)
        range.angleStdRadians = .infinity
        for m in [biased, range] {
            let prior = track(reflectionProbability: 0)
            var plain = prior, mixed = track(reflectionProbability: 0.02), zero = track(reflectionProbability: 0)
            XCTAssertEqual(plain.update(m, observation: observation), .accepted)
            XCTAssertEqual(mixed.update(m, observation: observation), .accepted)
            _ = zero.update(m, observation: observation)
            XCTAssertEqual(zero, plain)
            let delta = plain.mean - prior.mean
            let beta = (mixed.mean[0] - prior.mean[0]) / delta[0]
            XCTAssertGreaterThan(beta, 0.05)
            XCTAssertLessThan(beta, 0.99)
            for i in 0..<4 {
                XCTAssertEqual(mixed.mean[i], prior.mean[i] + beta * delta[i], accuracy: 1e-12)
                for j in 0..<4 {
                    let expected = beta * plain.covariance[i, j] + (1 - beta) * prior.covariance[i, j]
                        + beta * (1 - beta) * delta[i] * delta[j]
                    XCTAssertEqual(mixed.covariance[i, j], expected, accuracy: 1e-12)
                }
            }
            for lane in 0..<8 {
                XCTAssertEqual(mixed.considerBias.x[lane], beta * plain.considerBias.x[lane], accuracy: 1e-15)
                XCTAssertEqual(mixed.considerBias.y[lane], beta * plain.considerBias.y[lane], accuracy: 1e-15)
            }
            if m.rangeBiasStdMetres > 0 { XCTAssertNotEqual(plain.considerBias, .zero) }
        }
    }
}

