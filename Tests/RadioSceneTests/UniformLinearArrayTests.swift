import ComplexModule
import Foundation
import GymCore
import RadioScene
import XCTest

final class UniformLinearArrayTests: XCTestCase {
    /// |a(u)ᴴ w|² computed element by element from the array's own steering vector and weights.
    private func explicitGain(_ a: [Complex<Double>], _ w: [Complex<Double>]) -> Double {
        var re = 0.0, im = 0.0
        for (an, wn) in zip(a, w) {
            // conj(a)·w
            re += an.real * wn.real + an.imaginary * wn.imaginary
            im += an.real * wn.imaginary - an.imaginary * wn.real
        }
        return re * re + im * im
    }

    func testArray_SteeringVectorAndWeights_HaveUnitElementsAndUnitNorm() {
        let ula = UniformLinearArray(position: .zero, boresightAzimuthRadians: 0.3, elementCount: 16)
        let a = ula.steeringVector(frequency: 0.37)
        let w = ula.beamWeights(steeredFrequency: 0.37)
        XCTAssertEqual(a.count, 16)
        for (n, an) in a.enumerated() {
            XCTAssertEqual(an.length, 1, accuracy: 1e-12)
            // Phase 2π·(d/λ)·n·sin θ with d = λ/2: π·n·0.37.
            let expected = Complex(cos(Double.pi * Double(n) * 0.37), sin(Double.pi * Double(n) * 0.37))
            XCTAssertEqual((an - expected).length, 0, accuracy: 1e-12)
        }
        XCTAssertEqual(w.reduce(0) { $0 + $1.lengthSquared }, 1, accuracy: 1e-12)
        XCTAssertEqual(explicitGain(a, w), 16, accuracy: 1e-9)
    }

    func testArray_DFTBeams_PeakAtTheirOwnAngleAndMatchTheClosedForm() {
        let n = 32
        let ula = UniformLinearArray(position: .zero, boresightAzimuthRadians: 0, elementCount: n)
        let codebook = BeamCodebook(beamCount: 32)
        let gridCount = 2001
        let grid = (0..<gridCount).map { -1 + 2 * Double($0) / Double(gridCount - 1) }
        let steering = grid.map { ula.steeringVector(frequency: $0) }
        for k in 0..<codebook.count {
            let uk = codebook.spatialFrequencies[k]
            XCTAssertEqual(uk, Double(2 * k + 1 - 32) / 32, accuracy: 1e-15)
            XCTAssertEqual(codebook.angleRadians(of: k), asin(uk), accuracy: 1e-15)
            let w = ula.beamWeights(steeredFrequency: uk)
            var best = (u: 0.0, gain: -1.0)
            var worstMismatch = 0.0
            for (u, a) in zip(grid, steering) {
                let gain = explicitGain(a, w)
                worstMismatch = max(worstMismatch, abs(gain - ula.arrayGain(frequency: u, steeredFrequency: uk)))
                if gain > best.gain { best = (u, gain) }
            }
            XCTAssertLessThan(worstMismatch, 1e-9, "beam \(k): closed-form array gain differs from |aᴴw|²")
            XCTAssertEqual(best.u, uk, accuracy: 1.0 / Double(gridCount - 1) + 1e-12, "beam \(k) peaks at sin θ = \(best.u)")
            XCTAssertEqual(explicitGain(ula.steeringVector(frequency: uk), w), Double(n), accuracy: 1e-9)
            XCTAssertEqual(ula.arrayGain(frequency: uk, steeredFrequency: uk), Double(n), accuracy: 1e-12)
            // The peak is the maximum of the closed form too (a Dirichlet kernel never exceeds N).
            XCTAssertLessThanOrEqual(best.gain, Double(n) + 1e-9)
        }
    }

    func testArray_DFTBeamsWithKEqualN_AreOrthogonal() {
        let ula = UniformLinearArray(position: .zero, boresightAzimuthRadians: 0, elementCount: 8)
        let codebook = BeamCodebook(beamCount: 8)
        for j in 0..<8 {
            for k in 0..<8 where j != k {
                XCTAssertEqual(
                    ula.arrayGain(frequency: codebook.spatialFrequencies[j], steeredFrequency: codebook.spatialFrequencies[k]),
                    0, accuracy: 1e-12, "beams \(j) and \(k)")
            }
        }
    }

