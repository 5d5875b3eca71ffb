// NeuralNet: standard-normal draws from a caller's seeded generator.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws standard-normal numbers with the Box–Muller transform from a generator the caller passes in.
///
/// The module has no global randomness: every draw consumes the caller's `RandomNumberGenerator`, so the same
/// seed gives the same numbers bit for bit. Uniforms are built from the top 53 bits of `next()`.
public enum GaussianSampler {
    /// A uniform `Double` in `[0, 1)` from the top 53 bits of one `next()`.
    @inline(__always)
    public static func uniform(using rng: inout some RandomNumberGenerator) -> Double {
        Double(rng.next() >> 11) * 0x1.0p-53
    }

    /// One pair of independent standard-normal draws (consumes two `next()` calls).
    public static func pair(using rng: inout some RandomNumberGenerator) -> (Double, Double) {
        let u1 = 1 - uniform(using: &rng)  // in (0, 1], so log is finite
        let u2 = uniform(using: &rng)
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * cos(angle), radius * sin(angle))
    }

    /// One standard-normal draw (the second value of the Box–Muller pair is discarded).
    public static func next(using rng: inout some RandomNumberGenerator) -> Float {
        Float(pair(using: &rng).0)
    }

    /// Fills `buffer` with `mean + std · N(0, 1)` draws, using both values of each Box–Muller pair.
    /// - Parameters:
    ///   - buffer: The buffer to overwrite.
    ///   - mean: The mean of every draw.
    ///   - standardDeviation: The standard deviation of every draw.
    ///   - rng: The seeded generator.
    public static func fill(
        _ buffer: inout [Float], mean: Float = 0, standardDeviation: Float = 1,
        using rng: inout some RandomNumberGenerator
    ) {
        var i = 0
        while i < buffer.count {
            let (a, b) = pair(using: &rng)
            buffer[i] = mean + standardDeviation * Float(a)
            if i + 1 < buffer.count { buffer[i + 1] = mean + standardDeviation * Float(b) }
            i += 2
        }
    }
}
