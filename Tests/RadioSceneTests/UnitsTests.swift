import Foundation
import RadioScene
import XCTest

final class UnitsTests: XCTestCase {
    func testDecibels_LinearAndDBRoundTrip_RecoversTheValue() {
        for dB in stride(from: -120.0, through: 60.0, by: 7.5) {
            XCTAssertEqual(Decibels.dB(fromLinear: Decibels.linear(fromDB: dB)), dB, accuracy: 1e-12)
        }
        for ratio in [1e-15, 3.7e-4, 0.5, 1, 2, 1234.5] {
            assertRelativelyEqual(Decibels.linear(fromDB: Decibels.dB(fromLinear: ratio)), ratio, relative: 1e-13)
        }
    }

    func testDecibels_KnownValues_MatchTheDefinitions() {
        XCTAssertEqual(Decibels.linear(fromDB: 10), 10, accuracy: 1e-12)
        XCTAssertEqual(Decibels.linear(fromDB: 3), 1.995_262_314_968_88, accuracy: 1e-12)
        XCTAssertEqual(Decibels.dB(fromLinear: 100), 20, accuracy: 1e-12)
        XCTAssertEqual(Decibels.watts(fromDBm: 30), 1, accuracy: 1e-15)
        XCTAssertEqual(Decibels.watts(fromDBm: 20), 0.1, accuracy: 1e-15)
        XCTAssertEqual(Decibels.dBm(fromWatts: 1e-3), 0, accuracy: 1e-12)
        for dBm in [-90.0, -30, 0, 10, 43] {
            XCTAssertEqual(Decibels.dBm(fromWatts: Decibels.watts(fromDBm: dBm)), dBm, accuracy: 1e-12)
        }
        // A 6 dB power loss is a field (amplitude) factor of 10^(−6/20) ≈ 0.501.
        XCTAssertEqual(Decibels.amplitude(fromLossDB: 6), 0.501_187_233_627_272_3, accuracy: 1e-12)
        let a = Decibels.amplitude(fromLossDB: 6)
        XCTAssertEqual(Decibels.dB(fromLinear: a * a), -6, accuracy: 1e-12)
    }

    func testWavelength_At60GHz_IsCOverF() {
        XCTAssertEqual(PhysicalConstants.speedOfLightMetresPerSecond, Reference.c)
        XCTAssertEqual(PhysicalConstants.boltzmannJoulesPerKelvin, Reference.k)
        XCTAssertEqual(wavelengthMetres(carrierHertz: 60e9), 4.996_540_966_666_667e-3, accuracy: 1e-15)
        XCTAssertEqual(wavelengthMetres(carrierHertz: 28e9), Reference.c / 28e9, accuracy: 1e-15)
    }
}
