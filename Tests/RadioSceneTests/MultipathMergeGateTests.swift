import Foundation
import GymCore
import RadioScene
import XCTest

/// The tracker's merge prediction agrees with the receiver's merge, position by position.
final class MultipathMergeGateTests: XCTestCase {
    /// Over a grid of the 8 × 6 m room, the gate expects a merge exactly where the strongest cluster of the on-beam
    /// probe holds more than one path, and the cluster's range is unbiased wherever it expects none.
    func testMergeGate_AgreesWithTheReceiversClusterOnEveryGridPoint() {
        let room = Reference.room()
        let ap = UniformLinearArray(position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: atan2(2.8, 3.82), elementCount: 32)
        let model = MeasurementModel(linkBudget: Reference.linkBudget(), detectionThresholdDB: 10)
        let gate = MultipathMergeGate(room: Room(minCorner: Vector3(0, 0, 0), maxCorner: Vector3(8, 6, 3), materials: room.materials))
        let tracer = ImageMethodTracer(
            room: Room(minCorner: Vector3(0, 0, 0), maxCorner: Vector3(8, 6, 3), materials: room.materials), maxOrder: 1)
        var paths: [PropagationPath] = []
        var merged = 0, points = 0
        for ix in 0..<30 {
            for iy in 0..<22 {
                let user = Vector3(0.3 + 0.25 * Double(ix), 0.3 + 0.25 * Double(iy), 1.5)
                tracer.trace(from: ap.position, to: user, into: &paths)
                guard let los = paths.first(where: \.isLineOfSight) else { continue }
                let u = ap.spatialFrequency(of: los.departureDirection)
                let cluster = paths.withUnsafeBufferPointer { model.strongestCluster(paths: $0, array: ap, steeredFrequency: u) }
                guard cluster.isLineOfSight else { continue }
                points += 1
                let expects = gate.expectsMerge(array: ap, user: user, rangeResolutionMetres: Reference.c / 3e9)
                XCTAssertEqual(expects, cluster.count > 1, "at \(user)")
                if cluster.count > 1 { merged += 1 }
                if !expects { XCTAssertEqual(cluster.lengthMetres, los.lengthMetres, accuracy: 1e-9) }
            }
        }
        // Both outcomes occur (the ceiling bounce merges beyond a few metres).
        XCTAssertGreaterThan(merged, points / 10)
        XCTAssertLessThan(merged, points * 9 / 10)
    }

    /// With a position radius r the gate expects a merge where one is expected at some point within r of the
    /// estimate: a tiny radius answers as the point test does, and on every grid point whose answer flips between
    /// two neighbours 2 cm apart, the radius variant at either neighbour (r = 2 cm) expects the merge.
    func testMergeGate_WithARadiusExpectsTheMergeOfANeighbourWithinIt() {
        let room = Reference.room()
        let bounds = Room(minCorner: Vector3(0, 0, 0), maxCorner: Vector3(8, 6, 3), materials: room.materials)
        let ap = UniformLinearArray(position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: atan2(2.8, 3.82), elementCount: 32)
        let gate = MultipathMergeGate(room: bounds)
        let resolution = Reference.c / 3e9
        var agreements = 0, edges = 0
        for ix in 0..<150 {
            for iy in 0..<110 {
                let user = Vector3(0.3 + 0.05 * Double(ix), 0.3 + 0.05 * Double(iy), 1.5)
                let point = gate.expectsMerge(array: ap, user: user, rangeResolutionMetres: resolution)
                let tiny = gate.expectsMerge(array: ap, user: user, rangeResolutionMetres: resolution, positionRadiusMetres: 1e-12)
                if point == tiny { agreements += 1 }
                let neighbour = Vector3(user.x + 0.02, user.y, 1.5)
                let other = gate.expectsMerge(array: ap, user: neighbour, rangeResolutionMetres: resolution)
                guard point != other else { continue }
                edges += 1
                XCTAssertTrue(gate.expectsMerge(array: ap, user: user, rangeResolutionMetres: resolution, positionRadiusMetres: 0.02), "at \(user)")
                XCTAssertTrue(gate.expectsMerge(array: ap, user: neighbour, rangeResolutionMetres: resolution, positionRadiusMetres: 0.02), "at \(neighbour)")
            }
        }
        XCTAssertEqual(agreements, 150 * 110)
        XCTAssertGreaterThan(edges, 20)
    }
}
