import Foundation
import GymCore
import RadioScene
import XCTest

final class CramerRaoBoundTests: XCTestCase {
    /// σ_d = c / (2π β √(2·SNR)), β = B/√12, written out independently.
    private func rangeStd(snr: Double, bandwidth: Double) -> Double {
        Reference.c / (2 * Double.pi * (bandwidth / 12.0.squareRoot()) * (2 * snr).squareRoot())
    }

    /// σ_θ² = 6 / ((2π d/λ)² cos²θ · N(N²−1) · SNR).
    private func angleStd(snr: Double, n: Double, spacing: Double, theta: Double) -> Double {
        let k = 2 * Double.pi * spacing
        return (6 / (k * k * cos(theta) * cos(theta) * n * (n * n - 1) * snr)).squareRoot()
    }

    func testCramerRao_RangeBound_MatchesClosedForm() {
        for (snr, bandwidth) in [(1.0, 3e9), (1000, 3e9), (1e5, 400e6), (30, 100e6)] {
            assertRelativelyEqual(
                CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: bandwidth), rangeStd(snr: snr, bandwidth: bandwidth),
                relative: 1e-12)
        }
        // 3 GHz at an energy SNR of 30 dB: 1.232 mm.
        XCTAssertEqual(CramerRaoBound.rangeStdMetres(energySNR: 1000, bandwidthHertz: 3e9), 1.2323e-3, accuracy: 1e-6)
        XCTAssertEqual(CramerRaoBound.rmsBandwidth(bandwidthHertz: 3e9), 3e9 / 12.0.squareRoot(), accuracy: 1e-3)
    }

    func testCramerRao_AngleBound_MatchesClosedForm() {
        for (snr, n, theta) in [(1000.0, 32, 0.0), (1000, 32, 0.7), (50, 8, -0.3), (1e4, 64, 1.2)] {
            assertRelativelyEqual(
                CramerRaoBound.angleStdRadians(
                    elementSNR: snr, elementCount: n, spacingWavelengths: 0.5, angleRadians: theta),
                angleStd(snr: snr, n: Double(n), spacing: 0.5, theta: theta), relative: 1e-12)
        }
        // Near endfire the bound is capped at cos θ = 0.05 instead of diverging.
        let capped = CramerRaoBound.angleStdRadians(
            elementSNR: 100, elementCount: 8, spacingWavelengths: 0.5, angleRadians: .pi / 2)
        assertRelativelyEqual(capped, angleStd(snr: 100, n: 8, spacing: 0.5, theta: acos(0.05)), relative: 1e-9)
    }

    /// 20 000 probes of one line-of-sight path: the sample std of range and angle must be the CRLB within 5 %.
    func testCramerRao_SampleStdOf20000Measurements_IsTheBoundWithin5Percent() {
        let budget = Reference.linkBudget()
        let ula = UniformLinearArray(position: Vector3(0, 0, 2.8), boresightAzimuthRadians: 0, elementCount: 32)
        for receiver in ReceiverArchitecture.allCases {
        let model = MeasurementModel(linkBudget: budget, detectionThresholdDB: 10, receiver: receiver)
        for user in [Vector3(5, 2, 2.8), Vector3(14, -6, 2.8)] {
            let path = Reference.lineOfSight(from: ula.position, to: user)
            let u = path.departureDirection.dot(Vector3(0, 1, 0))  // the array axis is +y
            let theta = asin(u)
            // SNR from the link budget, by hand: P_tx·G_element·cos ψ·N·(λ/4πd)² / (kTB·NF) · B·T.
            let lambda = Reference.c / 60e9
            let received = 0.01 * pow(10, 0.5) * path.departureDirection.x * 32
                * pow(lambda / (4 * Double.pi * path.lengthMetres), 2)
            let snr = received / (Reference.k * 290 * 3e9 * 10) * 300
            let expectedRange = rangeStd(snr: snr, bandwidth: 3e9)
            // The array gain counted once: the bound on per-element SNR (the on-axis monopulse bound is the same).
            let expectedAngle = angleStd(snr: snr / 32, n: 32, spacing: 0.5, theta: theta)

            var rng = Xoshiro256StarStar(seed: 20_000)
            var ranges: [Double] = [], angles: [Double] = []
            ranges.reserveCapacity(20_000)
            angles.reserveCapacity(20_000)
            var reported = (range: 0.0, angle: 0.0, snrDB: 0.0)
            [path].withUnsafeBufferPointer { paths in
                for _ in 0..<20_000 {
                    let m = model.measure(paths: paths, array: ula, steeredFrequency: u, using: &rng)
                    ranges.append(m.rangeMetres)
                    angles.append(m.angleRadians)
                    reported = (m.rangeStdMetres, m.angleStdRadians, m.energySNRdB)
                }
            }
            XCTAssertEqual(reported.snrDB, 10 * log10(snr), accuracy: 1e-9, "user \(user)")
            assertRelativelyEqual(reported.range, expectedRange, relative: 1e-9, "reported range std")
            assertRelativelyEqual(reported.angle, expectedAngle, relative: 1e-9, "reported angle std")
            let r = Reference.meanAndStd(ranges), a = Reference.meanAndStd(angles)
            assertRelativelyEqual(r.std, expectedRange, relative: 0.05, "range sample std, user \(user)")
            assertRelativelyEqual(a.std, expectedAngle, relative: 0.05, "angle sample std, user \(user)")
            // Unbiased for line of sight: the mean is within 4 standard errors of the truth.
            XCTAssertEqual(r.mean, path.lengthMetres, accuracy: 4 * expectedRange / 20_000.0.squareRoot())
            XCTAssertEqual(a.mean, theta, accuracy: 4 * expectedAngle / 20_000.0.squareRoot())
        }
        }
    }
}
