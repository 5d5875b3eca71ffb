import Foundation
import GymCore
import RadioScene
import XCTest

/// The first-order paths traced in SIMD2 lanes (rooms without blockers) hold exactly the bits of the scalar
/// path-by-path code (which a room with a blocker takes; the blocker here is a 1 mm cube no path comes near).
final class FirstOrderLanesTests: XCTestCase {
    private let corner = Blocker(minCorner: Vector3(7.998, 5.998, 2.998), maxCorner: Vector3(7.999, 5.999, 2.999))

    private func bits(_ p: PropagationPath) -> [UInt64] {
        [p.lengthMetres, p.departureDirection.x, p.departureDirection.y, p.departureDirection.z,
         p.arrivalDirection.x, p.arrivalDirection.y, p.arrivalDirection.z, p.reflectionAmplitude,
         p.reflectionPhaseCosine, p.reflectionPhaseSine].map(\.bitPattern)
            + [UInt64(p.reflectionCount), UInt64(p.lastSurface?.rawValue ?? 99)]
    }

    private func assertLanesMatchScalar(materials: [Material], polarization: Polarization, carrier: Double) {
        let open = Room(minCorner: Vector3(0, 0, 0), maxCorner: Vector3(8, 6, 3), materials: materials)
        var blocked = open
        blocked.blockers = [corner]
        let lanes = ImageMethodTracer(room: open, maxOrder: 1, carrierHertz: carrier, polarization: polarization)
        let scalar = ImageMethodTracer(room: blocked, maxOrder: 1, carrierHertz: carrier, polarization: polarization)
        var rng = Xoshiro256StarStar(seed: 11)
        var a: [PropagationPath] = [], b: [PropagationPath] = []
        for _ in 0..<500 {
            let ap = Vector3(0.1 + 7.8 * rng.nextUnitDouble(), 0.1 + 5.8 * rng.nextUnitDouble(), 2.0 + rng.nextUnitDouble())
            let user = Vector3(0.2 + 7.6 * rng.nextUnitDouble(), 0.2 + 5.6 * rng.nextUnitDouble(), 1.5)
            lanes.trace(from: ap, to: user, into: &a)
            scalar.trace(from: ap, to: user, into: &b)
            XCTAssertEqual(a.count, 7)
            XCTAssertEqual(a.map(bits), b.map(bits), "\(polarization) at \(ap) → \(user)")
        }
    }

    func testFresnelSurfacesVertical() {
        let concrete = Material(name: "concrete", itu: "concrete")
        assertLanesMatchScalar(
            materials: [concrete, concrete, concrete, concrete, concrete, Material(name: "plasterboard", itu: "plasterboard")],
            polarization: .vertical, carrier: 60e9)
    }

    func testFresnelSurfacesHorizontal() {
        let glass = Material(name: "glass", itu: "glass")
        assertLanesMatchScalar(
            materials: [glass, glass, glass, glass, Material(name: "concrete", itu: "concrete"), glass],
            polarization: .horizontal, carrier: 140e9)
    }

    func testMixedFixedLossAndFresnel() {
        let wall = Material(name: "walls", reflectionLossDB: 6), concrete = Material(name: "concrete", itu: "concrete")
        assertLanesMatchScalar(
            materials: [wall, concrete, concrete, wall, Material(name: "floor", reflectionLossDB: 8), concrete],
            polarization: .vertical, carrier: 28e9)
    }

    func testFixedLossOnly() {
        let wall = Material(name: "walls", reflectionLossDB: 6)
        assertLanesMatchScalar(materials: Array(repeating: wall, count: 6), polarization: .vertical, carrier: 60e9)
    }
}