    func testArray_ClosedForm_HasTheDirichletFirstSidelobe() {
        // First sidelobe of a uniform array: ≈ −13.26 dB for large N (here N = 64).
        let ula = UniformLinearArray(position: .zero, boresightAzimuthRadians: 0, elementCount: 64)
        var peakSidelobe = 0.0
        var u = 2.0 / 64  // first null at Δu = 2/(N·2d/λ) = 1/32
        while u < 3.0 / 64 {
            peakSidelobe = max(peakSidelobe, ula.arrayGain(frequency: u, steeredFrequency: 0))
            u += 1e-5
        }
        XCTAssertEqual(ula.arrayGain(frequency: 2.0 / 64, steeredFrequency: 0), 0, accuracy: 1e-9)
        XCTAssertEqual(10 * log10(peakSidelobe / 64), -13.26, accuracy: 0.03)
    }

    func testArray_CalibrationErrors_MatchTheImpairedSteeringVector() {
        var rng = Xoshiro256StarStar(seed: 5)
        let errors = (0..<16).map { _ in 0.3 * (rng.nextUnitDouble() - 0.5) }
        let ula = UniformLinearArray(
            position: .zero, boresightAzimuthRadians: 0, elementCount: 16, calibrationPhaseErrorsRadians: errors)
        for (u, uk) in [(0.1, 0.1), (0.3, 0.1), (-0.7, -0.6), (0.95, -0.2)] {
            let w = ula.beamWeights(steeredFrequency: uk)
            XCTAssertEqual(
                ula.arrayGain(frequency: u, steeredFrequency: uk), explicitGain(ula.steeringVector(frequency: u), w),
                accuracy: 1e-9, "u = \(u), beam at \(uk)")
        }
        XCTAssertLessThan(ula.arrayGain(frequency: 0.1, steeredFrequency: 0.1), 16)
    }

    func testArray_GeometryAndElementPattern_FollowTheBoresight() {
        let ula = UniformLinearArray(
            position: Vector3(1, 2, 2.8), boresightAzimuthRadians: .pi / 2, elementCount: 4, elementPeakGainDBi: 5)
        assertEqual(ula.boresight, Vector3(0, 1, 0), accuracy: 1e-15)
        assertEqual(ula.axis, Vector3(-1, 0, 0), accuracy: 1e-15)  // boresight turned +90° about z
        let peak = pow(10, 0.5)
        XCTAssertEqual(ula.elementGain(towards: Vector3(0, 1, 0)), peak, accuracy: 1e-12)
        XCTAssertEqual(ula.elementGain(towards: Vector3(sin(.pi / 3), cos(.pi / 3), 0)), peak * 0.5, accuracy: 1e-12)
        XCTAssertEqual(ula.elementGain(towards: Vector3(0, -1, 0)), peak * 1e-3, accuracy: 1e-15)
        // 30° to the left of boresight (towards the axis): sin θ = 0.5.
        let left = Vector3(-sin(.pi / 6), cos(.pi / 6), 0)
        XCTAssertEqual(ula.spatialFrequency(of: left), 0.5, accuracy: 1e-12)
        XCTAssertEqual(ula.coneAngle(of: left), .pi / 6, accuracy: 1e-12)
        // Elevation shrinks the cone angle: sin θ = cos e · sin φ.
        let e = 0.4
        let tilted = Vector3(-cos(e) * sin(.pi / 6), cos(e) * cos(.pi / 6), -sin(e))
        XCTAssertEqual(ula.spatialFrequency(of: tilted), cos(e) * 0.5, accuracy: 1e-12)
        XCTAssertEqual(
            ula.beamGain(towards: left, steeredFrequency: 0.5), ula.elementGain(towards: left) * 4, accuracy: 1e-12)
    }
}
