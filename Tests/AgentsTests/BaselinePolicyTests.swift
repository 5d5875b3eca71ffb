import Agents
import Environments
import GymCore
import RadioScene
import XCTest

/// The baselines are the bar every learned agent must clear, so they are tested for what makes them honest.
final class BaselinePolicyTests: XCTestCase {
    private func makeEnv(_ name: String = "wrf-room-8x6") throws -> BeamSelectionEnv {
        BeamSelectionEnv(scenario: try ScenarioLibrary.resolve(name))
    }

    private func evaluate<P: Policy>(_ policy: P, episodes: Int = 40, seed: UInt64 = 11) throws -> EvaluationReport
    where P.Environment == BeamSelectionEnv {
        var env = try makeEnv()
        var policy = policy
        return try PolicyEvaluator.evaluate(
            env: &env, policy: &policy, episodes: episodes, seed: seed, envID: BeamSelectionEnv.id,
            scenario: "wrf-room-8x6")
    }

    func testSweep_VisitsActionsRoundRobin_AndRestartsEachEpisode() throws {
        let env = try makeEnv()
        var sweep = ExhaustiveSweepPolicy<BeamSelectionEnv>()
        let observation = [Float](repeating: 0, count: env.observationSpace.size)
        let actions: [Int] = observation.withUnsafeBufferPointer { o in
            sweep.beginEpisode(in: env, observation: o)
            return (0..<(env.actionSpace.n + 2)).map { _ in sweep.action(in: env, observation: o) }
        }
        XCTAssertEqual(actions, Array(0..<env.actionSpace.n) + [0, 1])
        let first = observation.withUnsafeBufferPointer { o -> Int in
            sweep.beginEpisode(in: env, observation: o)
            return sweep.action(in: env, observation: o)
        }
        XCTAssertEqual(first, 0)
    }

    /// The RIS env's sweep alternates the links (AP, panel 0, panel 1, …) and visits every action once per cycle.
    func testLinkSweep_AlternatesLinks_AndVisitsEveryActionOnce() throws {
        let env = RISConfigurationEnv(scenario: try ScenarioLibrary.resolve("indoor-factory-ris"))
        var sweep = InterleavedLinkSweepPolicy()
        let observation = [Float](repeating: 0, count: env.observationSpace.size)
        let actions: [Int] = observation.withUnsafeBufferPointer { o in
            sweep.beginEpisode(in: env, observation: o)
            return (0..<env.actionSpace.n).map { _ in sweep.action(in: env, observation: o) }
        }
        XCTAssertEqual(Set(actions).count, env.actionSpace.n)
        XCTAssertEqual(Set(actions.prefix(3).map { env.link(of: $0) }).count, 3, "\(actions.prefix(3))")
    }

