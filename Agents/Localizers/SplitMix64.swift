// Seed mixing for the forests' per-tree streams (the generator itself is GymCore's Xoshiro256StarStar).

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
