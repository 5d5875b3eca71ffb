import GymCore
import RadioScene
import XCTest

@testable import Environments

/// Pins a short `BeamSelection-v0` trajectory recorded on the foundation (commit 1286c92), before the waveform
/// and RIS work generalised the tracker's observation model: with impairments off it must stay bit-identical.
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
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0x402ca70de43b7dc3,
            0x403060241ceebfb7, 0x4027c7231ecdc72a, 0xbfb999999999999a, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
            0xbfb999999999999a, 0x4029d57325c130cb, 0xbfb999999999999a, 0xbfb999999999999a,
            0xbfb999999999999a, 0x403222771a6acf58, 0x403036ac3292c9ad, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
            0x4031989361b02b62, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
        ])
        XCTAssertEqual(t.observationSum, 0x818a4d86e1ee6931)
    }

    func testSmallRoomTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-room-8x6", seed: 5)
        XCTAssertEqual(t.rewards, [
            0x402847cd6c0a32ab, 0x4027ccd81c62410a, 0x4025c38f8a0679cb, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0x402b4c3c61f90d1d, 0x4025ce1f1c74b192,
            0x4026c5b0344f66a2, 0xbfb999999999999a, 0x40275365843cf3c8, 0xbfb999999999999a,
            0x4027c8c4e9a4d1e1, 0x4028bc6726f9a625, 0x4025679cf3c62f6d, 0xbfb999999999999a,
            0xbfb999999999999a, 0x402841e9c98f8f3e, 0xbfb999999999999a, 0x4029a2ebe5bf3223,
            0x4027eed6816c412f, 0x40298de442261359, 0x4029fab057ed3899, 0x402b3f64568f7925,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0x402afb0a9d722d23,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
            0x402823afb29b5a4a, 0x402778cc7b53f78a, 0x402e8687bbf38e57, 0xbfb999999999999a,
            0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a, 0xbfb999999999999a,
        ])
        XCTAssertEqual(t.observationSum, 0x1aa66744f3ef3092)
    }
}
