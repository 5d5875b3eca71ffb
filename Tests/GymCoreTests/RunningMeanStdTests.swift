import GymCore
import XCTest

final class RunningMeanStdTests: XCTestCase {
    func testPlainWelford_GivesPopulationMoments() {
        var stats = RunningMeanStd(size: 2, initialCount: 0)
        for x: [Float] in [[1, 10], [2, 20], [3, 30], [6, 0]] { stats.update(x) }
        XCTAssertEqual(stats.mean[0], 3, accuracy: 1e-12)
        XCTAssertEqual(stats.variance[0], 3.5, accuracy: 1e-12)  // ((−2)²+(−1)²+0²+3²)/4
        XCTAssertEqual(stats.mean[1], 15, accuracy: 1e-12)
        XCTAssertEqual(stats.variance[1], 125, accuracy: 1e-12)
        XCTAssertEqual(stats.count, 4)
    }

    func testGymnasiumPrior_ShrinksTowardsZeroMeanUnitVariance() {
        var stats = RunningMeanStd(size: 1)
        stats.update(5.0)
        XCTAssertEqual(stats.mean[0], 5 / 1.0001, accuracy: 1e-12)
        XCTAssertEqual(stats.variance[0], (1e-4 + 25 * 1e-4 / 1.0001) / 1.0001, accuracy: 1e-12)
    }
}
