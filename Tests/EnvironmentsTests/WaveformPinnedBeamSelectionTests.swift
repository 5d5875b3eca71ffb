import GymCore
import RadioScene
import XCTest

@testable import Environments

/// Pins a short `BeamSelection-v1` trajectory (first recorded before the waveform and RIS work generalised the
/// tracker's observation model, re-recorded when the scenarios gained the tracker's multipath floor and the
/// 1.5-nat probe cost, for v1 physics, for the tracker's consider-bias floors of issue 10, and for its fix linearisation, direct-path test and folded
/// boundary: the rewards stayed, the observation checksum moved): with impairments off it must stay bit-identical; a deliberate physics change re-records it.
final class WaveformPinnedBeamSelectionTests: XCTestCase {
    /// Rewards (bit patterns) and a checksum of the observations of 40 steps with seeded random actions.
    static func trajectory(scenario: String, seed: UInt64) throws -> (rewards: [UInt64], observationSum: UInt64) {
        var env = BeamSelectionEnv(scenario: try ScenarioLibrary.resolve(scenario))
        var rng = Xoshiro256StarStar(seed: seed ^ 0xABCD)
        var (observation, _) = env.reset(seed: seed)
        var rewards: [UInt64] = []
        var checksum: UInt64 = 0
        for _ in 0..<40 {
            let result = try env.step(env.actionSpace.sample(using: &rng))
            rewards.append(result.reward.bitPattern)
            observation = result.observation
            for value in observation { checksum = checksum &* 31 &+ UInt64(value.bitPattern) }
            if result.terminated || result.truncated { _ = env.reset(seed: nil) }
        }
        return (rewards, checksum)
    }

    func testOfficeTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-office-16x15", seed: 11)
        XCTAssertEqual(t.rewards, [
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0x401f1c3188538b62, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0x3778056d37ffcac4)
    }

    func testSmallRoomTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-room-8x6", seed: 5)
        XCTAssertEqual(t.rewards, [
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0x4018ac210a582816, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0x4018ac210a582816, 0xc008000000000000, 0x4018ac210a582816,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0x507c34c478e172d7)
    }
}
