import GymCore
import RadioScene
import XCTest

/// ``UniformLinearArray/drawCalibrationErrors(stdRadians:using:)`` and ``UniformLinearArray/setCalibrationErrors(prefixOf:)``:
/// the draws a reset makes, in place.
final class UniformLinearArrayCalibrationTests: XCTestCase {
    func testDrawCalibrationErrors_DrawsOneGaussianPerElementInOrder_AndClearsAtZero() {
        var array = UniformLinearArray(position: Vector3(0, 0, 2), boresightAzimuthRadians: 0, elementCount: 16)
        var rng = Xoshiro256StarStar(seed: 42), reference = Xoshiro256StarStar(seed: 42)
        for _ in 0..<3 {  // the second and later draws reuse the storage; each is the next 16 of the stream
            array.drawCalibrationErrors(stdRadians: 0.03, using: &rng)
            XCTAssertEqual(array.calibrationPhaseErrorsRadians, (0..<16).map { _ in 0.03 * reference.nextGaussian() })
        }
        array.drawCalibrationErrors(stdRadians: 0, using: &rng)
        XCTAssertTrue(array.calibrationPhaseErrorsRadians.isEmpty)
        XCTAssertEqual(rng.next(), reference.next(), "an ideal array draws nothing")
    }

    func testSetCalibrationErrors_TakesThePrefixOfTheFullArray() {
        var sub = UniformLinearArray(position: Vector3(0, 0, 2), boresightAzimuthRadians: 0, elementCount: 4)
        let full = (0..<16).map { Double($0) / 100 }
        sub.setCalibrationErrors(prefixOf: full)
        XCTAssertEqual(sub.calibrationPhaseErrorsRadians, [0, 0.01, 0.02, 0.03])
        sub.setCalibrationErrors(prefixOf: [])
        XCTAssertTrue(sub.calibrationPhaseErrorsRadians.isEmpty)
    }
}
