// The module's own seeded random number generator: no global randomness anywhere in Localizers.

/// SplitMix64 (Steele, Lea & Flood 2014): expands one 64-bit seed into well-mixed words.
struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; advanced by the golden-ratio increment on every draw.
    private var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    init(seed: UInt64) { state = seed }

    /// Returns the next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mixes a list of words into one seed (used to derive per-forest and per-tree streams).
    static func mix(_ words: UInt64...) -> UInt64 {
        var generator = SplitMix64(seed: 0x5EED_5EED_5EED_5EED)
        var out: UInt64 = 0
        for word in words {
            generator.state ^= word
            out = generator.next()
        }
        return out
    }
}

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64; used for bootstrap and feature draws.
struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    /// The four state words; never all zero because SplitMix64 seeds them.
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// Returns the next 64 random bits.
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Returns an integer uniform in `0..<bound` (Lemire's multiply-shift with rejection; stable across Swift versions).
    mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}
