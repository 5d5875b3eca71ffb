/// An action space known only by its ``SpaceDescription``, whose elements are ``FlatAction`` values.
///
/// It is the action space of ``AnyEnv`` (and of remote envs): it samples, checks membership and validates
/// flat actions exactly as the described concrete space would, so ``VectorEnv`` works over type-erased envs.
///
/// ```swift
/// let space = FlatActionSpace(Discrete(4).spaceDescription)
/// space.contains(.index(3))   // true
/// ```
public struct FlatActionSpace: Space {
    /// The described space.
    public let described: SpaceDescription

    /// Wraps a description.
    public init(_ described: SpaceDescription) { self.described = described }

    /// Wraps the description of a concrete space.
    public init(_ space: some Space) { self.described = space.spaceDescription }

    /// Draws an element as the described space would (a `.dict` samples its boxes in order, flat).
    public func sample(using generator: inout some RandomNumberGenerator) -> FlatAction {
        switch described {
        case let .discrete(n, start): return .index(Discrete(n, start: start).sample(using: &generator))
        case let .multiDiscrete(nvec): return .indices(MultiDiscrete(nvec).sample(using: &generator))
        case let .box(low, high, shape): return .values(Box(low: low, high: high, shape: shape).sample(using: &generator))
        case .dict:
            var values: [Float] = []
            Self.forEachBox(of: described) { values += $0.sample(using: &generator) }
            return .values(values)
        }
    }

    /// Whether `element` has the described form and lies in the described space.
    public func contains(_ element: FlatAction) -> Bool {
        switch (described, element) {
        case let (.discrete(n, start), .index(i)): return i >= start && i < start + n
        case let (.multiDiscrete(nvec), .indices(v)):
            guard v.count == nvec.count else { return false }
            for j in 0..<v.count where !(v[j] >= 0 && v[j] < nvec[j]) { return false }
            return true
        case let (.box(low, high, _), .values(v)):
            guard v.count == low.count else { return false }
            for j in 0..<v.count where !(v[j] >= low[j] && v[j] <= high[j]) { return false }
            return true
        case let (.dict, .values(v)):
            var offset = 0
            var inside = true
            Self.forEachBox(of: described) { box in
                guard inside, offset + box.size <= v.count else { inside = false; return }
                for j in 0..<box.size where !(v[offset + j] >= box.low[j] && v[offset + j] <= box.high[j]) {
                    inside = false
                }
                offset += box.size
            }
            return inside && offset == v.count
        default: return false
        }
    }

    /// The wrapped description.
    public var spaceDescription: SpaceDescription { described }

    /// Returns `flat` when it lies in the space, else throws with the concrete space's message.
    public func element(from flat: FlatAction) throws(EnvError) -> FlatAction {
        if contains(flat) { return flat }
        switch described {
        case let .discrete(n, start): _ = try Discrete(n, start: start).element(from: flat)
        case let .multiDiscrete(nvec): _ = try MultiDiscrete(nvec).element(from: flat)
        case let .box(low, high, shape): _ = try Box(low: low, high: high, shape: shape).element(from: flat)
        case .dict: break
        }
        throw .invalidAction("\(flat) is not in \(self)")
    }

    /// `element` itself.
    public func flatAction(from element: FlatAction) -> FlatAction { element }

    /// The described space as it prints, e.g. `Discrete(4)`.
    public var description: String {
        switch described {
        case let .discrete(n, start): return Discrete(n, start: start).description
        case let .multiDiscrete(nvec): return MultiDiscrete(nvec).description
        case let .box(low, high, shape): return Box(low: low, high: high, shape: shape).description
        case let .dict(entries):
            return "Dict(" + entries.map { "'\($0.key)': \(FlatActionSpace($0.space))" }.joined(separator: ", ") + ")"
        }
    }

    /// Calls `body` with every box of a (possibly nested) dict description, in order.
    private static func forEachBox(of description: SpaceDescription, _ body: (Box) -> Void) {
        switch description {
        case let .box(low, high, shape): body(Box(low: low, high: high, shape: shape))
        case let .dict(entries): for entry in entries { forEachBox(of: entry.space, body) }
        case .discrete, .multiDiscrete: break
        }
    }
}
