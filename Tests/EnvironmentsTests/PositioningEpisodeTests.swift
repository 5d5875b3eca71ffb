import Environments
import Foundation
import GymCore
import RadioScene
import XCTest

final class PositioningEpisodeTests: XCTestCase {
    private let energy = 0.01 * 1e-7  // 10 dBm for 100 ns

    /// A fresh 8 × 6 m episode with a stationary user at (5, 3.5).
    private func episode() throws -> PositioningEpisode {
        var e = PositioningEpisode(scenario: try Scenarios.load(Scenarios.room))
        e.begin(seed: 1)
        e.user.model = .stationary
        e.user.velocity = .zero
        e.user.position = SIMD2(5, 3.5)
        return e
    }

    /// A noise-free LoS measurement of (x, y) from access point `ap` with the given standard deviations.
    private func lineOfSight(
        _ e: PositioningEpisode, ap: Int, x: Double, y: Double, rangeStd: Double = 0.003, angleStd: Double = 0.001
    ) -> ProbeMeasurement {
        let h = e.observationModels[ap].evaluate(x: x, y: y)
        return ProbeMeasurement(
            detected: true, rangeMetres: h.range, angleRadians: h.angle, receivedPowerWatts: Decibels.watts(fromDBm: -60), energySNRdB: 25,
            rangeStdMetres: rangeStd, angleStdRadians: angleStd, isLineOfSight: true, mergedPathCount: 1)
    }

    /// The scenario's charge for one probe: per probe plus spectrum–time B·T (no energy price in the WRF rooms).
    private func probeCost(_ e: PositioningEpisode) -> Double {
        e.scenario.reward.costPerProbe
            + (e.scenario.reward.costPerGhzUs ?? 0) * e.scenario.radio.bandwidthHz / 1e9 * e.scenario.radio.probeDurationS / 1e-6
    }

