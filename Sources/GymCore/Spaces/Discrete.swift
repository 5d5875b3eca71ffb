/// A finite set of integers `{start, start + 1, …, start + n − 1}`, as Gymnasium's `spaces.Discrete`.
///
/// ```swift
/// let beams = Discrete(32)
/// let action = beams.sample(using: &rng)   // 0…31
/// beams.contains(32)                       // false
/// ```
public struct Discrete: Space {
    /// The number of elements.
    public let n: Int
    /// The smallest element.
    public let start: Int

    /// Creates the space `{start, …, start + n − 1}`; `n` must be positive.
    public init(_ n: Int, start: Int = 0) {
        precondition(n > 0, "Discrete space needs n > 0, got \(n)")
        self.n = n
        self.start = start
    }

    /// Draws an element uniformly.
    public func sample(using generator: inout some RandomNumberGenerator) -> Int {
        start + Int(generator.next(upperBound: UInt64(n)))
    }

    /// Whether `element` is one of the space's integers.
    public func contains(_ element: Int) -> Bool { element >= start && element < start + n }

    /// `{"type":"Discrete","n":…,"start":…}`.
    public var spaceDescription: SpaceDescription { .discrete(n: n, start: start) }

    /// Accepts `.index(i)` with `i` in the space.
    public func element(from flat: FlatAction) throws(EnvError) -> Int {
        guard case .index(let i) = flat else {
            throw .invalidAction("\(self) takes one integer index, got \(flat.formDescription)")
        }
        guard contains(i) else { throw .invalidAction("\(i) is not in \(self)") }
        return i
    }

    /// `.index(element)`.
    public func flatAction(from element: Int) -> FlatAction { .index(element) }

    /// `Discrete(n)` or `Discrete(n, start=s)`, as Gymnasium prints it.
    public var description: String { start == 0 ? "Discrete(\(n))" : "Discrete(\(n), start=\(start))" }
}
