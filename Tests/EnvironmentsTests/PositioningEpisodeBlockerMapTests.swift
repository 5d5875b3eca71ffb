import Environments
import Foundation
import GymCore
import RadioScene
import XCTest

/// The factory's site map (`tracker.blocker_map`): the racks hide line of sight, so what they hide is NLoS; and the
/// tracker's surveillance region, the user area.
final class PositioningEpisodeBlockerMapTests: XCTestCase {
    private let energy = 1e-7
    /// Behind the long rack (x 6–40 m, y 8–9 m, 5 m high) seen from AP 0 at (1, 1, 6): hidden.
    private let hidden = (x: 20.0, y: 20.0)
    /// Between AP 0 and the rack: in view.
    private let clear = (x: 5.0, y: 3.0)

    private func episode(blockerMap: Bool) throws -> PositioningEpisode {
        var scenario = try ScenarioLibrary.resolve("indoor-factory-ris")
        XCTAssertEqual(scenario.tracker.blockerMap, true, "the factory's tracker knows its racks")
        scenario.tracker.blockerMap = blockerMap
        var e = PositioningEpisode(scenario: scenario)
        e.begin(seed: 1)
        e.user.model = .stationary
        e.user.velocity = .zero
        return e
    }

    /// A noise-free fix of (x, y) from AP 0, as line of sight would give it.
    private func fix(_ e: PositioningEpisode, x: Double, y: Double) -> ProbeMeasurement {
        let h = e.observationModels[0].evaluate(x: x, y: y)
        return ProbeMeasurement(
            detected: true, rangeMetres: h.range, angleRadians: h.angle, receivedPowerWatts: 1e-9, energySNRdB: 30,
            rangeStdMetres: 0.01, angleStdRadians: 0.002, isLineOfSight: true, mergedPathCount: 1)
    }

    private func fuse(_ e: inout PositioningEpisode, _ m: ProbeMeasurement) -> ProbeInfo.Outcome {
        let prior = e.advanceSlot()
        return e.fuse(
            m, accessPoint: 0, lineOfSightPowerRatio: 1, priorLogDet: prior, priorError: e.errorMetres,
            energyJoules: energy
        ).info.outcome
    }

    func testFixThatTheRacksHide_IsRejectedAsNLoS_AndStartsNoTrack() throws {
        var mapped = try episode(blockerMap: true)
        XCTAssertEqual(fuse(&mapped, fix(mapped, x: hidden.x, y: hidden.y)), .gatedByPower)
        XCTAssertFalse(mapped.tracker.isInitialised)
        // The same fix without the map starts the track there (what a reflection passing for LoS did before).
        var unmapped = try episode(blockerMap: false)
        XCTAssertNotEqual(fuse(&unmapped, fix(unmapped, x: hidden.x, y: hidden.y)), .gatedByPower)
        XCTAssertTrue(unmapped.tracker.isInitialised)
        // A fix in view starts the track with the map too.
        var inView = try episode(blockerMap: true)
        XCTAssertNotEqual(fuse(&inView, fix(inView, x: clear.x, y: clear.y)), .gatedByPower)
        XCTAssertTrue(inView.tracker.isInitialised)
    }

    func testHiddenShare_IsTheShareOfTheTrackBehindTheRack() throws {
        var e = try episode(blockerMap: true)
        XCTAssertEqual(e.hiddenShare(from: e.observationModels[0].anchor, heightMetres: 1.5), 0, "no track yet")
        let tight = Matrix4(diagonal: SIMD4(1e-4, 1e-4, 0.1, 0.1))
        e.tracker.startTrack(mean: SIMD4(hidden.x, hidden.y, 0, 0), covariance: tight)
        XCTAssertEqual(e.hiddenShare(from: e.observationModels[0].anchor, heightMetres: 1.5), 1)
        e.tracker.startTrack(mean: SIMD4(clear.x, clear.y, 0, 0), covariance: tight)
        XCTAssertEqual(e.hiddenShare(from: e.observationModels[0].anchor, heightMetres: 1.5), 0)
        // A wide track across the rack's shadow edge: part hidden, part in view.
        e.tracker.startTrack(mean: SIMD4(12, 10, 0, 0), covariance: Matrix4(diagonal: SIMD4(25, 25, 0.1, 0.1)))
        let share = e.hiddenShare(from: e.observationModels[0].anchor, heightMetres: 1.5)
        XCTAssertGreaterThan(share, 0)
        XCTAssertLessThan(share, 1)
    }

    func testRangeOfATrackTheRacksHideWhole_IsRejectedAsNLoS() throws {
        var mapped = try episode(blockerMap: true)
        let tight = Matrix4(diagonal: SIMD4(1e-2, 1e-2, 0.1, 0.1))
        mapped.tracker.startTrack(mean: SIMD4(hidden.x, hidden.y, 0, 0), covariance: tight)
        var range = fix(mapped, x: hidden.x + 0.05, y: hidden.y)
        range.angleStdRadians = .infinity  // no angle: a range alone
        XCTAssertFalse(range.hasAngle)
        XCTAssertEqual(fuse(&mapped, range), .gatedByPower)
        var unmapped = try episode(blockerMap: false)
        unmapped.tracker.startTrack(mean: SIMD4(hidden.x, hidden.y, 0, 0), covariance: tight)
        XCTAssertEqual(fuse(&unmapped, range), .accepted)
    }

    /// The surveillance region is the user area (the factory keeps the user 1 m from the walls): a fix 0.5 m from a
    /// wall, inside the room, is gated; one inside the user area starts the track.
    func testFixBetweenTheWallAndTheUserArea_IsGatedByRegion() throws {
        var e = try episode(blockerMap: true)
        XCTAssertEqual(e.scenario.user.marginM, 1.0)
        XCTAssertEqual(fuse(&e, fix(e, x: 5, y: 0.5)), .gatedByRegion)
        XCTAssertFalse(e.tracker.isInitialised)
        XCTAssertNotEqual(fuse(&e, fix(e, x: 5, y: 1.2)), .gatedByRegion)
        XCTAssertTrue(e.tracker.isInitialised)
    }
}
