/// A space with finitely many elements that can be enumerated by index: what an exhaustive sweep needs.
public protocol FiniteSpace: Space {
    /// The number of elements (0 when the space is not finite, e.g. a `Box` behind a ``FlatActionSpace``).
    var cardinality: Int { get }
    /// The element at `index` in 0..<``cardinality`` (row-major over the components of a multi-discrete space).
    func element(at index: Int) -> Element
}

extension Discrete: FiniteSpace {
    /// `n`.
    public var cardinality: Int { n }
    /// `start + index`.
    public func element(at index: Int) -> Int { start + index }
}

extension MultiDiscrete: FiniteSpace {
    /// The product of `nvec`.
    public var cardinality: Int { nvec.reduce(1, *) }
    /// The index read as a mixed-radix number, last component fastest.
    public func element(at index: Int) -> [Int] { Self.digits(of: index, radices: nvec) }

    static func digits(of index: Int, radices: [Int]) -> [Int] {
        var rest = index
        var digits = [Int](repeating: 0, count: radices.count)
        for j in radices.indices.reversed() {
            digits[j] = rest % radices[j]
            rest /= radices[j]
        }
        return digits
    }
}

extension FlatActionSpace: FiniteSpace {
    /// The wrapped space's cardinality when it is discrete or multi-discrete, else 0.
    public var cardinality: Int {
        switch described {
        case let .discrete(n, _): return n
        case let .multiDiscrete(nvec): return nvec.reduce(1, *)
        default: return 0
        }
    }

    /// The element at `index` in the wrapped discrete or multi-discrete space (`.values([])` otherwise).
    public func element(at index: Int) -> FlatAction {
        switch described {
        case let .discrete(_, start): return .index(start + index)
        case let .multiDiscrete(nvec): return .indices(MultiDiscrete.digits(of: index, radices: nvec))
        default: return .values([])
        }
    }
}
