import GymCore
import Foundation
@testable import Localizers

/// Synthetic CSI fingerprints in the paper's layout: per AP the RSS, azimuth AoA, elevation AoA and ToA of a
/// line-of-sight path, plus Gaussian noise, on a grid of reference points with 0.2 m spacing.
enum SyntheticFingerprints {
    /// Noise standard deviations per feature kind.
    struct Noise {
        /// RSS noise, dB.
        var rssDB = 1.0
        /// Azimuth noise, rad.
        var azimuth = 0.01
        /// Elevation noise, rad.
        var elevation = 0.01
        /// ToA noise, s.
        var toa = 0.3e-9
    }

    /// Access points (x, y) in metres, at 2.8 m height; the receiver is at 1.5 m (the paper's Table I).
    static let accessPoints: [(x: Double, y: Double)] = [(-0.5, -0.5), (4.0, -0.7)]

    /// The 4-per-AP feature names of the CSV convention.
    static var featureNames: [String] {
        accessPoints.indices.flatMap { i in ["ap\(i)_rss_dbm", "ap\(i)_aoa_az_rad", "ap\(i)_aoa_el_rad", "ap\(i)_toa_s"] }
    }

    /// A table of `samplesPerPoint` noisy fingerprints at each of `nx × ny` grid points (0.2 m spacing).
    static func table(nx: Int, ny: Int, samplesPerPoint: Int, noise: Noise = Noise(), seed: UInt64, split: String? = nil)
        -> FingerprintTable
    {
        var points = [(x: Double, y: Double)]()
        for i in 0..<nx {
            for j in 0..<ny {
                // Grid coordinates as a dataset generator would print them: rounded to the micrometre.
                points.append(((Double(i) * 0.2 * 1e6).rounded() / 1e6, (Double(j) * 0.2 * 1e6).rounded() / 1e6))
            }
        }
        return table(points: points, samplesPerPoint: samplesPerPoint, noise: noise, seed: seed, split: split)
    }

    /// Test points off the grid: `count` positions uniform over the `nx × ny` grid's rectangle.
    static func offGrid(nx: Int, ny: Int, count: Int, noise: Noise = Noise(), seed: UInt64) -> FingerprintTable {
        var rng = Xoshiro256StarStar(seed: seed ^ 0xFFFF)
        func uniform() -> Double { Double(rng.next() >> 11) / 9_007_199_254_740_992 }
        let width = Double(nx - 1) * 0.2, height = Double(ny - 1) * 0.2
        var points = [(x: Double, y: Double)]()
        for _ in 0..<count { points.append((uniform() * width, uniform() * height)) }
        return table(points: points, samplesPerPoint: 1, noise: noise, seed: seed)
    }

    /// Noisy fingerprints at the given points.
    static func table(
        points: [(x: Double, y: Double)], samplesPerPoint: Int, noise: Noise, seed: UInt64, split: String? = nil
    ) -> FingerprintTable {
        var rng = Xoshiro256StarStar(seed: seed)
        func gaussian() -> Double {
            let u1 = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992
            let u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
            return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
        }
        var features = [Double](), xs = [Double](), ys = [Double]()
        for (x, y) in points {
            do {
                for _ in 0..<samplesPerPoint {
                    xs.append(x)
                    ys.append(y)
                    for ap in accessPoints {
                        let dx = x - ap.x, dy = y - ap.y, dz = 1.5 - 2.8
                        let horizontal = (dx * dx + dy * dy).squareRoot()
                        let distance = (horizontal * horizontal + dz * dz).squareRoot()
                        features.append(-40 - 20 * Foundation.log10(distance) + noise.rssDB * gaussian())
                        features.append(Foundation.atan2(dy, dx) + noise.azimuth * gaussian())
                        features.append(Foundation.atan2(dz, horizontal) + noise.elevation * gaussian())
                        features.append(distance / 299_792_458 + noise.toa * gaussian())
                    }
                }
            }
        }
        // The generator produces consistent shapes and finite values by construction.
        guard let table = try? FingerprintTable(
            featureNames: featureNames, features: features, x: xs, y: ys,
            split: split.map { label in [String](repeating: label, count: xs.count) })
        else { preconditionFailure("synthetic table has an inconsistent shape") }
        return table
    }
}
