import Foundation
import RadioScene
import XCTest

final class RangeAngleObservationTests: XCTestCase {
    let ula = UniformLinearArray(position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: 0.63, elementCount: 32)
    var observation: RangeAngleObservation { RangeAngleObservation(array: ula, userHeightMetres: 1.5) }

    func testObservation_Evaluate_IsRangeAndConeAngle() {
        for (x, y) in [(5.0, 3.5), (1.0, 4.0), (6.5, 0.7)] {
            let v = Vector3(x, y, 1.5) - ula.position
            let h = observation.evaluate(x: x, y: y)
            XCTAssertEqual(h.range, v.length, accuracy: 1e-12)
            XCTAssertEqual(h.angle, asin(v.dot(ula.axis) / v.length), accuracy: 1e-12)
        }
    }

    func testObservation_Jacobian_MatchesCentralDifferences() {
        let e = 1e-6
        for (x, y) in [(5.0, 3.5), (1.0, 4.0), (6.5, 0.7)] {
            let h = observation.evaluate(x: x, y: y)
            let dx = (observation.evaluate(x: x + e, y: y), observation.evaluate(x: x - e, y: y))
            let dy = (observation.evaluate(x: x, y: y + e), observation.evaluate(x: x, y: y - e))
            XCTAssertEqual(h.rangeGradient[0], (dx.0.range - dx.1.range) / (2 * e), accuracy: 1e-7)
            XCTAssertEqual(h.rangeGradient[1], (dy.0.range - dy.1.range) / (2 * e), accuracy: 1e-7)
            XCTAssertEqual(h.angleGradient[0], (dx.0.angle - dx.1.angle) / (2 * e), accuracy: 1e-7)
            XCTAssertEqual(h.angleGradient[1], (dy.0.angle - dy.1.angle) / (2 * e), accuracy: 1e-7)
        }
    }

    func testObservation_ImpliedPosition_InvertsEvaluate() {
        for (x, y) in [(5.0, 3.5), (1.0, 4.0), (6.5, 0.7), (0.5, 0.5)] {
            let h = observation.evaluate(x: x, y: y)
            let p = observation.impliedPosition(range: h.range, angle: h.angle)
            XCTAssertEqual(p?.x ?? .nan, x, accuracy: 1e-9)
            XCTAssertEqual(p?.y ?? .nan, y, accuracy: 1e-9)
        }
        // Shorter than the height difference: no horizontal position fits.
        XCTAssertNil(observation.impliedPosition(range: 1.0, angle: 0))
    }
}
