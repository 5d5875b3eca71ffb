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
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0x401dd1772c9d6cf2, 0xc00aa53b0c60a3b4, 0xc00be314e89638b0, 0xc00b4a5f61e5f282,
            0xc00ac9a27d03ae44, 0xc00a6e41382d8d2c, 0xc00a29163fc8fdc8, 0xc009f1b0aa061048,
            0xc009c3ce38248bd2, 0xc0099d0c95d27b12, 0xc0097be5bdb006cc, 0xc0095f45b28d5be4,
            0xc009465c9b32c560, 0xc00930886bdc35ee, 0xc0091d484f34c60e, 0xc0090c3493a6d9c4,
        ])
        XCTAssertEqual(t.observationSum, 0x28bc7325dea3f25a)
    }

    func testSmallRoomTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-room-8x6", seed: 5)
        XCTAssertEqual(t.rewards, [
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0x40161ea0c7416452, 0xc002e4ff79d27878, 0xc0096062eaafb438, 0xc00ce505877ea9e8,
            0xc00c12aed2240cf6, 0xc00b62b67e0c65b4, 0xc00adcdd6881f052, 0xc00a773c38f30402,
            0xc00a28b36033525e, 0xc009eab786943190, 0xc009b8cba5de0a76, 0xc0098fda174627f4,
            0xc0096dbb49a885d0, 0xc00950e615525276, 0xc009383c67ba7038, 0xc00922e9fcc566e2,
            0xc009104e75c6fdc8, 0xc008ffeea6d999d3, 0xc008f16a89c8cf64, 0xc008e4763d4775df,
            0xc008d8d50d87a54d, 0xc008ce55df9032be, 0xc008c4d092218c14, 0xc008bc240b5ec8c1,
            0xc008b434c1e02e38, 0x3ffe8e63f6c6c598, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0x1f96fb576044acf7)
    }
}
