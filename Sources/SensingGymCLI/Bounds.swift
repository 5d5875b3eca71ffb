import ArgumentParser

/// Range checks of command-line values, with an error that names the option and its limits.
///
/// ```swift
/// try Bounds.check("--num-envs", numEnvs, 1...4096)   // "--num-envs must be in 1...4096, got 1000000000"
/// ```
enum Bounds {
    /// Throws a `ValidationError` unless `value` lies in `range`.
    static func check<T: Comparable>(_ option: String, _ value: T, _ range: ClosedRange<T>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }

    /// Throws a `ValidationError` unless `value` is finite and lies in `range` (NaN never does).
    static func check(_ option: String, _ value: Double, _ range: ClosedRange<Double>) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(option) must be a number in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }

    /// Throws a `ValidationError` unless `value` is finite and lies in `range`.
    static func check(_ option: String, _ value: Float, _ range: ClosedRange<Float>) throws {
        try check(option, Double(value), Double(range.lowerBound)...Double(range.upperBound))
    }
}
