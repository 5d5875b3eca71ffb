import GymCore
import XCTest

final class MultiDiscreteTests: XCTestCase {
    func testSample_EachComponentInItsRange() {
        var rng = Xoshiro256StarStar(seed: 5)
        let space = MultiDiscrete([4, 2, 3])
        var seen = Set<[Int]>()
        for _ in 0..<2000 {
            let x = space.sample(using: &rng)
            XCTAssertTrue(space.contains(x), "\(x)")
            seen.insert(x)
        }
        XCTAssertEqual(seen.count, 24, "all 4·2·3 combinations drawn")
    }

    func testContains_RejectsWrongLengthAndOutOfRange() {
        let space = MultiDiscrete([4, 4])
        XCTAssertTrue(space.contains([3, 0]))
        XCTAssertFalse(space.contains([4, 0]))
        XCTAssertFalse(space.contains([0, -1]))
        XCTAssertFalse(space.contains([0]))
    }

    func testElementFromFlat_ErrorsNameTheProblem() {
        let space = MultiDiscrete([4, 4])
        XCTAssertEqual(try space.element(from: .indices([1, 2])), [1, 2])
        XCTAssertThrowsError(try space.element(from: .indices([1, 4]))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("component 1 = 4 is outside 0..<4 of MultiDiscrete([4 4])"))
        }
        XCTAssertThrowsError(try space.element(from: .indices([1]))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("MultiDiscrete([4 4]) takes 2 indices, got 1"))
        }
        XCTAssertThrowsError(try space.element(from: .index(1))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("MultiDiscrete([4 4]) takes 2 integer indices, got index(1)"))
        }
    }

    func testFlatActionAndDescription() {
        let space = MultiDiscrete([4, 3])
        XCTAssertEqual(space.flatAction(from: [2, 1]), .indices([2, 1]))
        XCTAssertEqual(space.spaceDescription, .multiDiscrete(nvec: [4, 3]))
        XCTAssertEqual(space.description, "MultiDiscrete([4 3])")
        XCTAssertEqual(space, MultiDiscrete([4, 3]))
        XCTAssertNotEqual(space, MultiDiscrete([4, 4]))
    }
}
