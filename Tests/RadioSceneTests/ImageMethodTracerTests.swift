import Foundation
import RadioScene
import XCTest

final class ImageMethodTracerTests: XCTestCase {
    /// AP in a corner of the 8 × 6 × 3 m room at 2.8 m, user at 1.5 m; generic enough that no two paths tie.
    let ap = Vector3(0.18, 0.2, 2.8)
    let user = Vector3(5.0, 3.5, 1.5)
    let room = Reference.room()

    /// The six planes as (surface, axis, value) of the 8 × 6 × 3 m room.
    let planes: [(surface: Surface, axis: Int, value: Double)] = [
        (.wallXMin, 0, 0), (.wallXMax, 0, 8), (.wallYMin, 1, 0), (.wallYMax, 1, 6), (.floor, 2, 0), (.ceiling, 2, 3),
    ]

    private func component(_ v: Vector3, _ axis: Int) -> Double { [v.x, v.y, v.z][axis] }
    private func unitNormal(_ axis: Int) -> Vector3 {
        [Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1)][axis]
    }
    private func angle(_ a: Vector3, _ b: Vector3) -> Double { acos(abs(a.normalized.dot(b.normalized))) }

    /// The specular point on plane `axis = value` by similar triangles (not the image method): it divides the
    /// parallel offset from `t` to `r` in the ratio of their distances to the plane.
    private func specularPoint(_ t: Vector3, _ r: Vector3, axis: Int, value: Double) -> Vector3 {
        let dt = abs(component(t, axis) - value), dr = abs(component(r, axis) - value)
        let f = dt / (dt + dr)
        var c = [t.x + (r.x - t.x) * f, t.y + (r.y - t.y) * f, t.z + (r.z - t.z) * f]
        c[axis] = value
        return Vector3(c[0], c[1], c[2])
    }

    /// Asserts that the bounce at `p` off a plane with normal along `axis` obeys the law of reflection.
    private func assertSpecular(
        incoming a: Vector3, at p: Vector3, outgoing b: Vector3, axis: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let n = unitNormal(axis)
        XCTAssertEqual(angle(a - p, n), angle(b - p, n), accuracy: 1e-12, "incidence ≠ reflection", file: file, line: line)
        // Incident ray, reflected ray and normal are coplanar.
        XCTAssertEqual(n.dot((a - p).normalized.cross((b - p).normalized)), 0, accuracy: 1e-12, file: file, line: line)
        // Both ends lie on the same side of the plane.
        XCTAssertGreaterThan(
            (component(a, axis) - component(p, axis)) * (component(b, axis) - component(p, axis)), 0, file: file, line: line)
    }

    func testTracer_FirstOrderReflectionPoint_MatchesMirrorConstruction() {
        for plane in planes {
            var imageCoordinates = [user.x, user.y, user.z]
            imageCoordinates[plane.axis] = 2 * plane.value - imageCoordinates[plane.axis]
            let image = Vector3(imageCoordinates[0], imageCoordinates[1], imageCoordinates[2])
            let p = ImageMethodTracer.reflectionPoint(
                transmitter: ap, image: image, axis: plane.axis, planeValue: plane.value)
            assertEqual(p, specularPoint(ap, user, axis: plane.axis, value: plane.value), accuracy: 1e-12, "\(plane.surface)")
            // On the wall, inside its rectangle.
            XCTAssertEqual(component(p, plane.axis), plane.value, accuracy: 1e-12)
            XCTAssertTrue(room.contains(p, margin: 1e-12), "\(plane.surface): \(p) is not on the room's surface")
            assertSpecular(incoming: ap, at: p, outgoing: user, axis: plane.axis)
            // The unfolded length equals the two real segments.
            XCTAssertEqual((image - ap).length, (p - ap).length + (user - p).length, accuracy: 1e-12)
        }
    }

    func testTracer_FirstOrderPaths_MatchExplicitGeometry() {
        let tracer = ImageMethodTracer(room: room, maxOrder: 1)
        var paths: [PropagationPath] = []
        tracer.trace(from: ap, to: user, into: &paths)
        XCTAssertEqual(paths.count, 7)
        XCTAssertEqual(tracer.maxPathCount, 7)

        let los = paths.filter(\.isLineOfSight)
        XCTAssertEqual(los.count, 1)
        let direct = user - ap
        XCTAssertEqual(los.first?.lengthMetres ?? 0, direct.length, accuracy: 1e-12)
        assertEqual(los.first?.departureDirection ?? .zero, direct.normalized, accuracy: 1e-12)
        assertEqual(los.first?.arrivalDirection ?? .zero, direct.normalized * -1, accuracy: 1e-12)
        XCTAssertEqual(los.first?.reflectionAmplitude, 1)

        let lossDB: [Surface: Double] = [.wallXMin: 6, .wallXMax: 6, .wallYMin: 6, .wallYMax: 6, .floor: 8, .ceiling: 10]
        for plane in planes {
            let matching = paths.filter { $0.reflectionCount == 1 && $0.lastSurface == plane.surface }
            XCTAssertEqual(matching.count, 1, "\(plane.surface)")
            guard let path = matching.first else { continue }
            let p = specularPoint(ap, user, axis: plane.axis, value: plane.value)
            XCTAssertEqual(path.lengthMetres, (p - ap).length + (user - p).length, accuracy: 1e-12, "\(plane.surface)")
            XCTAssertEqual(path.delaySeconds, path.lengthMetres / Reference.c, accuracy: 1e-22)
            assertEqual(path.departureDirection, (p - ap).normalized, accuracy: 1e-12, "departure \(plane.surface)")
            assertEqual(path.arrivalDirection, (p - user).normalized, accuracy: 1e-12, "arrival \(plane.surface)")
            XCTAssertEqual(
                path.reflectionAmplitude, pow(10, -(lossDB[plane.surface] ?? 0) / 20), accuracy: 1e-15, "\(plane.surface)")
            XCTAssertGreaterThan(path.lengthMetres, direct.length)
        }
    }

    func testTracer_SecondOrder_Has25PathsWithUnfoldedLengthsAndAmplitudes() {
        let tracer = ImageMethodTracer(room: room, maxOrder: 2)
        var paths: [PropagationPath] = []
        tracer.trace(from: ap, to: user, into: &paths)
        XCTAssertEqual(paths.count, 25)
        XCTAssertEqual(tracer.maxPathCount, 25)
        XCTAssertEqual(paths.filter { $0.reflectionCount == 2 }.count, 18)

        // Independent enumeration: per axis, the distance travelled along it and the reflection amplitude.
        let lo = [0.0, 0, 0], hi = [8.0, 6, 3]
        let t = [ap.x, ap.y, ap.z], r = [user.x, user.y, user.z]
        let gammaLo = [pow(10, -6.0 / 20), pow(10, -6.0 / 20), pow(10, -8.0 / 20)]
        let gammaHi = [pow(10, -6.0 / 20), pow(10, -6.0 / 20), pow(10, -10.0 / 20)]
        func legs(_ axis: Int) -> [(distance: Double, gamma: Double, bounces: Int)] {
            let a = axis, span = hi[a] - lo[a]
            return [
                (abs(t[a] - r[a]), 1, 0),
                ((t[a] - lo[a]) + (r[a] - lo[a]), gammaLo[a], 1),
                ((hi[a] - t[a]) + (hi[a] - r[a]), gammaHi[a], 1),
                ((t[a] - lo[a]) + span + (hi[a] - r[a]), gammaLo[a] * gammaHi[a], 2),
                ((hi[a] - t[a]) + span + (r[a] - lo[a]), gammaLo[a] * gammaHi[a], 2),
            ]
        }
        var expected: [(length: Double, gamma: Double, order: Int)] = []
        for lx in legs(0) {
            for ly in legs(1) {
                for lz in legs(2) where lx.bounces + ly.bounces + lz.bounces <= 2 {
                    let length = (lx.distance * lx.distance + ly.distance * ly.distance + lz.distance * lz.distance)
                        .squareRoot()
                    expected.append((length, lx.gamma * ly.gamma * lz.gamma, lx.bounces + ly.bounces + lz.bounces))
                }
            }
        }
        XCTAssertEqual(expected.count, 25)
        let got = paths.sorted { $0.lengthMetres < $1.lengthMetres }
        expected.sort { $0.length < $1.length }
        for (path, e) in zip(got, expected) {
            XCTAssertEqual(path.lengthMetres, e.length, accuracy: 1e-9)
            XCTAssertEqual(path.reflectionAmplitude, e.gamma, accuracy: 1e-12, "length \(e.length)")
            XCTAssertEqual(path.reflectionCount, e.order, "length \(e.length)")
            XCTAssertEqual(path.departureDirection.length, 1, accuracy: 1e-12)
            XCTAssertEqual(path.arrivalDirection.length, 1, accuracy: 1e-12)
        }
    }

    func testTracer_SecondOrderCornerPath_ObeysTheLawOfReflectionAtBothWalls() {
        // Path AP → wall x = 8 → wall y = 6 → user (or y first): build its real bounce points explicitly.
        let farImage = Vector3(16 - user.x, 12 - user.y, user.z)
        let d = farImage - ap
        let sx = (8 - ap.x) / d.x, sy = (6 - ap.y) / d.y
        let first = ap + d * min(sx, sy)
        let q = ap + d * max(sx, sy)
        // The second crossing happened in the half-space mirrored by the first wall: fold it back.
        let second = sx < sy ? Vector3(16 - q.x, q.y, q.z) : Vector3(q.x, 12 - q.y, q.z)
        let (firstAxis, secondAxis) = sx < sy ? (0, 1) : (1, 0)
        XCTAssertTrue(room.contains(first, margin: 1e-9) && room.contains(second, margin: 1e-9))
        assertSpecular(incoming: ap, at: first, outgoing: second, axis: firstAxis)
        assertSpecular(incoming: first, at: second, outgoing: user, axis: secondAxis)
        let explicitLength = (first - ap).length + (second - first).length + (user - second).length

        let tracer = ImageMethodTracer(room: room, maxOrder: 2)
        var paths: [PropagationPath] = []
        tracer.trace(from: ap, to: user, into: &paths)
        let match = paths.filter { abs($0.lengthMetres - explicitLength) < 1e-9 }
        XCTAssertEqual(match.count, 1, "no traced path of length \(explicitLength): \(paths.map(\.lengthMetres))")
        XCTAssertEqual(match.first?.reflectionCount, 2)
        assertEqual(match.first?.departureDirection ?? .zero, (first - ap).normalized, accuracy: 1e-12)
        assertEqual(match.first?.arrivalDirection ?? .zero, (second - user).normalized, accuracy: 1e-12)
        XCTAssertEqual(match.first?.reflectionAmplitude ?? 0, pow(10, -12.0 / 20), accuracy: 1e-12)
    }

    func testTracer_BlockerOnTheDirectPath_RemovesTheSegmentsThroughIt() {
        let mid = (ap + user) * 0.5
        let box = Blocker(minCorner: mid - Vector3(0.1, 0.1, 0.1), maxCorner: mid + Vector3(0.1, 0.1, 0.1))
        // Independent visibility: sample each leg every few millimetres and look for a point inside the box.
        func crosses(_ a: Vector3, _ b: Vector3) -> Bool {
            (0...4000).contains { i in
                let p = a + (b - a) * (Double(i) / 4000)
                return p.x >= box.minCorner.x && p.x <= box.maxCorner.x && p.y >= box.minCorner.y
                    && p.y <= box.maxCorner.y && p.z >= box.minCorner.z && p.z <= box.maxCorner.z
            }
        }
        XCTAssertTrue(crosses(ap, user))
        let visible = Set(planes.filter { plane in
            let p = specularPoint(ap, user, axis: plane.axis, value: plane.value)
            return !crosses(ap, p) && !crosses(p, user)
        }.map(\.surface))
        // The AP sits 18 cm from the x = 0 wall, so that wall's reflection runs beside LoS through the box too.
        XCTAssertFalse(visible.contains(.wallXMin))

        let tracer = ImageMethodTracer(room: Reference.room(blockers: [box]), maxOrder: 1)
        var paths: [PropagationPath] = []
        tracer.trace(from: ap, to: user, into: &paths)
        XCTAssertFalse(paths.contains(where: \.isLineOfSight))
        XCTAssertEqual(Set(paths.compactMap(\.lastSurface)), visible)
        XCTAssertEqual(paths.count, visible.count)
    }

    func testTracer_OrderZero_GivesLineOfSightOnly() {
        var paths: [PropagationPath] = []
        ImageMethodTracer(room: room, maxOrder: 0).trace(from: ap, to: user, into: &paths)
        XCTAssertEqual(paths.count, 1)
        XCTAssertEqual(paths.first?.isLineOfSight, true)
    }
}
