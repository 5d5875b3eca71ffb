extension SpaceDescription: CustomStringConvertible {
    /// The space as Gymnasium prints it: `Discrete(64)`, `MultiDiscrete([4 4])`, `Box(-1.0, 1.0, (137,), float32)`.
    public var description: String {
        switch self {
        case let .discrete(n, start):
            return start == 0 ? "Discrete(\(n))" : "Discrete(\(n), start=\(start))"
        case let .multiDiscrete(nvec):
            return "MultiDiscrete([\(nvec.map(String.init).joined(separator: " "))])"
        case let .box(low, high, shape):
            let bounds = Set(low).count == 1 && Set(high).count == 1
                ? "\(low.first ?? 0), \(high.first ?? 0)" : "low=…, high=…"
            let dims = shape.count == 1 ? "(\(shape[0]),)" : "(\(shape.map(String.init).joined(separator: ", ")))"
            return "Box(\(bounds), \(dims), float32)"
        case let .dict(entries):
            return "Dict(\(entries.map { "'\($0.key)': \($0.space)" }.joined(separator: ", ")))"
        }
    }
}
