import GymCore
import RadioScene
import XCTest

@testable import Environments

/// Where a scenario asks for two links (`tracker.confirmation_links`), no episode ends on one link's fix alone.
final class TrackConfirmationTests: XCTestCase {
    private func startedTracker() -> ExtendedKalmanFilter {
        var tracker = ExtendedKalmanFilter(
            mean: .zero, covariance: Matrix4(diagonal: SIMD4(100, 100, 1, 1)), accelerationNoiseDensity: 0)
        tracker.startTrack(mean: SIMD4(1, 2, 0, 0), covariance: Matrix4(diagonal: SIMD4(1e-6, 1e-6, 1, 1)))
        return tracker
    }

    func testTwoDistinctLinksConfirm_RepeatsOfOneDoNot_ARestartForgetsThem() {
        var tracker = startedTracker()
        var confirmation = TrackConfirmation(requiredLinks: 2)
        confirmation.recordAccepted(link: 0, tracker: tracker)
        confirmation.recordAccepted(link: 0, tracker: tracker)
        XCTAssertEqual(confirmation.linkCount(tracker: tracker), 1)
        XCTAssertFalse(confirmation.isConfirmed(tracker: tracker))
        confirmation.recordAccepted(link: 3, tracker: tracker)
        XCTAssertTrue(confirmation.isConfirmed(tracker: tracker))
        XCTAssertTrue(confirmation.supports(link: 3, tracker: tracker))
        // A new track (track loss, or a fingerprint fix) starts with no support.
        tracker.startTrack(mean: SIMD4(5, 5, 0, 0), covariance: Matrix4(diagonal: SIMD4(1e-6, 1e-6, 1, 1)))
        XCTAssertEqual(confirmation.linkCount(tracker: tracker), 0)
        XCTAssertFalse(confirmation.supports(link: 0, tracker: tracker))
        XCTAssertFalse(confirmation.isConfirmed(tracker: tracker))
        // One link suffices where one is required, even with nothing recorded (a fingerprint fix).
        XCTAssertTrue(TrackConfirmation(requiredLinks: 1).isConfirmed(tracker: tracker))
    }

    /// The indoor factory requires two links: every terminated episode of a random policy has two behind its track,
    /// and some episodes reach the 95 % radius on one link and go on (before, those ended: 16 % false success).
    func testIndoorFactory_NoEpisodeEndsOnOneLink() throws {
        var env = RISConfigurationEnv(scenario: try ScenarioLibrary.resolve("indoor-factory-ris"))
        XCTAssertEqual(env.episode.confirmation.requiredLinks, 2)
        var rng = Xoshiro256StarStar(seed: 9)
        var terminated = 0, waitedForConfirmation = 0
        for episode in 0..<40 {
            _ = env.reset(seed: UInt64(episode))
            while true {
                let t = try env.step(Int(rng.next() % UInt64(env.actionSpace.n)))
                if env.awaitsConfirmation { waitedForConfirmation += 1 }
                if t.terminated {
                    terminated += 1
                    XCTAssertGreaterThanOrEqual(env.episode.confirmation.linkCount(tracker: env.episode.tracker), 2)
                }
                if t.terminated || t.truncated { break }
            }
        }
        XCTAssertGreaterThan(waitedForConfirmation, 0)
        XCTAssertGreaterThan(terminated + waitedForConfirmation, 0)
    }
}
