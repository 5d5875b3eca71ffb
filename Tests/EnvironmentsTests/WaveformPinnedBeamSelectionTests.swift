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
            0x401dd8512b6f8230, 0xc00aa7110d050690, 0xc00be50163af01ae, 0xc00b4bf31ead918e,
            0xc00acb0a6f552f04, 0xc00a6f771eeada10, 0xc00a2a16ab159c4e, 0xc009f27fe2dad4c0,
            0xc009c474055e3dd0, 0xc0099d91167aa2f0, 0xc0097c500d3ac56e, 0xc0095f9b9265a14a,
            0xc00946a289f912ea, 0xc00930c1dde82d4b, 0xc0091d77e8d07bc9, 0xc0090c5c5a928627,
        ])
        XCTAssertEqual(t.observationSum, 0x73910660f21aa833)
    }

    func testSmallRoomTrajectoryIsBitIdenticalToTheFoundation() throws {
        let t = try Self.trajectory(scenario: "wrf-room-8x6", seed: 5)
        XCTAssertEqual(t.rewards, [
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0x40160eacf397726c, 0xc002c517d27e94ac, 0xc00995a7285d5208, 0xc00cd05cf8577c98,
            0xc00c0723c4100046, 0xc00b5c4919a3004c, 0xc00ad912d05c6868, 0xc00a74db212b83d0,
            0xc00a271fbe4cc5f0, 0xc009e99f88ce8d36, 0xc009b801e4f2f64a, 0xc0098f4405485312,
            0xc0096d48a22d2ece, 0xc009508c78563378, 0xc00937f4fb06bf5f, 0xc00922b015fdb70a,
            0xc009101ed1d6d540, 0xc008ffc6f013dfd0, 0xc008f1490b7c0ff5, 0xc008e459b276a068,
            0xc008d8bc80551d8f, 0xc008ce4093358675, 0xc008c4bdf3bb3593, 0xc008bc13a73c6b9d,
            0xc008b4263be14944, 0x3ffe92b76e1e4900, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
            0xc008000000000000, 0xc008000000000000, 0xc008000000000000, 0xc008000000000000,
        ])
        XCTAssertEqual(t.observationSum, 0xad61fd771eff6dca)
    }
}
