import Agents
import Foundation
import GymCore
import XCTest

/// The 95 % bands `run --json` gives the NEES mean, the NEES median and `coverage_95` hold 95 % of the readings of a
/// consistent tracker: 2 000 runs of 500 χ²₂ draws (−2 ln U), each checked against its bands.
final class NEESBandTests: XCTestCase {
    func testBandsHoldNinetyFivePercentOfConsistentRuns() {
        var generator = Xoshiro256StarStar(seed: 17)
        let runs = 2_000, count = 500
        let meanBand = EvaluationReport.neesBand(count: count)
        let medianBand = EvaluationReport.neesMedianBand(count: count)
        let coverageBand = EvaluationReport.coverage95Band(count: count)
        var inMean = 0, inMedian = 0, inCoverage = 0
        var draws = [Double](repeating: 0, count: count)
        for _ in 0..<runs {
            for i in 0..<count { draws[i] = -2 * log(1 - generator.nextUnitDouble()) }
            let mean = draws.reduce(0, +) / Double(count)
            let median = EvaluationReport.quantile(draws, 0.5)
            let coverage = Double(draws.filter { $0 <= 5.991_464_547_107_979 }.count) / Double(count)
            inMean += meanBand[0] <= mean && mean <= meanBand[1] ? 1 : 0
            inMedian += medianBand[0] <= median && median <= medianBand[1] ? 1 : 0
            inCoverage += coverageBand[0] <= coverage && coverage <= coverageBand[1] ? 1 : 0
        }
        // ±1.5 points is 3 binomial standard errors of a 95 % share over 2 000 runs.
        for (name, hits) in [("mean", inMean), ("median", inMedian), ("coverage", inCoverage)] {
            XCTAssertEqual(Double(hits) / Double(runs), 0.95, accuracy: 0.015, name)
        }
        XCTAssertEqual((medianBand[0] + medianBand[1]) / 2, 2 * log(2.0), accuracy: 0.02)
    }
}
