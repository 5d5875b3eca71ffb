import Foundation
import RadioScene
import XCTest

final class LinkBudgetTests: XCTestCase {
    func testLinkBudget_FriisLossAt60GHzAnd5m_Is81Point99dB() {
        let budget = Reference.linkBudget()
        let path = Reference.lineOfSight(from: Vector3(1, 1, 2.8), to: Vector3(4, 5, 2.8))
        XCTAssertEqual(path.lengthMetres, 5, accuracy: 1e-12)
        // Free-space path loss 20·log10(4π·d·f/c), written out independently.
        let fspl = 20 * log10(4 * Double.pi * 5 * 60e9 / Reference.c)
        XCTAssertEqual(fspl, 81.99, accuracy: 0.01)
        let gain = budget.pathPowerGain(path)
        let lambda = Reference.c / 60e9
        assertRelativelyEqual(gain, pow(lambda / (4 * Double.pi * 5), 2), relative: 1e-12)
        XCTAssertEqual(-10 * log10(gain), fspl, accuracy: 1e-9)
    }

    func testLinkBudget_AbsorptionAndReflectionLoss_AddInDecibels() {
        let budget = Reference.linkBudget(absorptionDBPerMetre: 0.015)
        var path = Reference.lineOfSight(from: .zero, to: Vector3(0, 20, 0))
        path.reflectionAmplitude = pow(10, -6.0 / 20)
        path.reflectionCount = 1
        let fspl = 20 * log10(4 * Double.pi * 20 * 60e9 / Reference.c)
        // 20 m of oxygen absorption (0.3 dB) plus one 6 dB reflection on top of free space.
        XCTAssertEqual(-10 * log10(budget.pathPowerGain(path)), fspl + 0.3 + 6, accuracy: 1e-9)
        XCTAssertEqual(budget.absorptionFactor(lengthMetres: 100), pow(10, -0.15), accuracy: 1e-12)
    }

    func testLinkBudget_ThermalNoiseAt3GHz_IsKTBTimesNoiseFigure() {
        let budget = Reference.linkBudget()
        let expected = Reference.k * 290 * 3e9 * 10  // NF 10 dB = ×10
        assertRelativelyEqual(budget.noisePowerWatts, expected, relative: 1e-12)
        // −174 dBm/Hz + 10·log10(3 GHz) + 10 dB ≈ −69.20 dBm.
        XCTAssertEqual(10 * log10(budget.noisePowerWatts / 1e-3), -69.204, accuracy: 0.001)
    }

    func testLinkBudget_ProcessingGainResolutionAndEnergySNR_MatchDefinitions() {
        let budget = Reference.linkBudget()
        XCTAssertEqual(budget.processingGain, 300, accuracy: 1e-9)  // B·T = 3 GHz × 100 ns
        XCTAssertEqual(budget.rangeResolutionMetres, Reference.c / 3e9, accuracy: 1e-15)
        XCTAssertEqual(Reference.linkBudget(bandwidthHertz: 400e6).rangeResolutionMetres, 0.749_481_145, accuracy: 1e-9)
        XCTAssertEqual(budget.transmitPowerWatts, 0.01, accuracy: 1e-15)
        XCTAssertEqual(budget.wavelength, Reference.c / 60e9, accuracy: 1e-18)
        let received = 1e-9
        assertRelativelyEqual(
            budget.energySNR(receivedPowerWatts: received), received / (Reference.k * 290 * 3e9 * 10) * 300,
            relative: 1e-12)
    }
}
