import GymCore
import RadioScene
import XCTest

@testable import Environments

/// Pins a short `BeamSelection-v0` trajectory (first recorded before the waveform and RIS work generalised the
/// tracker's observation model, re-recorded when the scenarios gained the tracker's multipath floor and the
/// 1.5-nat probe cost): with impairments off it must stay bit-identical; a deliberate physics change re-records it.
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
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0x4025c95d7887ddf2,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0x4022fff0f612a98a, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0x40073eefd0b7ee4a, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0x3306a9c10ccb908a)
    }

    func testSmallRoomTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-room-8x6", seed: 5)
        XCTAssertEqual(t.rewards, [
            0x402206b5323651eb, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0x402313ae6ca75d22, 0x40220e0b7143c328, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0x4023477d6c37c770, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0x402216e3f7547d8a, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0x402283bd4c719c7b, 0x4020e302aa202a76,
            0xbff8000000000000, 0x402087357a37ef3b, 0xbfe40562e7298348, 0xbff8000000000000,
            0x40202e2a87a9137d, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
            0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000, 0xbff8000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0x899769067bed5608)
    }
}
