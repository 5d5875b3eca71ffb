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

    /// `["--episodes", "-5"]` → `["--episodes=-5"]`: a long option followed by a negative number takes it as its value.
    static func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--"), !argument.contains("="), index + 1 < arguments.count,
                isNegativeNumber(arguments[index + 1])
            {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
            } else {
                result.append(argument)
                index += 1
            }
        }
        return result
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        guard text.hasPrefix("-"), text.count > 1 else { return false }
        let rest = text.dropFirst()
        return Double(rest) != nil && (rest.first?.isNumber == true || rest.first == ".")
    }
}
