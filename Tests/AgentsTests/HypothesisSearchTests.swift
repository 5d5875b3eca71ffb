import GymCore
import RadioScene
import XCTest

@testable import Agents

/// The search phase's negative information: a miss moves the weight to the hypotheses the missed action could not
/// have fixed, and the usable shares follow.
final class HypothesisSearchTests: XCTestCase {
    func testMissMovesTheUsableShareToTheOtherAction() {
        // Action 0 fixes the left half, action 1 the right half (and nothing else): each starts near 1/2.
        var search = HypothesisSearch()
        var generator = Xoshiro256StarStar(seed: 3)
        search.reset(count: 400, area: (SIMD2(0, 0), SIMD2(2, 1)), actionCount: 2, using: &generator) { a, x, _ in
            (a == 0) == (x < 1) ? (1, 0, 1) : (0, 0, 0)
        }
        var before = [0.0, 0.0]
        search.usableShares(into: &before)
        XCTAssertEqual(before[0] + before[1], 1, accuracy: 1e-12)
        XCTAssertEqual(before[0], 0.5, accuracy: 0.1)
        search.observeMiss(action: 0)
        var after = [0.0, 0.0]
        search.usableShares(into: &after)
        // Weight 0.02 left on the left half: its share is 0.02·n₀ / (0.02·n₀ + n₁) ≈ 0.02.
        XCTAssertLessThan(after[0], 0.05)
        XCTAssertGreaterThan(after[1], 0.95)
        XCTAssertEqual(after[0] + after[1], 1, accuracy: 1e-12)
    }
}
