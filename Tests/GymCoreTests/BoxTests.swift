import GymCore
import XCTest

final class BoxTests: XCTestCase {
    func testSample_LiesInBoundsIncludingHalfBoundedSides() {
        var rng = Xoshiro256StarStar(seed: 3)
        let box = Box(low: [0, -.infinity, 1, -.infinity], high: [1, 0, .infinity, .infinity])
        for _ in 0..<1000 { XCTAssertTrue(box.contains(box.sample(using: &rng))) }
    }

    func testContains_RejectsNaNWrongLengthAndOutside() {
        let box = Box(low: -1, high: 1, shape: [2])
        XCTAssertTrue(box.contains([0, 1]))
        XCTAssertFalse(box.contains([0, .nan]))
        XCTAssertFalse(box.contains([0]))
        XCTAssertFalse(box.contains([0, 1.5]))
    }

    func testElementFromFlat_NamesTheComponent() {
        let box = Box(low: -1, high: 1, shape: [2])
        XCTAssertThrowsError(try box.element(from: .values([0, 2]))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("component 1 = 2.0 is outside [-1.0, 1.0] of Box(-1.0, 1.0, [2], float32)"))
        }
        XCTAssertEqual(try box.element(from: .values([0.5, -0.5])), [0.5, -0.5])
    }
}
