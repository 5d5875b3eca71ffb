import GymCore
import RadioScene
import XCTest

/// Log-normal shadowing: its levels have the stated std, decorrelate as exp(−d / d_corr) along the user's path,
/// and draw nothing when off.
final class LogNormalShadowingTests: XCTestCase {
    func testLevels_HaveTheStatedStd() {
        var generator = Xoshiro256StarStar(seed: 11)
        var shadowing = LogNormalShadowing(stdDB: 6)
        var sum = 0.0, squares = 0.0, count = 0.0
        for _ in 0..<5_000 {
            shadowing.begin(using: &generator)
            for link in 0..<LogNormalShadowing.maximumLinks {
                let level = shadowing.levelsDB[link]
                sum += level
                squares += level * level
                count += 1
            }
        }
        let mean = sum / count
        let std = (squares / count - mean * mean).squareRoot()
        XCTAssertEqual(std, 6, accuracy: 0.05 * 6)
        XCTAssertEqual(mean, 0, accuracy: 0.1)
    }

    func testLevels_DecorrelateAsExponentialOfDistanceMoved() {
        var generator = Xoshiro256StarStar(seed: 12)
        let sigma = 4.0, distance = 5.0
        var cross = 0.0, startSquares = 0.0, endSquares = 0.0
        for _ in 0..<5_000 {
            var shadowing = LogNormalShadowing(stdDB: sigma, decorrelationMetres: distance)
            shadowing.begin(using: &generator)
            let start = shadowing.levelsDB
            for _ in 0..<10 { shadowing.advance(movedMetres: distance / 10, using: &generator) }
            let end = shadowing.levelsDB
            cross += (start * end).sum()
            startSquares += (start * start).sum()
            endSquares += (end * end).sum()
        }
        // ρ over d_corr is e^−1 = 0.368 whatever the step size; the std stays σ (a stationary process).
        XCTAssertEqual(cross / (startSquares * endSquares).squareRoot(), exp(-1), accuracy: 0.02)
        XCTAssertEqual((endSquares / (5_000 * 8)).squareRoot(), sigma, accuracy: 0.05 * sigma)
    }

    func testOff_DrawsNothingAndGainsNothing() {
        var generator = Xoshiro256StarStar(seed: 13)
        let before = generator
        var shadowing = LogNormalShadowing.none
        shadowing.begin(using: &generator)
        shadowing.advance(movedMetres: 3, using: &generator)
        XCTAssertEqual(generator, before)
        XCTAssertEqual(shadowing.powerGain(link: 0), 1)
        var on = LogNormalShadowing(stdDB: 3)
        on.begin(using: &generator)
        XCTAssertEqual(on.powerGain(link: 2), pow(10, on.levelsDB[2] / 10), accuracy: 1e-12)
        XCTAssertEqual(on.powerGain(link: LogNormalShadowing.maximumLinks), 1)
    }
}
