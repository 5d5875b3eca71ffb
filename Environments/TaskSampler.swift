import GymCore

/// The seeded draws a task family makes, rounded so that a task's YAML reads back to the same ``Scenario``.
///
/// Dividing a whole number by 10 or 100 gives the double nearest the decimal, which YAML writes back exactly;
/// every continuous draw is therefore a multiple of a decimal step (centimetres, tenths of a degree).
///
/// ```swift
/// var draws = TaskSampler(seed: 42)
/// let widthMetres = draws.uniform(6...14, step: 0.1)
/// ```
public struct TaskSampler: Sendable {
    /// The generator every draw advances.
    public var generator: Xoshiro256StarStar

    /// Creates a sampler seeded with `seed`.
    public init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

    /// `x` rounded to a multiple of `step` (0.01, 0.1, 1 …), as the decimal YAML writes.
    public static func decimal(_ x: Double, step: Double = 0.01) -> Double {
        let scale = (1 / step).rounded()
        return (x * scale).rounded() / scale
    }

    /// A uniform draw from `range`, rounded to a multiple of `step`.
    public mutating func uniform(_ range: ClosedRange<Double>, step: Double = 0.01) -> Double {
        let x = range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUnitDouble()
        return Swift.min(Swift.max(Self.decimal(x, step: step), range.lowerBound), range.upperBound)
    }

    /// A uniform whole number from `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + generator.nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// One of `options`, each equally likely.
    public mutating func pick<T>(_ options: [T]) -> T { options[generator.nextInt(below: options.count)] }
}
