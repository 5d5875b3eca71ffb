import GymCore
import XCTest

final class FlatActionSpaceTests: XCTestCase {
    func testMembershipMatchesTheConcreteSpaces() {
        let discrete = FlatActionSpace(Discrete(3, start: 1))
        XCTAssertTrue(discrete.contains(.index(3)))
        XCTAssertFalse(discrete.contains(.index(0)))
        XCTAssertFalse(discrete.contains(.indices([1])))
        let multi = FlatActionSpace(MultiDiscrete([2, 3]))
        XCTAssertTrue(multi.contains(.indices([1, 2])))
        XCTAssertFalse(multi.contains(.indices([2, 2])))
        let box = FlatActionSpace(Box(low: -1, high: 1, shape: [2]))
        XCTAssertTrue(box.contains(.values([0, 1])))
        XCTAssertFalse(box.contains(.values([0, .nan])))
    }

    func testElementFrom_UsesTheConcreteSpacesMessage() {
        XCTAssertThrowsError(try FlatActionSpace(Discrete(4)).element(from: .index(9))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("9 is not in Discrete(4)"))
        }
    }

    func testSample_LiesInTheSpace() {
        var rng = Xoshiro256StarStar(seed: 2)
        for space in [FlatActionSpace(Discrete(5)), FlatActionSpace(MultiDiscrete([3, 3])),
                      FlatActionSpace(Box(low: 0, high: 2, shape: [3])),
                      FlatActionSpace(DictSpace([(key: "a", space: Box(low: 0, high: 1, shape: [2]))]))] {
            for _ in 0..<100 { XCTAssertTrue(space.contains(space.sample(using: &rng)), "\(space)") }
        }
    }
}
