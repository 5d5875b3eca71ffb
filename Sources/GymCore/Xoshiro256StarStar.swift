import Foundation

/// The xoshiro256** pseudo-random generator (Blackman & Vigna, 2018), seeded through SplitMix64.
///
/// Every environment owns one, seeded explicitly; SensingGym uses no global randomness, so the same
/// seed gives the same trajectory bit for bit on every machine.
///
/// ```swift
/// var rng = Xoshiro256StarStar(seed: 42)
/// let noise = rng.nextGaussian()          // N(0, 1)
/// ```
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// Creates a generator whose state is expanded from `seed` by SplitMix64, as the authors recommend.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension RandomNumberGenerator {
    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Two independent standard normal draws by Marsaglia's polar method (no trigonometric calls: a point
    /// uniform in the unit disc, accepted with probability π/4; Marsaglia & Bray, SIAM Review 1964).
    @inlinable @inline(__always)
    public mutating func nextGaussianPair() -> (Double, Double) {
        while true {
            let u = 2 * nextUnitDouble() - 1, v = 2 * nextUnitDouble() - 1
            let s = u * u + v * v
            guard s < 1, s > 0 else { continue }
            let m = (-2 * log(s) / s).squareRoot()
            return (u * m, v * m)
        }
    }

    /// A standard normal draw by the Box–Muller transform (one draw per call, no cached state).
    @inlinable
    public mutating func nextGaussian() -> Double {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }
}

extension RandomNumberGenerator {
    /// An integer uniform in `0..<bound` by Lemire's multiply-shift with rejection: the same on every platform
    /// and Swift version (the standard library's `next(upperBound:)` does not promise that).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}
