import Foundation
import XCTest

@testable import Agents

final class TaskSetReportTests: XCTestCase {
    private func report(
        _ policy: String, return meanReturn: Double, reached: Double, probes: Double?, falseSuccess: Double? = 0,
        episodes: Int = 10
    ) -> EvaluationReport {
        EvaluationReport(
            env: "BeamSelection-v1", scenario: "t", policy: policy, episodes: episodes, meanReturn: meanReturn,
            probesToTargetMean: probes, targetReachedRate: reached, errorMedianM: 0.01, errorP90M: 0.02,
            errorP98M: 0.03, outliersOver10cm: 0, energyPerEpisodeJ: 0, stepsPerSecond: 1,
            falseSuccessRate: probes == nil ? nil : falseSuccess)
    }

    func testNormalisedScoreAndPooledRatesFollowTheirDefinitions() throws {
        let perTask = [
            [report("random", return: -10, reached: 0.2, probes: 30), report("greedy", return: 0, reached: 0.8, probes: 10),
             report("oracle", return: 10, reached: 1, probes: 5)],
            [report("random", return: -20, reached: 0, probes: nil), report("greedy", return: -5, reached: 0.6, probes: 20, falseSuccess: 0.5),
             report("oracle", return: 0, reached: 0.9, probes: 4)],
        ]
        let r = TaskSetReport(
            family: "f", envID: "BeamSelection-v1", split: "test", tasks: ["f/test/0", "f/test/1"], episodesPerTask: 10,
            seed: 1, perTask: perTask)
        let greedy = try XCTUnwrap(r.summary(of: "greedy"))
        // Task 0: (0 + 10) / 20 = 0.5; task 1: (−5 + 20) / 20 = 0.75.
        XCTAssertEqual(try XCTUnwrap(greedy.normalisedScore).mean, 0.625, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(greedy.normalisedScore).std, 0.125, accuracy: 1e-12)
        XCTAssertEqual(greedy.meanReturn.mean, -2.5, accuracy: 1e-12)
        XCTAssertEqual(greedy.targetReachedPooled, 0.7, accuracy: 1e-12)
        // 8 episodes at 10 probes and 6 at 20; 3 false successes of 14 terminations.
        XCTAssertEqual(try XCTUnwrap(greedy.probesToTargetPooled), (80.0 + 120) / 14, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(greedy.falseSuccessPooled), 3.0 / 14, accuracy: 1e-12)
        let random = try XCTUnwrap(r.summary(of: "random"))
        XCTAssertEqual(try XCTUnwrap(random.probesToTarget).mean, 30)  // task 1 never reached it
        XCTAssertEqual(try XCTUnwrap(r.summary(of: "oracle")?.normalisedScore).mean, 1)

        let check = try XCTUnwrap(DecisionProblemCheck(r))
        XCTAssertTrue(check.ordered)
        XCTAssertTrue(check.spread)
        XCTAssertTrue(check.solvable)
        XCTAssertFalse(check.honest, "greedy's 21 % false success must fail the check")
        XCTAssertFalse(check.passes)
    }

    func testCheckFailsWithoutSpreadOrOrder() throws {
        let close = [[report("random", return: 0, reached: 0.9, probes: 10), report("greedy", return: 1, reached: 0.9, probes: 9),
                      report("oracle", return: 0.5, reached: 0.95, probes: 8)]]
        let r = TaskSetReport(
            family: "f", envID: "e", split: "test", tasks: ["f/test/0"], episodesPerTask: 10, seed: 1, perTask: close)
        let check = try XCTUnwrap(DecisionProblemCheck(r))
        XCTAssertFalse(check.ordered)
        XCTAssertFalse(check.spread)
        XCTAssertEqual(try XCTUnwrap(check.probesRatio), 0.8, accuracy: 1e-12)
        XCTAssertNil(DecisionProblemCheck(TaskSetReport(
            family: "f", envID: "e", split: "test", tasks: [], episodesPerTask: 10, seed: 1, perTask: [])))
    }

    func testJSONCarriesAbsentFiguresAsNull() throws {
        let r = TaskSetReport(
            family: "f", envID: "e", split: "ood", tasks: ["f/ood/0"], episodesPerTask: 10, seed: 1,
            perTask: [[report("random", return: -1, reached: 0, probes: nil), report("oracle", return: 1, reached: 1, probes: 3)]])
        let json = try XCTUnwrap(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as? [String: Any])
        let random = try XCTUnwrap((json["policies"] as? [[String: Any]])?.first)
        XCTAssertTrue(random["probes_to_target_pooled"] is NSNull)
        XCTAssertTrue(random["false_success_pooled"] is NSNull)
        XCTAssertEqual(try JSONDecoder().decode(TaskSetReport.self, from: JSONEncoder().encode(r)), r)
    }
}
