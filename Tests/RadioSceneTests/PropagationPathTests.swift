import Foundation
import RadioScene
import XCTest

final class PropagationPathTests: XCTestCase {
    func testPath_Delay_IsLengthOverSpeedOfLight() {
        let path = Reference.lineOfSight(from: Vector3(0, 0, 2.8), to: Vector3(3, 4, 2.8))
        XCTAssertEqual(path.lengthMetres, 5, accuracy: 1e-15)
        XCTAssertEqual(path.delaySeconds, 5 / Reference.c, accuracy: 1e-24)
        XCTAssertEqual(path.delaySeconds * 1e9, 16.678_204_759_907_6, accuracy: 1e-9)  // ns
    }

    func testPath_AmplitudeGain_IsFriisTimesReflectionAmplitude() {
        let lambda = Reference.c / 60e9
        var path = Reference.lineOfSight(from: .zero, to: Vector3(5, 0, 0))
        XCTAssertEqual(path.amplitudeGain(wavelengthMetres: lambda), lambda / (4 * .pi * 5), accuracy: 1e-18)
        path.reflectionAmplitude = 0.5
        path.reflectionCount = 1
        XCTAssertFalse(path.isLineOfSight)
        XCTAssertEqual(path.amplitudeGain(wavelengthMetres: lambda), 0.5 * lambda / (4 * .pi * 5), accuracy: 1e-18)
    }
}
