import GymCore
import XCTest

final class DictSpaceTests: XCTestCase {
    let space = DictSpace([
        (key: "mean", space: Box(low: 0, high: 1, shape: [2])),
        (key: "cov", space: Box(low: -5, high: 5, shape: [2, 2])),
    ])

    func testLayout_PacksEntriesInDeclarationOrder() {
        XCTAssertEqual(space.size, 6)
        XCTAssertEqual(space.fields.map(\.offset), [0, 2])
        XCTAssertEqual(space.field("cov")?.shape, [2, 2])
        XCTAssertEqual(space.field("cov")?.range, 2..<6)
        XCTAssertNil(space.field("nope"))
        XCTAssertEqual(space.flattened.low, [0, 0, -5, -5, -5, -5])
        XCTAssertEqual(space.flattened.high, [1, 1, 5, 5, 5, 5])
    }

    func testSlice_WritesIntoTheFlatBuffer() {
        var flat = [Float](repeating: 0, count: 6)
        flat.withUnsafeMutableBufferPointer { buffer in
            let cov = space.slice("cov", of: buffer)
            cov[0] = 1
            cov[3] = 2
        }
        XCTAssertEqual(flat, [0, 0, 1, 0, 0, 2])
    }

    func testFlattenUnflatten_RoundTrip() {
        let element: [String: [Float]] = ["mean": [0.5, 0.25], "cov": [1, 0, 0, 1]]
        let flat = space.flatten(element)
        XCTAssertEqual(flat, [0.5, 0.25, 1, 0, 0, 1])
        XCTAssertEqual(flat.withUnsafeBufferPointer { space.unflatten($0) }, element)
    }

    func testSampleAndContains() {
        var rng = Xoshiro256StarStar(seed: 9)
        for _ in 0..<200 { XCTAssertTrue(space.contains(space.sample(using: &rng))) }
        XCTAssertFalse(space.contains(["mean": [0.5, 0.5]]), "missing key")
        XCTAssertFalse(space.contains(["mean": [0.5, 2], "cov": [0, 0, 0, 0]]), "outside")
        XCTAssertFalse(space.contains(["mean": [0.5, 0.5], "cov": [0, 0, 0, 0], "x": [1]]), "extra key")
    }

    func testElementFromFlat_NamesKeyAndComponent() {
        XCTAssertEqual(try space.element(from: .values([0, 1, 0, 0, 0, 0]))["mean"], [0, 1])
        XCTAssertThrowsError(try space.element(from: .values([0, 1, 0, 9, 0, 0]))) { error in
            XCTAssertEqual(
                error as? EnvError,
                .invalidAction("component 3 ('cov'[1]) = 9.0 is outside [-5.0, 5.0] of \(space)"))
        }
        XCTAssertThrowsError(try space.element(from: .values([0]))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("\(space) takes 6 values in its flat layout, got 1"))
        }
    }

    func testDescriptionEqualityAndSpaceDescription() {
        XCTAssertEqual(
            space.description, "Dict('mean': Box(0.0, 1.0, [2], float32), 'cov': Box(-5.0, 5.0, [2, 2], float32))")
        let reordered = DictSpace([(key: "cov", space: space.spaces[1]), (key: "mean", space: space.spaces[0])])
        XCTAssertNotEqual(space, reordered)
        guard case .dict(let entries) = space.spaceDescription else { return XCTFail("not a dict description") }
        XCTAssertEqual(entries.map(\.key), ["mean", "cov"])
        XCTAssertEqual(entries[1].space, Box(low: -5, high: 5, shape: [2, 2]).spaceDescription)
    }
}
