import GymCore
import RadioScene
import XCTest

@testable import Environments

/// Pins a short `BeamSelection-v1` trajectory (first recorded before the waveform and RIS work generalised the
/// tracker's observation model, re-recorded when the scenarios gained the tracker's multipath floor and the
/// 1.5-nat probe cost, and for v1 physics): with impairments off it must stay bit-identical; a deliberate physics change re-records it.
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
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0x4021ec2895b7c118, 0xbffd4e221a0a0d20, 0xbfffca02c75e035c, 0xbffe97e63d5b231c,
            0xbffd9614deaa5e08, 0xbffcdeee3dd5b420, 0xbffc542d562b389c, 0xbffbe4ffc5b5a980,
            0xbffb88e80abc7ba0, 0xbffb3b222cf545e0, 0xbffaf8a01a758adc, 0xbffabf3724cb4294,
            0xbffa8d4513f225d4, 0xbffa6183bbd05a96, 0xbffa3aefd1a0f792, 0xbffa18b8b5250c4e,
        ])
        XCTAssertEqual(t.observationSum, 0x73910660f21aa833)
    }

    func testSmallRoomTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-room-8x6", seed: 5)
        XCTAssertEqual(t.rewards, [
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0x401c0eacf397726c, 0xbfeb145f49fa52b0, 0xbffb2b4e50baa410, 0xc000d05cf8577c98,
            0xc0000723c4100046, 0xbffeb89233460098, 0xbffdb225a0b8d0d0, 0xbffce9b6425707a0,
            0xbffc4e3f7c998be0, 0xbffbd33f119d1a6c, 0xbffb7003c9e5ec94, 0xbffb1e880a90a624,
            0xbffada91445a5d9c, 0xbffaa118f0ac66f0, 0xbffa6fe9f60d7ebe, 0xbffa45602bfb6e14,
            0xbffa203da3adaa80, 0xbff9ff8de027bfa0, 0xbff9e29216f81fea, 0xbff9c8b364ed40d0,
            0xbff9b17900aa3b1e, 0xbff99c81266b0cea, 0xbff9897be7766b26, 0xbff978274e78d73a,
            0xbff9684c77c29288, 0x400b495bb70f2480, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0xad61fd771eff6dca)
    }
}
