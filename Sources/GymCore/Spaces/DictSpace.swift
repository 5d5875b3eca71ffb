/// An ordered dictionary of named ``Box`` spaces with a flat layout, as Gymnasium's `spaces.Dict`.
///
/// Observations that are naturally a record (tracker mean, covariance, last RSS per beam, …) are declared as a
/// `DictSpace` and travel flat: entry `k` occupies `fields[k].offset ..< fields[k].offset + fields[k].count` of
/// one `[Float]`, in declaration order. An env declares ``flattened`` as its `observationSpace` and writes each
/// entry through ``slice(_:of:)``; the bridge sends ``spaceDescription`` so clients can unflatten.
///
/// ```swift
/// let space = DictSpace([("mean", Box(low: 0, high: 1, shape: [2])), ("logStd", Box(low: -10, high: 5, shape: [2]))])
/// space.slice("logStd", of: buffer)[0] = -1   // writes flat component 2
/// ```
public struct DictSpace: Space {
    /// Where one entry lives in the flat form.
    public struct Field: Sendable, Equatable {
        /// The entry's name.
        public let key: String
        /// The entry's first component in the flat form.
        public let offset: Int
        /// The entry's shape.
        public let shape: [Int]
        /// The entry's number of components.
        public let count: Int
        /// The flat components the entry occupies.
        public var range: Range<Int> { offset..<(offset + count) }
    }

    /// The entry names, in declaration order.
    public let keys: [String]
    /// The entry spaces, in declaration order.
    public let spaces: [Box]
    /// The flat layout: one field per entry, in declaration order, packed without gaps.
    public let fields: [Field]
    /// The total number of flat components.
    public let size: Int
    private let indexByKey: [String: Int]

    /// Creates a space from ordered `(key, space)` entries; keys must be unique and the list non-empty.
    public init(_ entries: [(key: String, space: Box)]) {
        precondition(!entries.isEmpty, "DictSpace needs at least one entry")
        var fields: [Field] = []
        var indexByKey: [String: Int] = [:]
        var offset = 0
        for (i, entry) in entries.enumerated() {
            precondition(indexByKey[entry.key] == nil, "DictSpace has the key '\(entry.key)' twice")
            indexByKey[entry.key] = i
            fields.append(Field(key: entry.key, offset: offset, shape: entry.space.shape, count: entry.space.size))
            offset += entry.space.size
        }
        self.keys = entries.map(\.key)
        self.spaces = entries.map(\.space)
        self.fields = fields
        self.size = offset
        self.indexByKey = indexByKey
    }

    /// The field of `key`, or `nil` when the space has no such entry.
    public func field(_ key: String) -> Field? { indexByKey[key].map { fields[$0] } }

    /// The space of `key`, or `nil` when the space has no such entry.
    public subscript(key: String) -> Box? { indexByKey[key].map { spaces[$0] } }

    /// The flat box of all entries concatenated in order: what an env declares as its `observationSpace`.
    public var flattened: Box {
        Box(low: spaces.flatMap(\.low), high: spaces.flatMap(\.high), shape: [size])
    }

    /// The part of a flat buffer that holds `key` (no copy); traps when the key is unknown or the buffer short.
    public func slice(_ key: String, of buffer: UnsafeMutableBufferPointer<Float>) -> UnsafeMutableBufferPointer<Float> {
        guard let field = field(key) else { preconditionFailure("DictSpace has no key '\(key)'; keys: \(keys)") }
        precondition(buffer.count >= size, "buffer holds \(buffer.count) floats, \(self) needs \(size)")
        return UnsafeMutableBufferPointer(rebasing: buffer[field.range])
    }

    /// Flattens a dict element into one array in the declared layout; traps when a key is missing or mis-sized.
    public func flatten(_ element: [String: [Float]]) -> [Float] {
        var flat = [Float]()
        flat.reserveCapacity(size)
        for field in fields {
            guard let values = element[field.key] else { preconditionFailure("\(self): element lacks '\(field.key)'") }
            precondition(values.count == field.count, "'\(field.key)' has \(values.count) values, needs \(field.count)")
            flat.append(contentsOf: values)
        }
        return flat
    }

    /// Splits a flat buffer of ``size`` floats into a dict element.
    public func unflatten(_ flat: UnsafeBufferPointer<Float>) -> [String: [Float]] {
        precondition(flat.count == size, "flat form has \(flat.count) floats, \(self) needs \(size)")
        var element: [String: [Float]] = [:]
        for field in fields { element[field.key] = Array(flat[field.range]) }
        return element
    }

    /// Draws every entry from its box.
    public func sample(using generator: inout some RandomNumberGenerator) -> [String: [Float]] {
        var element: [String: [Float]] = [:]
        for (key, space) in zip(keys, spaces) { element[key] = space.sample(using: &generator) }
        return element
    }

    /// Whether `element` has exactly the space's keys and every entry lies in its box.
    public func contains(_ element: [String: [Float]]) -> Bool {
        guard element.count == keys.count else { return false }
        for (key, space) in zip(keys, spaces) {
            guard let values = element[key], space.contains(values) else { return false }
        }
        return true
    }

    /// `{"type":"Dict","spaces":[{"key":…,"space":{"type":"Box",…}}, …]}`, in declaration order.
    public var spaceDescription: SpaceDescription {
        .dict(zip(keys, spaces).map { (key: $0, space: $1.spaceDescription) })
    }

    /// Accepts `.values(v)` with `v` the flat form of an element; errors name the entry and component.
    public func element(from flat: FlatAction) throws(EnvError) -> [String: [Float]] {
        guard case .values(let values) = flat else {
            throw .invalidAction("\(self) takes \(size) float values in its flat layout, got \(flat.formDescription)")
        }
        guard values.count == size else {
            throw .invalidAction("\(self) takes \(size) values in its flat layout, got \(values.count)")
        }
        for (field, space) in zip(fields, spaces) {
            for j in 0..<field.count {
                let v = values[field.offset + j]
                guard v >= space.low[j] && v <= space.high[j] else {
                    throw .invalidAction(
                        "component \(field.offset + j) ('\(field.key)'[\(j)]) = \(v) is outside "
                            + "[\(space.low[j]), \(space.high[j])] of \(self)")
                }
            }
        }
        return values.withUnsafeBufferPointer { unflatten($0) }
    }

    /// `.values(flatten(element))`.
    public func flatAction(from element: [String: [Float]]) -> FlatAction { .values(flatten(element)) }

    /// `Dict('key': Box(…), …)`, as Gymnasium prints it.
    public var description: String {
        "Dict(" + zip(keys, spaces).map { "'\($0)': \($1)" }.joined(separator: ", ") + ")"
    }

    /// Two dict spaces are equal when they have the same keys in the same order with equal boxes.
    public static func == (lhs: DictSpace, rhs: DictSpace) -> Bool {
        lhs.keys == rhs.keys && lhs.spaces == rhs.spaces
    }
}
