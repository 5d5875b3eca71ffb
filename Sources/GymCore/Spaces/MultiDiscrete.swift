/// A product of finite integer sets `{0, …, nvec[i] − 1}`, as Gymnasium's `spaces.MultiDiscrete`.
///
/// `Waveform-v1` uses it for (carrier, bandwidth) pairs. Its flat wire form is ``FlatAction/indices(_:)``.
///
/// ```swift
/// let waveform = MultiDiscrete([4, 4])
/// let action = waveform.sample(using: &rng)   // e.g. [2, 0]
/// waveform.contains([4, 0])                   // false
/// ```
public struct MultiDiscrete: Space {
    /// The number of values of each component.
    public let nvec: [Int]

    /// The number of components.
    public var count: Int { nvec.count }

    /// Creates the space; `nvec` must be non-empty with every entry positive.
    public init(_ nvec: [Int]) {
        precondition(!nvec.isEmpty, "MultiDiscrete space needs at least one component")
        precondition(nvec.allSatisfy { $0 > 0 }, "MultiDiscrete space needs every n > 0, got \(nvec)")
        self.nvec = nvec
    }

    /// Draws every component uniformly and independently.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Int] {
        nvec.map { Int(generator.next(upperBound: UInt64($0))) }
    }

    /// Whether `element` has one value per component, each in `0..<nvec[i]`.
    public func contains(_ element: [Int]) -> Bool {
        guard element.count == nvec.count else { return false }
        for i in 0..<nvec.count where !(element[i] >= 0 && element[i] < nvec[i]) { return false }
        return true
    }

    /// `{"type":"MultiDiscrete","nvec":[…]}`.
    public var spaceDescription: SpaceDescription { .multiDiscrete(nvec: nvec) }

    /// Accepts `.indices(v)` with `v` in the space.
    public func element(from flat: FlatAction) throws(EnvError) -> [Int] {
        guard case .indices(let values) = flat else {
            throw .invalidAction("\(self) takes \(nvec.count) integer indices, got \(flat.formDescription)")
        }
        guard values.count == nvec.count else {
            throw .invalidAction("\(self) takes \(nvec.count) indices, got \(values.count)")
        }
        if let i = values.indices.first(where: { !(values[$0] >= 0 && values[$0] < nvec[$0]) }) {
            throw .invalidAction("component \(i) = \(values[i]) is outside 0..<\(nvec[i]) of \(self)")
        }
        return values
    }

    /// `.indices(element)`.
    public func flatAction(from element: [Int]) -> FlatAction { .indices(element) }

    /// `MultiDiscrete([4 4])`, as Gymnasium prints it.
    public var description: String { "MultiDiscrete([\(nvec.map(String.init).joined(separator: " "))])" }
}
