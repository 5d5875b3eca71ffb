import GymCore
import XCTest

final class DiscreteTests: XCTestCase {
    func testSample_StaysInRange_AndCoversAllValues() {
        var rng = Xoshiro256StarStar(seed: 1)
        let space = Discrete(4, start: 2)
        let draws = (0..<1000).map { _ in space.sample(using: &rng) }
        XCTAssertTrue(draws.allSatisfy(space.contains))
        XCTAssertEqual(Set(draws), [2, 3, 4, 5])
    }

    func testContains_RejectsOutsideValues() {
        XCTAssertFalse(Discrete(4).contains(4))
        XCTAssertFalse(Discrete(4).contains(-1))
        XCTAssertTrue(Discrete(4).contains(0))
    }

    func testElementFromFlat_ThrowsNamingSpace() {
        XCTAssertEqual(try Discrete(4).element(from: .index(3)), 3)
        XCTAssertThrowsError(try Discrete(4).element(from: .index(4))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("4 is not in Discrete(4)"))
        }
        XCTAssertThrowsError(try Discrete(4).element(from: .indices([1])))
    }

    func testDescription_MatchesGymnasium() {
        XCTAssertEqual(Discrete(4).description, "Discrete(4)")
        XCTAssertEqual(Discrete(4, start: 1).description, "Discrete(4, start=1)")
    }
}
