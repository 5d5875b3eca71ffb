import Foundation
import GymCore
import RadioScene
import XCTest

final class UserMobilityTests: XCTestCase {
    let lower = SIMD2(0.3, 0.3), upper = SIMD2(7.7, 5.7)

    private func user(_ model: MobilityModel, seed: UInt64 = 1) -> (UserMobility, Xoshiro256StarStar) {
        var rng = Xoshiro256StarStar(seed: seed)
        let u = UserMobility(model: model, lowerBound: lower, upperBound: upper, using: &rng)
        return (u, rng)
    }

    private func inside(_ p: SIMD2<Double>) -> Bool {
        p[0] >= lower[0] - 1e-12 && p[0] <= upper[0] + 1e-12 && p[1] >= lower[1] - 1e-12 && p[1] <= upper[1] + 1e-12
    }

    func testMobility_Stationary_NeverMoves() {
        var (u, rng) = user(.stationary)
        let start = u.position
        XCTAssertTrue(inside(start))
        for _ in 0..<100 { u.advance(dt: 0.1, using: &rng) }
        XCTAssertEqual(u.position, start)
        XCTAssertEqual(u.speed, 0)
    }

    func testMobility_ConstantVelocity_MovesAtItsSpeedAndReflectsOffTheArea() {
        var (u, rng) = user(.constantVelocity(speedMetresPerSecond: 1.5), seed: 3)
        XCTAssertEqual((u.velocity * u.velocity).sum().squareRoot(), 1.5, accuracy: 1e-12)
        var bounces = 0
        for _ in 0..<2000 {
            let before = u.position, v = u.velocity
            u.advance(dt: 0.01, using: &rng)
            XCTAssertTrue(inside(u.position), "\(u.position) left the area")
            XCTAssertEqual((u.velocity * u.velocity).sum().squareRoot(), 1.5, accuracy: 1e-12)
            if u.velocity == v {
                let step = u.position - before
                XCTAssertEqual(step[0], v[0] * 0.01, accuracy: 1e-12)
                XCTAssertEqual(step[1], v[1] * 0.01, accuracy: 1e-12)
            } else {
                bounces += 1
            }
        }
        XCTAssertGreaterThan(bounces, 2, "30 m of walking in a 7.4 × 5.4 m area must bounce")
    }

    func testMobility_RandomWaypoint_WalksAtItsSpeedBetweenPointsInTheArea() {
        var (u, rng) = user(.randomWaypoint(speedMetresPerSecond: 1), seed: 4)
        var waypoints = 0
        for _ in 0..<5000 {
            let before = u.position, target = u.waypoint
            u.advance(dt: 0.05, using: &rng)
            XCTAssertTrue(inside(u.position))
            XCTAssertTrue(inside(u.waypoint))
            let moved = ((u.position - before) * (u.position - before)).sum().squareRoot()
            XCTAssertLessThanOrEqual(moved, 0.05 + 1e-12)
            if u.waypoint != target {
                waypoints += 1
                XCTAssertEqual(u.position, target, "reached waypoints are stood on")
            } else {
                XCTAssertEqual(moved, 0.05, accuracy: 1e-9)
            }
        }
        XCTAssertGreaterThan(waypoints, 10)
    }

    func testMobility_SameSeed_SamePath() {
        var (a, ra) = user(.randomWaypoint(speedMetresPerSecond: 1), seed: 9)
        var (b, rb) = user(.randomWaypoint(speedMetresPerSecond: 1), seed: 9)
        for _ in 0..<500 {
            a.advance(dt: 0.05, using: &ra)
            b.advance(dt: 0.05, using: &rb)
        }
        XCTAssertEqual(a, b)
    }
}
