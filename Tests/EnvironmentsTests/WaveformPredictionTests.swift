import Foundation
import GymCore
import RadioScene
import XCTest

@testable import Environments

/// The planners' model of a probe predicts what the episode's NLoS power gate does: where line of sight merges with
/// a reflection in antiphase, a fix at that carrier and bandwidth is rejected every time, and the prediction says so.
final class WaveformPredictionTests: XCTestCase {
    func testPredictionMarksPowerGatedFixesUnusable_AndOnlyThose() throws {
        let scenario = try ScenarioLibrary.resolve("wrf-office-16x15")
        var env = WaveformEnv(scenario: scenario)
        _ = env.reset(seed: 1)
        let widths = env.bandwidthsHz.count
        let area = scenario.userArea
        let estimate = (env.episode.tracker.mean[0], env.episode.tracker.mean[1])
        var scratch: [PropagationPath] = []
        var gated = 0, usable = 0, options = Set<Int>()
        for i in 0..<24 {
            for j in 0..<24 {
                let x = area.lower[0] + (area.upper[0] - area.lower[0]) * (Double(i) + 0.5) / 24
                let y = area.lower[1] + (area.upper[1] - area.lower[1]) * (Double(j) + 0.5) / 24
                for option in 0..<(env.carriersHz.count * widths) {
                    let probe = env.predictedProbe(
                        action: [option / widths, option % widths], x: x, y: y, estimateX: estimate.0,
                        estimateY: estimate.1, scratch: &scratch)
                    if probe.powerGated {
                        gated += 1
                        options.insert(option)
                        XCTAssertTrue(probe.detected && probe.hasAngle, "only a fix meets the power gate")
                        XCTAssertEqual(probe.information.a, 0, "a gated fix gives no information")
                    } else if probe.information.a > 0 {
                        usable += 1
                    }
                }
            }
        }
        // The office's merges: a minority of fixes, at several options (carriers fade at different positions).
        XCTAssertGreaterThan(gated, 0)
        XCTAssertGreaterThan(usable, 4 * gated, "gated \(gated), usable \(usable)")
        XCTAssertGreaterThanOrEqual(options.count, 2, "\(options)")
    }
}