    func testRandom_SameSeedSameReport_DifferentSeedDifferentChoices() throws {
        let a = try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 3), episodes: 10)
        let b = try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 3), episodes: 10)
        let c = try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 4), episodes: 10)
        XCTAssertEqual(a.meanReturn, b.meanReturn)
        XCTAssertEqual(a.errorMedianM, b.errorMedianM)
        XCTAssertNotEqual(a.meanReturn, c.meanReturn)
    }

    /// One fix from the beam that covers the user usually suffices in the 8×6 room; fading and the threshold
    /// effect sometimes cost a second probe.
    func testOracle_ReachesTargetInAboutOneProbe() throws {
        let report = try evaluate(OraclePolicy(), episodes: 30)
        XCTAssertEqual(report.targetReachedRate, 1)
        XCTAssertLessThanOrEqual(report.probesToTargetMean ?? .nan, 1.5)
        XCTAssertLessThan(report.errorP90M, 0.05)
    }

    func testGreedy_NeedsFewerProbesThanSweepAndRandom_AtTheTargetAccuracy() throws {
        let greedy = try evaluate(GreedyInformationGainPolicy(seed: 1))
        let sweep = try evaluate(ExhaustiveSweepPolicy<BeamSelectionEnv>())
        let random = try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 1))
        XCTAssertEqual(greedy.targetReachedRate, 1)
        let g = try XCTUnwrap(greedy.probesToTargetMean)
        XCTAssertLessThan(g, try XCTUnwrap(sweep.probesToTargetMean) * 0.5)
        XCTAssertLessThan(g, try XCTUnwrap(random.probesToTargetMean))
        XCTAssertGreaterThan(greedy.meanReturn, sweep.meanReturn)
        XCTAssertLessThan(greedy.errorMedianM, 0.05)
        XCTAssertLessThanOrEqual(greedy.outliersOver10cm, 0.05)
    }

    func testGreedy_NeverReadsTheTruth_SameChoicesWhenTheUserIsElsewhere() throws {
        // Two envs with the same tracker state but users at different true positions must get the same first action.
        var a = try makeEnv(), b = try makeEnv()
        _ = a.reset(seed: 5)
        let observation = b.reset(seed: 6).observation
        XCTAssertNotEqual(a.episode.user.position, b.episode.user.position)
        var pa = GreedyInformationGainPolicy(seed: 9), pb = GreedyInformationGainPolicy(seed: 9)
        let actionA = observation.withUnsafeBufferPointer { o -> Int in
            pa.beginEpisode(in: a, observation: o)
            return pa.action(in: a, observation: o)
        }
        let actionB = observation.withUnsafeBufferPointer { o -> Int in
            pb.beginEpisode(in: b, observation: o)
            return pb.action(in: b, observation: o)
        }
        XCTAssertEqual(actionA, actionB)
    }

    /// The office's corner start (`run --seed 10153 --episodes 1`: episode 152 of `--seed 10001`, docs/PHYSICS.md §7): a track started 0.36 m off
    /// from AP 1's wide beam, after which greedy, planning from the wrong estimate, probed one beam for 33 ranges of no
    /// gain and ended 1.29 m off at NEES 8 689. Not repeating a probe that fell short of its expected gain, it reaches
    /// the target with the truth inside the 95 % ellipse.
    func testGreedy_DoesNotRepeatADisappointingProbe_OfficeCornerStart() throws {
        let r = try greedyEpisode("wrf-office-16x15", seed: 10153)
        XCTAssertEqual(r.targetReachedRate, 1)
        XCTAssertLessThan(try XCTUnwrap(r.neesMean), 5.99)
    }

    /// The lab, seed 10241: a user 0.35 m from a wall, whose first fix (beam 13, pulled 7.7 mrad towards the wall's
    /// reflection) started a track 3.3 cm off with a 1.2 cm 95 % radius and ended the episode at once (NEES 205).
    /// The start-fix check widens it by the merge the room predicts there, and the track ends inside χ²₂(0.999).
    func testGreedy_LabWallStart_EndsInsideTheEllipse() throws {
        let r = try greedyEpisode("lab-140ghz", seed: 10241)
        XCTAssertEqual(r.targetReachedRate, 1)
        XCTAssertLessThan(try XCTUnwrap(r.neesMean), 13.8)
    }

    /// One BeamSelection-v1 episode of the greedy baseline on `scenario` at `seed` (`run --episodes 1 --seed`).
    private func greedyEpisode(_ scenario: String, seed: UInt64) throws -> EvaluationReport {
        var env = try makeEnv(scenario)
        var policy = GreedyInformationGainPolicy(seed: seed)
        return try PolicyEvaluator.evaluate(
            env: &env, policy: &policy, episodes: 1, seed: seed, envID: BeamSelectionEnv.id, scenario: scenario)
    }

    func testEvaluationReport_QuantileMatchesNumpyLinearInterpolation() {
        XCTAssertEqual(EvaluationReport.quantile([1, 2, 3, 4], 0.5), 2.5)
        XCTAssertEqual(EvaluationReport.quantile([3, 1, 2], 0.9), 2.8, accuracy: 1e-12)
        XCTAssertEqual(EvaluationReport.quantile([7], 0.98), 7)
        XCTAssertTrue(EvaluationReport.quantile([], 0.5).isNaN)
    }
}
