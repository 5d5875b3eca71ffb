import Foundation
import RadioScene
import XCTest

final class FisherInformationTests: XCTestCase {
    let observation = RangeAngleObservation(
        array: UniformLinearArray(position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: 0.63, elementCount: 32),
        userHeightMetres: 1.5)

    func testFisher_PositionInformation_IsHTransposeRInverseH() {
        let (sr, sa) = (0.004, 0.0007)
        let h = observation.evaluate(x: 5, y: 3.5)
        let j = FisherInformation.position(observation: observation, x: 5, y: 3.5, rangeStdMetres: sr, angleStdRadians: sa)
        let rows = [h.rangeGradient, h.angleGradient], w = [1 / (sr * sr), 1 / (sa * sa)]
        func entry(_ a: Int, _ b: Int) -> Double { (0..<2).reduce(0) { $0 + rows[$1][a] * w[$1] * rows[$1][b] } }
        assertRelativelyEqual(j.a, entry(0, 0), relative: 1e-12)
        assertRelativelyEqual(j.b, entry(0, 1), relative: 1e-12)
        assertRelativelyEqual(j.d, entry(1, 1), relative: 1e-12)
        // Without an angle (infinite σ_θ) only the range direction carries information: J has rank one.
        let rangeOnly = FisherInformation.position(
            observation: observation, x: 5, y: 3.5, rangeStdMetres: sr, angleStdRadians: .infinity)
        XCTAssertEqual(rangeOnly.a * rangeOnly.d - rangeOnly.b * rangeOnly.b, 0, accuracy: 1e-6 * rangeOnly.a * rangeOnly.d)
    }

    func testFisher_InformationGain_IsHalfLogDetOfIPlusPJ() {
        let p = (a: 0.5, b: -0.1, d: 0.3)
        let j = (a: 40.0, b: 12.0, d: 25.0)
        // det(I + P J) for [[a, b], [b, d]] matrices, by hand.
        let m00 = 1 + p.a * j.a + p.b * j.b, m01 = p.a * j.b + p.b * j.d
        let m10 = p.b * j.a + p.d * j.b, m11 = 1 + p.b * j.b + p.d * j.d
        let expected = 0.5 * log(m00 * m11 - m01 * m10)
        XCTAssertEqual(FisherInformation.informationGain(prior: p, information: j), expected, accuracy: 1e-12)
        // Equivalently ½ ln det P − ½ ln det (P⁻¹ + J)⁻¹.
        let detP = p.a * p.d - p.b * p.b
        let inv = (a: p.d / detP + j.a, b: -p.b / detP + j.b, d: p.a / detP + j.d)
        XCTAssertEqual(expected, 0.5 * (log(detP) + log(inv.a * inv.d - inv.b * inv.b)), accuracy: 1e-12)
        XCTAssertEqual(FisherInformation.informationGain(prior: p, information: (0, 0, 0)), 0)
    }
}
