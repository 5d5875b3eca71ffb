import Agents
import Environments
import GymCore
import RadioScene
import XCTest

/// RISConfiguration-v1's tracker keeps its promise in the factory halls of the `ris-failures` family, where racks
/// hide line of sight and a metal roof's bounce passes for it: with one link's fix enough to end an episode, 16–21 %
/// of the sweep's and 8–9 % of random's terminated episodes ended more than the target from the truth
/// (Results/task-families.md before `tracker.confirmation_links: 2`).
final class RISHonestyTests: XCTestCase {
    private func pooledFalseSuccess<P: Policy>(_ make: () -> P, tasks: Range<Int>, episodes: Int) throws -> (rate: Double, terminated: Double)
    where P.Environment == RISConfigurationEnv {
        var terminated = 0.0, falseSuccesses = 0.0
        for index in tasks {
            let scenario = try TaskFamily.risFailures.task(index: index, split: .test)
            var env = RISConfigurationEnv(scenario: scenario)
            var policy = make()
            let r = try PolicyEvaluator.evaluate(
                env: &env, policy: &policy, episodes: episodes, seed: 1, envID: RISConfigurationEnv.id,
                scenario: scenario.name)
            let reached = r.targetReachedRate * Double(r.episodes)
            terminated += reached
            falseSuccesses += (r.falseSuccessRate ?? 0) * reached
        }
        return (terminated > 0 ? falseSuccesses / terminated : 0, terminated)
    }

    func testRISFailures_FalseSuccessAtMostFivePercent_RandomAndSweep() throws {
        let random = try pooledFalseSuccess({ RandomPolicy<RISConfigurationEnv>(seed: 3) }, tasks: 0..<6, episodes: 30)
        let sweep = try pooledFalseSuccess({ InterleavedLinkSweepPolicy() }, tasks: 0..<6, episodes: 30)
        XCTAssertLessThanOrEqual(random.rate, 0.05, "random \(random)")
        XCTAssertLessThanOrEqual(sweep.rate, 0.05, "sweep \(sweep)")
        XCTAssertGreaterThan(random.terminated + sweep.terminated, 0)
    }
}
