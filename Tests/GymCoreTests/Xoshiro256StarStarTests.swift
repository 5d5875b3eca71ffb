@testable import GymCore
import XCTest

final class Xoshiro256StarStarTests: XCTestCase {
    func testReferenceOutputs_FromState1234() {
        // Reference: the authors' xoshiro256starstar.c with s = {1, 2, 3, 4} (also rand_xoshiro's test vector).
        var rng = Xoshiro256StarStar(seed: 0)
        (rng.s0, rng.s1, rng.s2, rng.s3) = (1, 2, 3, 4)
        let expected: [UInt64] = [
            11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360, 607_988_272_756_665_600,
        ]
        XCTAssertEqual((0..<6).map { _ in rng.next() }, expected)
    }

    func testSeeding_ExpandsThroughSplitMix64() {
        let rng = Xoshiro256StarStar(seed: 42)
        XCTAssertEqual(
            [rng.s0, rng.s1, rng.s2, rng.s3],
            [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52, 0x581C_E1FF_0E4A_E394])
        var copy = rng
        XCTAssertEqual(copy.next(), 1_546_998_764_402_558_742)
    }

    func testGaussian_MeanAndVarianceOver100kDraws() {
        var rng = Xoshiro256StarStar(seed: 7)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let x = rng.nextGaussian()
            sum += x
            sumSquares += x * x
        }
        let mean = sum / Double(n)
        let variance = sumSquares / Double(n) - mean * mean
        XCTAssertEqual(mean, 0, accuracy: 0.015)  // 4.7 standard errors
        XCTAssertEqual(variance, 1, accuracy: 0.02)
    }

    func testUnitDouble_InHalfOpenInterval() {
        var rng = Xoshiro256StarStar(seed: 11)
        for _ in 0..<10_000 {
            let u = rng.nextUnitDouble()
            XCTAssertTrue(u >= 0 && u < 1)
        }
    }
}