    private func assertGatedWithZeroGain(
        _ e: inout PositioningEpisode, _ m: ProbeMeasurement, ap: Int, excess: Double?, expected: ProbeInfo.Outcome,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let prior = e.advanceSlot()
        let before = e.tracker
        let t = e.fuse(m, accessPoint: ap, lineOfSightPowerRatio: excess.map { Decibels.linear(fromDB: $0) }, priorLogDet: prior, priorError: e.errorMetres, energyJoules: energy)
        XCTAssertEqual(t.info.outcome, expected, file: file, line: line)
        // Net of motion: a rejected probe pays for the slot's growth of the covariance, and gains nothing else.
        let motion = e.reward.informationGain(previousLogDet: prior, currentLogDet: before.logDetPosition)
        XCTAssertLessThanOrEqual(motion, 0, file: file, line: line)
        XCTAssertEqual(t.info.informationGainNats, motion, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(t.reward, motion - t.info.costNats, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(t.info.costNats, probeCost(e), accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(e.tracker.mean, before.mean, "a gated measurement moved the estimate", file: file, line: line)
        XCTAssertEqual(
            e.tracker.covariance, before.covariance, "a gated measurement changed the covariance", file: file, line: line)
        var o = [Float](repeating: 0, count: PositioningEpisode.trackerObservationCount)
        o.withUnsafeMutableBufferPointer { e.writeTrackerObservation(into: $0) }
        XCTAssertEqual(o[PositioningEpisode.lastOutcomeIndex], -1, "a rejection must read −1", file: file, line: line)
    }

    func testFuse_MeasurementImplyingAPositionOutsideTheRoom_IsGatedWithZeroGain() throws {
        var e = try episode()
        // 12 m from AP 0 along its boresight lies beyond the room's far corner (a wall image's distance).
        var m = lineOfSight(e, ap: 0, x: 5, y: 3.5)
        m.rangeMetres = 12
        m.angleRadians = 0
        assertGatedWithZeroGain(&e, m, ap: 0, excess: nil, expected: .gatedByRegion)
    }

    func testFuse_MeasurementInconsistentWithATightPrior_IsGatedWithZeroGain() throws {
        var e = try episode()
        for k in 0..<4 {
            let prior = e.advanceSlot()
            let t = e.fuse(
                lineOfSight(e, ap: k % 2, x: 5, y: 3.5), accessPoint: k % 2, lineOfSightPowerRatio: Decibels.linear(fromDB: 0), priorLogDet: prior,
                priorError: e.errorMetres, energyJoules: energy)
            XCTAssertEqual(t.info.outcome, .accepted)
        }
        XCTAssertLessThan(e.errorMetres, 0.01)
        // A position 1 m away but inside the room, e.g. a floor bounce's mislocation.
        assertGatedWithZeroGain(&e, lineOfSight(e, ap: 0, x: 4, y: 3.5), ap: 0, excess: 0, expected: .gatedByInnovation)
    }

    func testFuse_MeasurementWeakerThanLineOfSight_IsGatedAsNLoSWithZeroGain() throws {
        var e = try episode()
        assertGatedWithZeroGain(
            &e, lineOfSight(e, ap: 1, x: 5, y: 3.5), ap: 1, excess: -e.nlosPowerMarginDB - 0.5, expected: .gatedByPower)
    }

    /// Every first-order reflection, probed on its own (LoS blocked) with the beam on it, is rejected on a fresh
    /// room-sized prior: the region gate or the range–power check must catch what the innovation gate cannot.
    func testFuse_FirstOrderReflectionsAlone_AreRejectedWithZeroGain() throws {
        let scenario = try Scenarios.load(Scenarios.room)
        let tracer = ImageMethodTracer(room: scenario.sceneRoom, maxOrder: 1)
        let model = scenario.measurementModel
        var rng = Xoshiro256StarStar(seed: 8)
        var checked = 0
        for user in [SIMD2(5.0, 3.5), SIMD2(2.0, 4.5), SIMD2(6.5, 1.2), SIMD2(3.0, 2.0)] {
            for ap in 0..<2 {
                let array = scenario.arrays[ap]
                var paths: [PropagationPath] = []
                tracer.trace(from: array.position, to: Vector3(user[0], user[1], 1.5), into: &paths)
                for reflection in paths where !reflection.isLineOfSight {
                    var e = try episode()
                    e.user.position = user
                    let u = array.spatialFrequency(of: reflection.departureDirection)
                    let m = [reflection].withUnsafeBufferPointer {
                        model.measure(paths: $0, array: array, steeredFrequency: u, using: &rng)
                    }
                    guard m.detected else { continue }
                    let excess = model.lineOfSightPowerExcessDB(
                        of: m, array: array, steeredFrequency: u, observation: e.observationModels[ap])
                    let prior = e.advanceSlot()
                    let t = e.fuse(m, accessPoint: ap, lineOfSightPowerRatio: excess.map { Decibels.linear(fromDB: $0) }, priorLogDet: prior,
                                   priorError: e.errorMetres, energyJoules: energy)
                    checked += 1
                    XCTAssertNotEqual(
                        t.info.outcome, .accepted,
                        "user \(user), AP \(ap), \(String(describing: reflection.lastSurface)): NLoS fused (excess \(String(describing: excess)) dB)")
                    if t.info.outcome != .accepted { XCTAssertEqual(t.info.informationGainNats, 0) }
                }
            }
        }
        XCTAssertGreaterThan(checked, 30)
    }

    func testFuse_AcceptedMeasurement_EarnsTheHalfLogDetRatioMinusCost() throws {
        var e = try episode()
        var rng = Xoshiro256StarStar(seed: 12)
        for k in 0..<10 {
            let previous = e.tracker.covariance
            let prior = e.advanceSlot()
            XCTAssertEqual(prior, positionLogDet(previous), accuracy: 1e-12)
            var m = lineOfSight(e, ap: k % 2, x: 5, y: 3.5, rangeStd: 0.01, angleStd: 0.003)
            m.rangeMetres += 0.01 * rng.nextGaussian()
            m.angleRadians += 0.003 * rng.nextGaussian()
            let t = e.fuse(m, accessPoint: k % 2, lineOfSightPowerRatio: Decibels.linear(fromDB: 0.2), priorLogDet: prior, priorError: e.errorMetres,
                           energyJoules: energy)
            XCTAssertEqual(t.info.outcome, .accepted)
            let gain = e.reward.informationGain(
                previousLogDet: positionLogDet(previous), currentLogDet: positionLogDet(e.tracker.covariance))
            XCTAssertEqual(t.info.informationGainNats, gain, accuracy: 1e-9)
            XCTAssertEqual(t.reward, gain - probeCost(e), accuracy: 1e-9)
            XCTAssertEqual(t.info.energyJoules, energy)
        }
    }

    func testTrackerObservation_DoesNotDependOnTheTruePosition() throws {
        var e = try episode()
        let prior = e.advanceSlot()
        _ = e.fuse(lineOfSight(e, ap: 0, x: 5, y: 3.5), accessPoint: 0, lineOfSightPowerRatio: Decibels.linear(fromDB: 0), priorLogDet: prior,
                   priorError: e.errorMetres, energyJoules: energy)
        var a = [Float](repeating: .nan, count: 9), b = a
        a.withUnsafeMutableBufferPointer { e.writeTrackerObservation(into: $0) }
        e.user.position = SIMD2(1, 1)
        e.user.velocity = SIMD2(0.7, -0.3)
        b.withUnsafeMutableBufferPointer { e.writeTrackerObservation(into: $0) }
        XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern))
        XCTAssertFalse(a.contains { !$0.isFinite })
    }
}
