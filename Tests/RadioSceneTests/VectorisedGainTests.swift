import Foundation
import GymCore
import RadioScene
import XCTest

/// The vectorised forms of the per-path beam gain must return exactly the bits of the scalar ones: the
/// environments' trajectories depend on every bit.
final class VectorisedGainTests: XCTestCase {
    func testPolynomialSine_EightLanes_AreBitIdenticalToScalar() {
        var rng = Xoshiro256StarStar(seed: 11)
        var specials: [Double] = [0, -0.0, .pi / 2, -.pi / 2, .pi, -.pi, 1.570_796_326_794_896_6, 1e-300, -1e-12,
                                  100 * .pi, -100 * .pi, .infinity, -.infinity, .nan]
        for _ in 0..<100_000 { specials.append((2 * rng.nextUnitDouble() - 1) * 400) }
        while specials.count % 8 != 0 { specials.append(0.5) }
        for start in stride(from: 0, to: specials.count, by: 8) {
            var x = SIMD8<Double>()
            for lane in 0..<8 { x[lane] = specials[start + lane] }
            let vector = polynomialSine(x)
            for lane in 0..<8 {
                XCTAssertEqual(vector[lane].bitPattern, polynomialSine(x[lane]).bitPattern, "sin(\(x[lane]))")
            }
        }
    }

    func testBeamGains_FourPaths_AreBitIdenticalToBeamGain() {
        var rng = Xoshiro256StarStar(seed: 5)
        let ideal = UniformLinearArray(position: Vector3(1, 2, 2.5), boresightAzimuthRadians: 0.4, elementCount: 32)
        var impaired = ideal
        impaired.calibrationPhaseErrorsRadians = (0..<32).map { _ in 0.1 * rng.nextGaussian() }
        var paths: [PropagationPath] = []
        for _ in 0..<7 {
            let v = Vector3(2 * rng.nextUnitDouble() - 1, 2 * rng.nextUnitDouble() - 1, rng.nextUnitDouble() - 0.5)
            paths.append(
                PropagationPath(
                    lengthMetres: 3, departureDirection: v / v.length, arrivalDirection: v / -v.length,
                    reflectionAmplitude: 1, reflectionCount: 0, lastSurface: nil))
        }
        // A path exactly on the steered direction takes the sin x ≈ 0 branch (gain N).
        let steered = ideal.spatialFrequency(of: paths[2].departureDirection)
        for array in [ideal, impaired] {
            paths.withUnsafeBufferPointer { buffer in
                for first in stride(from: 0, to: buffer.count, by: 4) {
                    let gains = array.beamGains(towards: buffer, first: first, steeredFrequency: steered)
                    for lane in 0..<min(4, buffer.count - first) {
                        let scalar = array.beamGain(
                            towards: buffer[first + lane].departureDirection, steeredFrequency: steered)
                        XCTAssertEqual(gains[lane].bitPattern, scalar.bitPattern)
                    }
                }
            }
        }
    }
}
