import Agents
import Environments
import GymCore
import RadioScene
import XCTest

/// The promises of the v1 environments, checked as an outsider would: on every offered BeamSelection scenario
/// the tracker's "target reached" is true, the oracle is clearly ahead of random, the reward ranks the policies
/// and cannot be farmed by aiming off the user; the vehicular corridor is solvable; Waveform's planners use more
/// than one option. Small Monte-Carlo runs (fixed seeds), each able to fail.
final class HonestEnvironmentTests: XCTestCase {
    private func evaluate<P: Policy>(
        _ policy: P, scenario name: String, episodes: Int, seed: UInt64 = 101
    ) throws -> EvaluationReport where P.Environment == BeamSelectionEnv {
        var env = BeamSelectionEnv(scenario: try ScenarioLibrary.resolve(name))
        var policy = policy
        return try PolicyEvaluator.evaluate(
            env: &env, policy: &policy, episodes: episodes, seed: seed, envID: BeamSelectionEnv.id, scenario: name)
    }

    private var beamScenarios: [String] { OfferedBenchmarks.scenarios[BeamSelectionEnv.id] ?? [] }

    /// False success (terminated with a true error above the target) ≤ 5 % for every model-free baseline and the
    /// oracle on every offered scenario, and the tracker's final NEES within a factor 4 of its 95 % χ² band (the
    /// strict band is reported by `Results/baselines.sh`; docs/PHYSICS.md §7 says where it is not met). Main before
    /// the consider filter failed this: NEES 0.07 (oracle, wrf-room-8x6) and 189–279 (vehicular corridor).
    func testBeamSelection_FalseSuccessAtMostFivePercent_EveryScenarioAndBaseline() throws {
        for name in beamScenarios {
            let reports = [
                try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 3), scenario: name, episodes: 60),
                try evaluate(InterleavedBeamSweepPolicy(), scenario: name, episodes: 60),
                try evaluate(HierarchicalBeamSearchPolicy(), scenario: name, episodes: 60),
                try evaluate(OraclePolicy(), scenario: name, episodes: 60),
            ]
            for r in reports { try assertTrackerKeepsItsPromise(r, scenario: name, neesBelow: 4, neesAbove: 4) }
        }
    }

    /// Every offered scenario is a real decision: the oracle reaches the target with ≤ 60 % of random's probes or
    /// in ≥ 20 points more episodes, and earns more.
    func testBeamSelection_OracleClearlyAheadOfRandom_EveryOfferedScenario() throws {
        for name in beamScenarios {
            let random = try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 5), scenario: name, episodes: 60)
            let oracle = try evaluate(OraclePolicy(), scenario: name, episodes: 60)
            let fewerProbes = (oracle.probesToTargetMean ?? .infinity) <= 0.6 * (random.probesToTargetMean ?? .infinity)
            let moreReached = oracle.targetReachedRate >= random.targetReachedRate + 0.2
            XCTAssertTrue(fewerProbes || moreReached, "\(name): oracle \(oracle), random \(random)")
            XCTAssertGreaterThan(oracle.meanReturn, random.meanReturn, name)
        }
    }

    /// Greedy (model-based, never the truth) sits between random and the oracle in return.
    func testBeamSelection_ReturnsRankOracleGreedyRandom() throws {
        let name = "wrf-room-8x6"
        let random = try evaluate(RandomPolicy<BeamSelectionEnv>(seed: 5), scenario: name, episodes: 20)
        let greedy = try evaluate(GreedyInformationGainPolicy(seed: 5, hypothesisCount: 64), scenario: name, episodes: 20)
        let oracle = try evaluate(OraclePolicy(), scenario: name, episodes: 20)
        XCTAssertGreaterThanOrEqual(oracle.meanReturn, greedy.meanReturn)
        XCTAssertGreaterThanOrEqual(greedy.meanReturn, random.meanReturn)
    }

    /// The vehicular corridor is solvable: the oracle reaches the target in ≥ 90 % of episodes.
    func testBeamSelection_VehicularCorridor_OracleReachesTheTargetInNinetyPercent() throws {
        let oracle = try evaluate(OraclePolicy(), scenario: "vehicular-corridor", episodes: 60)
        XCTAssertGreaterThanOrEqual(oracle.targetReachedRate, 0.9, "\(oracle)")
    }

    /// Aiming k narrow beams off the user never out-earns aiming at it (the reward cannot be farmed).
    func testBeamSelection_AimingKBeamsOff_NeverOutEarnsAimingAtTheUser() throws {
        var returns: [Double] = []
        for k in 0...6 {
            returns.append(try evaluate(OffsetAimPolicy(offset: k), scenario: "wrf-office-16x15", episodes: 40).meanReturn)
        }
        for k in 1...6 { XCTAssertLessThanOrEqual(returns[k], returns[0], "k = \(k): \(returns)") }
    }

    /// Waveform-v1 is a trade-off: the greedy planner's most used option stays below 90 % of its probes in at least
    /// one offered scenario, over all probes and once it has a track (bandwidth and carrier have a price). Over all
    /// probes this needs its search phase: planned from the room prior alone, its first probe was one option every
    /// episode and it repeated that option while it failed the power gate (93 % one option in the office, 99 % in
    /// the room); counting the misses as negative information, it moves on (`Results/waveform-baselines.md`).
    func testWaveform_GreedyUsesMoreThanOneOption_OverAllProbesAndOnceTracking() throws {
        var shares: [String: Double] = [:], trackingShares: [String: Double] = [:]
        for name in OfferedBenchmarks.scenarios[WaveformEnv.id] ?? [] {
            var env = WaveformEnv(scenario: try ScenarioLibrary.resolve(name))
            var policy = WaveformModelPolicy(.greedy, seed: 7)
            let r = try PolicyEvaluator.evaluate(
                env: &env, policy: &policy, episodes: 40, seed: 7, envID: WaveformEnv.id, scenario: name)
            let tracked = try XCTUnwrap(r.trackingActionHistogram, name).values.reduce(0, +)
            XCTAssertLessThan(tracked, r.actionHistogram?.values.reduce(0, +) ?? 0, "\(name): the first probe has no track")
            shares[name] = r.dominantAction?.share ?? 1
            if tracked >= 5 { trackingShares[name] = r.dominantTrackingAction?.share ?? 1 }
        }
        XCTAssertTrue(shares.values.contains { $0 < 0.9 }, "\(shares)")
        XCTAssertTrue(trackingShares.values.contains { $0 < 0.9 }, "\(trackingShares)")
    }
}

