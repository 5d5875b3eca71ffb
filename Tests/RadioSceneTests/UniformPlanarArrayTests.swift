import ComplexModule
import RadioScene
import XCTest

final class UniformPlanarArrayTests: XCTestCase {
    private let upa = UniformPlanarArray(
        position: Vector3(0, 0, 2.8), boresightAzimuthRadians: 0.3, columns: 8, rows: 4)

    /// |aᴴ(θ) w|² with w = a(θ₀)/√(NM), summed element by element.
    private func explicitGain(towards direction: Vector3, steeredAt target: Vector3) -> Double {
        let a = upa.steeringVector(towards: direction), w = upa.steeringVector(towards: target)
        var sum = Complex<Double>.zero
        for (x, y) in zip(a, w) { sum += x.conjugate * y }
        return sum.lengthSquared / Double(upa.elementCount)
    }

    private func direction(azimuth: Double, elevation: Double) -> Vector3 {
        let heading = 0.3 + azimuth
        return Vector3(cos(elevation) * cos(heading), cos(elevation) * sin(heading), sin(elevation))
    }

    func testUPA_ClosedFormGain_EqualsTheExplicitSum_AndPeaksAtNM() {
        let target = direction(azimuth: 0.2, elevation: -0.25)
        let steer = upa.spatialFrequencies(of: target)
        XCTAssertEqual(upa.arrayGain(towards: target, steeredTo: steer), 32, accuracy: 1e-9)
        for (az, el) in [(0.0, 0.0), (0.5, -0.1), (-0.7, 0.3), (0.21, -0.26)] {
            let d = direction(azimuth: az, elevation: el)
            XCTAssertEqual(upa.arrayGain(towards: d, steeredTo: steer), explicitGain(towards: d, steeredAt: target),
                           accuracy: 1e-9 * 32)
        }
    }

    func testUPA_ResolvesElevation_WhichARowOfTheSameColumnsCannot() {
        let low = direction(azimuth: 0.1, elevation: -0.4), high = direction(azimuth: 0.1, elevation: 0.2)
        let steer = upa.spatialFrequencies(of: high)
        XCTAssertLessThan(upa.arrayGain(towards: low, steeredTo: steer), 0.1 * upa.arrayGain(towards: high, steeredTo: steer))
        let angles = upa.azimuthElevation(of: low)
        XCTAssertEqual(angles.azimuth, 0.1, accuracy: 1e-12)
        XCTAssertEqual(angles.elevation, -0.4, accuracy: 1e-12)
    }
}
