import Foundation
import GymCore
import XCTest

/// Replays fixed observations, rewards and terminations (the same script as the Gymnasium reference run).
private struct Scripted: Env {
    static let observations: [[Float]] = [[1, 10], [2, 20], [4, 10], [0, -5], [3, 3], [1, 1], [2, 2]]
    static let rewards: [Double] = [1, 2, 3, -1, 0.5, 4]
    static let terminations = [false, false, true, false, false, false]
    let observationSpace = Box(low: -.infinity, high: .infinity, shape: [2])
    let actionSpace = Discrete(2)
    var t = 0

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>)
        -> WalkInfo
    {
        for i in 0..<2 { observation[i] = Self.observations[t][i] }
        return WalkInfo(position: t, goal: 0)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError)
        -> Transition<WalkInfo>
    {
        let reward = Self.rewards[t], terminated = Self.terminations[t]
        t += 1
        for i in 0..<2 { observation[i] = Self.observations[t][i] }
        return Transition(reward: reward, terminated: terminated, truncated: false, info: WalkInfo(position: t, goal: 0))
    }
}

final class WrapperTests: XCTestCase {
    // MARK: - TimeLimit

    func testTimeLimit_TruncatesOnTheMaxStepAndRestartsOnReset() throws {
        var env = TimeLimit(Counter(length: 100), maxEpisodeSteps: 3)
        _ = env.reset()
        XCTAssertFalse(try env.step(0).truncated)
        XCTAssertFalse(try env.step(0).truncated)
        let last = try env.step(0)
        XCTAssertTrue(last.truncated)
        XCTAssertFalse(last.terminated)
        _ = env.reset()
        XCTAssertEqual(env.elapsedSteps, 0)
        XCTAssertFalse(try env.step(0).truncated)
    }

    func testTimeLimit_KeepsTerminatedWhenBothHappen() throws {
        var env = TimeLimit(Counter(length: 2), maxEpisodeSteps: 2)
        _ = env.reset()
        _ = try env.step(0)
        let last = try env.step(0)
        XCTAssertTrue(last.terminated && last.truncated)
    }

    // MARK: - NormalizeObservation

    /// Expected values printed by Gymnasium 1.4's `NormalizeObservation` over the same script (float32 there).
    func testNormalizeObservation_MatchesGymnasium() throws {
        let expected: [[Float]] = [
            [0.007072594948112965, 0.009955381043255329], [0.9998499751091003, 0.9999489188194275],
            [1.3362987041473389, -0.7069295644760132], [-1.1831737756729126, -1.540284276008606],
            [0.7071245312690735, -0.5535971522331238], [-0.6201435923576355, -0.6897372603416443],
            [0.11472763121128082, -0.5109729170799255],
        ]
        var env = NormalizeObservation(Scripted())
        var observations = [env.reset().observation]
        for _ in 0..<6 { observations.append(try env.step(0).observation) }
        for (got, want) in zip(observations, expected) {
            for i in 0..<2 { XCTAssertEqual(got[i], want[i], accuracy: 1e-5 * max(1, abs(want[i]))) }
        }
        XCTAssertEqual(env.observationSpace, Box(low: -.infinity, high: .infinity, shape: [2]))
    }

    func testNormalizeObservation_FrozenWhenNotTraining() throws {
        var env = NormalizeObservation(Scripted())
        _ = env.reset()
        _ = try env.step(0)
        env.isTraining = false
        let frozen = env.statistics
        _ = try env.step(0)
        XCTAssertEqual(env.statistics, frozen)
        let expected = (Double(Scripted.observations[2][0]) - frozen.mean[0]) / (frozen.variance[0] + 1e-8).squareRoot()
        _ = env.reset()  // reset replays t = 2's observation
        XCTAssertEqual(Double(env.reset().observation[0]), expected, accuracy: 1e-5)
    }

    // MARK: - Rewards

    /// Expected values printed by Gymnasium 1.4's `NormalizeReward(gamma=0.99)` over the same script.
    func testNormalizeReward_MatchesGymnasium() throws {
        let expected = [
            70.71421321062337, 2.009847769253531, 3.189592127813009, -1.205797007705131, 0.6697641555055169,
            2.3697089559426163,
        ]
        var env = NormalizeReward(Scripted(), gamma: 0.99)
        _ = env.reset()
        for want in expected { XCTAssertEqual(try env.step(0).reward, want, accuracy: 1e-9 * abs(want)) }
    }

    func testScaleReward_MultipliesEveryReward() throws {
        var env = ScaleReward(Counter(length: 5), scale: 0.5)
        _ = env.reset()
        XCTAssertEqual(try env.step(0).reward, 0.5)
        XCTAssertEqual(try env.step(0).reward, 1.0)
    }

    // MARK: - EpisodeStatistics

    func testEpisodeStatistics_SummaryOnlyOnTheLastStep() throws {
        var env = EpisodeStatistics(Counter(length: 3), bufferLength: 2)
        for episode in 0..<3 {
            _ = env.reset()
            XCTAssertNil(try env.step(0).info.episode)
            XCTAssertNil(try env.step(0).info.episode)
            let last = try env.step(0)
            XCTAssertEqual(last.info.episode?.return, 6)
            XCTAssertEqual(last.info.episode?.length, 3)
            XCTAssertGreaterThanOrEqual(last.info.episode?.wallSeconds ?? -1, 0)
            XCTAssertEqual(last.info.inner.position, 3)
            XCTAssertEqual(env.episodeCount, episode + 1)
        }
        XCTAssertEqual(env.recentEpisodes.count, 2, "buffer keeps the last 2")
    }

    func testEpisodeStatisticsInfo_EncodesInnerFieldsAndGymnasiumEpisodeKeys() throws {
        let info = EpisodeStatisticsInfo(
            inner: WalkInfo(position: 1, goal: 2), episode: EpisodeSummary(return: 1.5, length: 4, wallSeconds: 0.25))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(
            String(decoding: try encoder.encode(info), as: UTF8.self),
            #"{"episode":{"l":4,"r":1.5,"t":0.25},"goal":2,"position":1}"#)
        let plain = EpisodeStatisticsInfo(inner: WalkInfo(position: 1, goal: 2))
        XCTAssertEqual(String(decoding: try encoder.encode(plain), as: UTF8.self), #"{"goal":2,"position":1}"#)
    }
}