/// False success (terminated with a true error above the target) ≤ 5 % and the final NEES within
/// [band[0] / `neesBelow`, band[1] × `neesAbove`] of its 95 % χ² band: the tracker-honesty check of every env's tests.
func assertTrackerKeepsItsPromise(
    _ r: EvaluationReport, scenario name: String, neesBelow: Double, neesAbove: Double,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    XCTAssertLessThanOrEqual(
        r.falseSuccessRate ?? 0, 0.05, "\(name) \(r.policy): \(r.falseSuccessRate ?? -1)", file: file, line: line)
    let nees = try XCTUnwrap(r.neesMean, "\(name) \(r.policy): no track", file: file, line: line)
    let band = try XCTUnwrap(r.neesBand, file: file, line: line)
    XCTAssertGreaterThanOrEqual(nees, band[0] / neesBelow, "\(name) \(r.policy): NEES \(nees), band \(band)", file: file, line: line)
    XCTAssertLessThanOrEqual(nees, band[1] * neesAbove, "\(name) \(r.policy): NEES \(nees), band \(band)", file: file, line: line)
}

/// Aims a narrow beam `offset` beams beside the one nearest the user (ground truth), alternating APs: the
/// farming probe of the honesty tests.
struct OffsetAimPolicy: Policy {
    let offset: Int
    private var turn = 0

    init(offset: Int) { self.offset = offset }

    var name: String { "aim+\(offset)" }

    mutating func beginEpisode(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) { turn = 0 }

    mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        turn += 1
        let ap = turn % env.arrays.count
        let array = env.arrays[ap]
        let u = array.spatialFrequency(of: (env.episode.userPosition - array.position).normalized)
        let k = min(env.codebook.count - 1, env.codebook.nearestBeam(toFrequency: u) + offset)
        return env.narrowAction(accessPoint: ap, beam: k)
    }
}
