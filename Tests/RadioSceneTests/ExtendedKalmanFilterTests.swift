import Foundation
import GymCore
import RadioScene
import XCTest

final class ExtendedKalmanFilterTests: XCTestCase {
    /// The two corner APs of the 8 × 6 m room, facing its centre; user antenna at 1.5 m.
    let arrays = [
        UniformLinearArray(position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: atan2(2.8, 3.82), elementCount: 32),
        UniformLinearArray(position: Vector3(7.7, 5.78, 2.8), boresightAzimuthRadians: atan2(-2.78, -3.7), elementCount: 32),
    ]
    var observations: [RangeAngleObservation] { arrays.map { RangeAngleObservation(array: $0, userHeightMetres: 1.5) } }

    /// A line-of-sight measurement of (x, y) with CRLB noise at energy SNR `snr`.
    private func measure(
        _ x: Double, _ y: Double, ap: Int, snr: Double, rng: inout Xoshiro256StarStar
    ) -> ProbeMeasurement {
        let h = observations[ap].evaluate(x: x, y: y)
        let sr = CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: 3e9)
        let sa = CramerRaoBound.angleStdRadians(
            elementSNR: snr, elementCount: 32, spacingWavelengths: 0.5, angleRadians: h.angle)
        return ProbeMeasurement(
            detected: true, rangeMetres: h.range + sr * rng.nextGaussian(), angleRadians: h.angle + sa * rng.nextGaussian(),
            receivedPowerWatts: Decibels.watts(fromDBm: -60), energySNRdB: 10 * log10(snr), rangeStdMetres: sr, angleStdRadians: sa, isLineOfSight: true,
            mergedPathCount: 1)
    }

    /// e ᵀ P⁻¹ e of the position block.
    private func positionNEES(_ ekf: ExtendedKalmanFilter, truth: SIMD2<Double>) -> Double {
        let a = ekf.covariance[0, 0], b = ekf.covariance[0, 1], d = ekf.covariance[1, 1]
        let e0 = ekf.mean[0] - truth[0], e1 = ekf.mean[1] - truth[1]
        return (d * e0 * e0 - 2 * b * e0 * e1 + a * e1 * e1) / (a * d - b * b)
    }

    /// The `p` quantile of χ²(k)/k by the Wilson–Hilferty approximation (error < 1e-4 at k = 1000).
    private func chiSquaredMeanQuantile(k: Double, z: Double) -> Double {
        let s = 2 / (9 * k)
        return pow(1 - s + z * s.squareRoot(), 3)
    }

    /// One run's final NEES: a static user, 20 probes alternating over two APs, each AP's range and angle off by
    /// a bias drawn once per run (std `biasRange`, `biasAngle`) plus CRLB noise; the tracker starts from the first
    /// fix and treats the bias as the consider parameter of `source` (or as white noise when `considered` is false).
    private func finalNEESWithConstantBiases(considered: Bool, rng: inout Xoshiro256StarStar) -> Double {
        let truth = SIMD2(5.0, 3.5)
        let biasRange = 0.01, biasAngle = 0.002
        let biases = [SIMD2(biasRange * rng.nextGaussian(), biasAngle * rng.nextGaussian()),
                      SIMD2(biasRange * rng.nextGaussian(), biasAngle * rng.nextGaussian())]
        var ekf = ExtendedKalmanFilter(
            mean: SIMD4(4, 3, 0, 0), covariance: Matrix4(diagonal: SIMD4(4, 4, 0.04, 0.04)), accelerationNoiseDensity: 0)
        for k in 0..<20 {
            ekf.predict(dt: 0.01)
            let ap = k % 2
            var m = measure(truth[0], truth[1], ap: ap, snr: 1000, rng: &rng)
            m.rangeMetres += biases[ap][0]
            m.angleRadians += biases[ap][1]
            m.rangeStdMetres = (m.rangeStdMetres * m.rangeStdMetres + biasRange * biasRange).squareRoot()
            m.angleStdRadians = (m.angleStdRadians * m.angleStdRadians + biasAngle * biasAngle).squareRoot()
            m.rangeBiasStdMetres = biasRange
            m.angleBiasStdRadians = biasAngle
            _ = ekf.update(m, observation: observations[ap], source: considered ? ap : ConsiderBiasCovariance.whiteSource)
        }
        return positionNEES(ekf, truth: truth)
    }

    /// A bias that repeats over a link's probes, carried as a Schmidt–Kalman consider parameter, keeps the final
    /// NEES in its 95 % band over 1 000 runs; fused as white noise (the v1 floors) it averages down and the tracker
    /// is overconfident.
    func testEKF_ConstantPerAPBias_ConsideredKeepsNEESInBand_WhiteIsOverconfident() {
        let runs = 1000
        var rng = Xoshiro256StarStar(seed: 77)
        var considered = 0.0, white = 0.0
        for _ in 0..<runs { considered += finalNEESWithConstantBiases(considered: true, rng: &rng) }
        for _ in 0..<runs { white += finalNEESWithConstantBiases(considered: false, rng: &rng) }
        let k = Double(2 * runs)
        let band = (2 * chiSquaredMeanQuantile(k: k, z: -1.959_964), 2 * chiSquaredMeanQuantile(k: k, z: 1.959_964))
        XCTAssertTrue((band.0...band.1).contains(considered / Double(runs)), "considered ANEES \(considered / Double(runs)), band \(band)")
        XCTAssertGreaterThan(white / Double(runs), 2 * band.1, "white ANEES \(white / Double(runs))")
    }

    /// The consider cross-covariance keeps the joint covariance [[P, M], [Mᵀ, I]] positive semidefinite: the
    /// position's variance is never below what its correlation with the biases alone implies.
    func testEKF_ConsiderCrossCovariance_NeverExceedsThePositionVariance() {
        var rng = Xoshiro256StarStar(seed: 78)
        var ekf = ExtendedKalmanFilter(
            mean: SIMD4(4, 3, 0, 0), covariance: Matrix4(diagonal: SIMD4(4, 4, 0.04, 0.04)), accelerationNoiseDensity: 0.5)
        for k in 0..<30 {
            ekf.predict(dt: 0.01)
            var m = measure(5, 3.5, ap: k % 2, snr: 1000, rng: &rng)
            m.rangeStdMetres = (m.rangeStdMetres * m.rangeStdMetres + 1e-4).squareRoot()
            m.rangeBiasStdMetres = 0.01
            _ = ekf.update(m, observation: observations[k % 2], source: k % 2)
            for row in 0..<2 {
                let mRow = row == 0 ? ekf.considerBias.x : ekf.considerBias.y
                XCTAssertLessThanOrEqual((mRow * mRow).sum(), ekf.covariance[row, row] * (1 + 1e-9), "after \(k + 1) probes")
            }
        }
    }

    func testEKF_StaticUserWithLineOfSightProbes_NEESInsideThe95PercentChiSquareBand() {
        let runs = 500, updates = 20
        let truth = SIMD2(5.0, 3.5)
        let positionStd = 1.0, speedStd = 0.2
        var rng = Xoshiro256StarStar(seed: 500)
        var nees = [Double](repeating: 0, count: updates + 1)
        var squaredError = [Double](repeating: 0, count: updates + 1)
        var gated = 0
        for _ in 0..<runs {
            // The prior is consistent: its mean is the truth plus a draw from its own covariance.
            let mean = SIMD4(
                truth[0] + positionStd * rng.nextGaussian(), truth[1] + positionStd * rng.nextGaussian(),
                speedStd * rng.nextGaussian(), speedStd * rng.nextGaussian())
            var ekf = ExtendedKalmanFilter(
                mean: mean,
                covariance: Matrix4(diagonal: SIMD4(positionStd * positionStd, positionStd * positionStd, speedStd * speedStd, speedStd * speedStd)),
                accelerationNoiseDensity: 0, trustedPrior: true)
            nees[0] += positionNEES(ekf, truth: truth)
            for k in 1...updates {
                ekf.predict(dt: 0.01)
                let ap = k % 2
                let outcome = ekf.update(measure(truth[0], truth[1], ap: ap, snr: 100, rng: &rng), observation: observations[ap])
                if outcome != .accepted { gated += 1 }
                nees[k] += positionNEES(ekf, truth: truth)
                let e = SIMD2(ekf.mean[0], ekf.mean[1]) - truth
                squaredError[k] += (e * e).sum()
            }
        }
        let average = nees.map { $0 / Double(runs) }
        // M·ANEES ~ χ²(2M): two-sided 95 % band of the average over M = 500 runs.
        let k = Double(2 * runs)
        let band95 = (chiSquaredMeanQuantile(k: k, z: -1.959_964), chiSquaredMeanQuantile(k: k, z: 1.959_964))
        let band999 = (chiSquaredMeanQuantile(k: k, z: -3.290_527), chiSquaredMeanQuantile(k: k, z: 3.290_527))
        XCTAssertEqual(band95.0 * 2, 1.8285, accuracy: 2e-3)
        XCTAssertEqual(band95.1 * 2, 2.1791, accuracy: 2e-3)
        let message = "ANEES per update: \(average.map { String(format: "%.3f", $0) })"
        let final = average[updates]
        XCTAssertTrue((2 * band95.0...2 * band95.1).contains(final), "final ANEES \(final) outside the 95 % band; \(message)")
        for step in 1...updates {
            XCTAssertTrue(
                (2 * band999.0...2 * band999.1).contains(average[step]),
                "ANEES \(average[step]) after update \(step) outside even the 99.9 % band; \(message)")
        }
        // Converged: the RMS error fell from ~1.4 m to millimetres, and few valid measurements were gated.
        let rms = (squaredError[updates] / Double(runs)).squareRoot()
        XCTAssertLessThan(rms, 0.005, "final RMS error \(rms) m")
        XCTAssertLessThan(gated, runs * updates / 100, "\(gated) of \(runs * updates) LoS measurements were gated")
    }

    func testEKF_Predict_IsConstantVelocityWithWhiteAccelerationNoise() {
        let p = Matrix4(
            SIMD4(2.0, 0.3, 0.1, 0), SIMD4(0.3, 1.5, 0, 0.2), SIMD4(0.1, 0, 0.5, 0.05), SIMD4(0, 0.2, 0.05, 0.4))
        var ekf = ExtendedKalmanFilter(mean: SIMD4(1, 2, 0.5, -1), covariance: p, accelerationNoiseDensity: 0.7, trustedPrior: true)
        let dt = 0.1, q = 0.7
        ekf.predict(dt: dt)
        XCTAssertEqual(ekf.mean, SIMD4(1.05, 1.9, 0.5, -1))
        // F P Fᵀ + Q by hand, element by element.
        let f: [[Double]] = [[1, 0, dt, 0], [0, 1, 0, dt], [0, 0, 1, 0], [0, 0, 0, 1]]
        let qm: [[Double]] = [
            [q * dt * dt * dt / 3, 0, q * dt * dt / 2, 0], [0, q * dt * dt * dt / 3, 0, q * dt * dt / 2],
            [q * dt * dt / 2, 0, q * dt, 0], [0, q * dt * dt / 2, 0, q * dt],
        ]
        for i in 0..<4 {
            for j in 0..<4 {
                var s = qm[i][j]
                for a in 0..<4 { for b in 0..<4 { s += f[i][a] * p[a, b] * f[j][b] } }
                XCTAssertEqual(ekf.covariance[i, j], s, accuracy: 1e-14, "(\(i), \(j))")
            }
        }
    }

    func testEKF_LogDetAndErrorRadius_MatchTheirDefinitions() {
        let ekf = ExtendedKalmanFilter(
            mean: .zero, covariance: Matrix4(SIMD4(4, 1, 0, 0), SIMD4(1, 2, 0, 0), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1)),
            accelerationNoiseDensity: 0, trustedPrior: true)
        XCTAssertEqual(ekf.logDetPosition, log(4 * 2 - 1), accuracy: 1e-14)
        let lambdaMax = 3 + 2.0.squareRoot()  // eigenvalues of [[4, 1], [1, 2]]: 3 ± √2
        XCTAssertEqual(ekf.errorRadius95, (-2 * log(0.05) * lambdaMax).squareRoot(), accuracy: 1e-9)
    }

    // MARK: - Gates

    private func tightTracker(at x: Double, _ y: Double, std: Double, region: Room? = nil) -> ExtendedKalmanFilter {
        ExtendedKalmanFilter(
            mean: SIMD4(x, y, 0, 0), covariance: Matrix4(diagonal: SIMD4(std * std, std * std, 0.01, 0.01)),
            accelerationNoiseDensity: 0, validRegion: region, trustedPrior: true)
    }

    func testEKF_MeasurementImplyingAPositionOutsideTheRoom_IsGatedByRegionAndLeavesTheState() {
        var ekf = tightTracker(at: 4, 3, std: 2.3, region: Reference.room())
        let before = ekf
        // 12 m straight down AP 0's boresight: the implied point lies beyond the far corner (a wall image).
        var rng = Xoshiro256StarStar(seed: 4)
        var m = measure(4, 3, ap: 0, snr: 100, rng: &rng)
        m.rangeMetres = 12
        m.angleRadians = 0
        let implied = observations[0].impliedPosition(range: 12, angle: 0)
        XCTAssertFalse(Reference.room().contains(Vector3(implied?.x ?? 0, implied?.y ?? 0, 0)), "\(String(describing: implied))")
        XCTAssertEqual(ekf.update(m, observation: observations[0]), .gatedByRegion)
        XCTAssertEqual(ekf, before)
    }

    func testEKF_MeasurementInconsistentWithThePrior_IsGatedByInnovationAndLeavesTheState() {
        var ekf = tightTracker(at: 4, 3, std: 0.05, region: Reference.room())
        let before = ekf
        var rng = Xoshiro256StarStar(seed: 3)
        // A precise measurement of a point 1 m away, inside the room: 20 prior sigmas off.
        let m = measure(5, 3, ap: 0, snr: 100, rng: &rng)
        XCTAssertEqual(ekf.update(m, observation: observations[0]), .gatedByInnovation)
        XCTAssertEqual(ekf.mean, before.mean)
        XCTAssertEqual(ekf.covariance, before.covariance)
        // The same measurement of the tracked point is fused.
        let good = measure(4, 3, ap: 0, snr: 100, rng: &rng)
        XCTAssertEqual(ekf.update(good, observation: observations[0]), .accepted)
        XCTAssertLessThan(ekf.logDetPosition, before.logDetPosition)
    }

    func testEKF_NoDetection_FusesNothing() {
        var ekf = tightTracker(at: 4, 3, std: 1)
        let before = ekf
        XCTAssertEqual(ekf.update(.missed(receivedPowerWatts: Decibels.watts(fromDBm: -120), energySNRdB: -5), observation: observations[1]), .noDetection)
        XCTAssertEqual(ekf, before)
    }

    // MARK: - Information

    /// ½ ln det(I + P J) of Fisher information equals the tracker's ln-det reduction: to 10⁻⁵ nats when the
    /// measurement equals h(mean) (the iterated update stays at the prior's linearisation point; the difference is
    /// the range's second-order term over the spread the angle leaves, ExtendedKalmanFilter+SecondOrder, which the
    /// planners' Fisher information omits), closely for a noisy one.
    func testEKF_LogDetReduction_EqualsFisherInformationGain() {
        let prior = Matrix4(
            SIMD4(0.04, 0.01, 0.002, 0), SIMD4(0.01, 0.09, 0, 0.003), SIMD4(0.002, 0, 0.25, 0), SIMD4(0, 0.003, 0, 0.25))
        var rng = Xoshiro256StarStar(seed: 9)
        for ap in 0..<2 {
            for snr in [3.0, 100, 1e4] {
                let (x, y) = (5.0, 3.5)
                let h = observations[ap].evaluate(x: x, y: y)
                var exact = measure(x, y, ap: ap, snr: snr, rng: &rng)
                exact.rangeMetres = h.range
                exact.angleRadians = h.angle
                let j = FisherInformation.position(
                    observation: observations[ap], x: x, y: y, rangeStdMetres: exact.rangeStdMetres,
                    angleStdRadians: exact.angleStdRadians)
                let fisher = FisherInformation.informationGain(prior: (prior[0, 0], prior[0, 1], prior[1, 1]), information: j)
                XCTAssertGreaterThan(fisher, 0)

                var ekf = ExtendedKalmanFilter(mean: SIMD4(x, y, 0, 0), covariance: prior, accelerationNoiseDensity: 0, trustedPrior: true)
                XCTAssertEqual(ekf.update(exact, observation: observations[ap]), .accepted)
                XCTAssertEqual(0.5 * (log(0.04 * 0.09 - 0.0001) - ekf.logDetPosition), fisher, accuracy: 1e-5,
                               "AP \(ap), SNR \(snr)")

                var noisy = ExtendedKalmanFilter(mean: SIMD4(x, y, 0, 0), covariance: prior, accelerationNoiseDensity: 0, trustedPrior: true)
                XCTAssertEqual(noisy.update(measure(x, y, ap: ap, snr: snr, rng: &rng), observation: observations[ap]), .accepted)
                XCTAssertEqual(0.5 * (log(0.04 * 0.09 - 0.0001) - noisy.logDetPosition), fisher, accuracy: 0.01,
                               "AP \(ap), SNR \(snr), noisy")
            }
        }
    }
}
