import Foundation
import GymCore
import RadioScene
import XCTest

/// The reflecting boundary folds the predicted Gaussian (``ExtendedKalmanFilter/reflectingBounds``): its mean and
/// covariance are the moments of the folded distribution, which a Monte-Carlo of folded draws reproduces.
final class ExtendedKalmanFilterFoldTests: XCTestCase {
    /// A state straddling the upper x bound (118 m): mean 117.6 m, σ_x 0.5 m, moving +4 m/s, x and vx correlated.
    let mean = SIMD4(117.6, 5.0, 4.0, 1.0)
    let covariance = Matrix4(
        SIMD4(0.25, 0.02, 0.3, 0), SIMD4(0.02, 0.04, 0, 0.01), SIMD4(0.3, 0, 1.0, 0), SIMD4(0, 0.01, 0, 0.25))
    let bounds = ExtendedKalmanFilter.ReflectingBounds(lower: SIMD2(2, 2), upper: SIMD2(118, 18))

    /// Folded through a (near-zero) prediction step, mean and covariance match 200 000 folded draws: every mean
    /// within 4 standard errors, every covariance entry within 0.02 or 1 % (the velocity variance
    /// grows from 1 to 13: part of the draws turned back).
    func testFold_MatchesTheMomentsOfFoldedDraws() {
        var ekf = ExtendedKalmanFilter(mean: mean, covariance: covariance, accelerationNoiseDensity: 0, trustedPrior: true)
        ekf.reflectingBounds = bounds
        ekf.predict(dt: 1e-12)
        // Cholesky of the covariance, then folded draws.
        var l = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for i in 0..<4 {
            for j in 0...i {
                var sum = covariance[i, j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                l[i][j] = i == j ? sum.squareRoot() : sum / l[j][j]
            }
        }
        var rng = Xoshiro256StarStar(seed: 21)
        let n = 200_000
        var sum = SIMD4<Double>.zero
        var outer = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        var folds = 0
        for _ in 0..<n {
            let z = SIMD4(rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian())
            var y = mean
            for i in 0..<4 { for k in 0...i { y[i] += l[i][k] * z[k] } }
            if y[0] > bounds.upper[0] {
                y[0] = 2 * bounds.upper[0] - y[0]
                y[2] = -y[2]
                folds += 1
            }
            sum += y
            for i in 0..<4 { for j in 0..<4 { outer[i][j] += y[i] * y[j] } }
        }
        let sampleMean = sum / Double(n)
        XCTAssertGreaterThan(folds, n / 5, "the test must straddle the bound")
        for i in 0..<4 {
            let standardError = (outer[i][i] / Double(n) - sampleMean[i] * sampleMean[i]).squareRoot() / Double(n).squareRoot()
            XCTAssertEqual(ekf.mean[i], sampleMean[i], accuracy: 4 * standardError, "mean[\(i)]")
            for j in 0..<4 {
                let sampled = outer[i][j] / Double(n) - sampleMean[i] * sampleMean[j]
                XCTAssertEqual(ekf.covariance[i, j], sampled, accuracy: max(0.02, 0.01 * abs(sampled)), "P[\(i), \(j)]")
            }
        }
        // Mirroring the mean alone (it has not crossed) would leave the state as it was.
        XCTAssertLessThan(ekf.mean[2], mean[2] - 0.5, "a fifth of the draws turned back: the mean speed drops")
    }

    /// Far inside the area the fold changes nothing; far beyond a bound it is the plain mirror.
    func testFold_FarFromTheBoundIsTheIdentityOrTheMirror() {
        var inside = ExtendedKalmanFilter(
            mean: SIMD4(60, 10, 4, 1), covariance: covariance, accelerationNoiseDensity: 0, trustedPrior: true)
        inside.reflectingBounds = bounds
        var reference = inside
        reference.reflectingBounds = nil
        inside.predict(dt: 0.01)
        reference.predict(dt: 0.01)
        XCTAssertEqual(inside.mean, reference.mean)
        XCTAssertEqual(inside.covariance, reference.covariance)

        var beyond = ExtendedKalmanFilter(
            mean: SIMD4(125, 10, 4, 1), covariance: covariance, accelerationNoiseDensity: 0, trustedPrior: true)
        beyond.reflectingBounds = bounds
        beyond.predict(dt: 1e-12)
        XCTAssertEqual(beyond.mean[0], 2 * 118 - 125, accuracy: 1e-9)
        XCTAssertEqual(beyond.mean[2], -4, accuracy: 1e-9)
        XCTAssertEqual(beyond.covariance[0, 2], covariance[0, 2], accuracy: 1e-9, "x and vx flip together")
        XCTAssertEqual(beyond.covariance[0, 1], -covariance[0, 1], accuracy: 1e-9)
    }
}
