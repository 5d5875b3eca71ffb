/// A JSON-ready description of a space, as the bridge sends it to clients.
///
/// Encodes as `{"type":"Discrete","n":4,"start":0}`, `{"type":"MultiDiscrete","nvec":[4,4]}`,
/// `{"type":"Box","low":[…],"high":[…],"shape":[…],"dtype":"float32"}` or
/// `{"type":"Dict","spaces":[{"key":"…","space":{…}}, …]}` (ordered).
public indirect enum SpaceDescription: Sendable, Equatable, Codable {
    /// `Discrete(n, start)`.
    case discrete(n: Int, start: Int)
    /// `MultiDiscrete(nvec)`.
    case multiDiscrete(nvec: [Int])
    /// `Box(low, high, shape)` of `float32`.
    case box(low: [Float], high: [Float], shape: [Int])
    /// An ordered dictionary of named spaces.
    case dict([(key: String, space: SpaceDescription)])

    private enum CodingKeys: String, CodingKey { case type, n, start, nvec, low, high, shape, dtype, spaces }
    private struct Entry: Codable { var key: String; var space: SpaceDescription }

    /// Compares two descriptions field by field.
    public static func == (lhs: SpaceDescription, rhs: SpaceDescription) -> Bool {
        switch (lhs, rhs) {
        case let (.discrete(a, b), .discrete(c, d)): return a == c && b == d
        case let (.multiDiscrete(a), .multiDiscrete(b)): return a == b
        case let (.box(l1, h1, s1), .box(l2, h2, s2)): return l1 == l2 && h1 == h2 && s1 == s2
        case let (.dict(a), .dict(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.space == $1.space }
        default: return false
        }
    }

    /// Encodes the description in the wire form documented above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .discrete(n, start):
            try container.encode("Discrete", forKey: .type)
            try container.encode(n, forKey: .n)
            try container.encode(start, forKey: .start)
        case let .multiDiscrete(nvec):
            try container.encode("MultiDiscrete", forKey: .type)
            try container.encode(nvec, forKey: .nvec)
        case let .box(low, high, shape):
            try container.encode("Box", forKey: .type)
            try container.encode(low.map(Self.jsonSafe), forKey: .low)
            try container.encode(high.map(Self.jsonSafe), forKey: .high)
            try container.encode(shape, forKey: .shape)
            try container.encode("float32", forKey: .dtype)
        case let .dict(entries):
            try container.encode("Dict", forKey: .type)
            try container.encode(entries.map { Entry(key: $0.key, space: $0.space) }, forKey: .spaces)
        }
    }

    /// Decodes a description from the wire form documented above.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "Discrete":
            self = .discrete(
                n: try container.decode(Int.self, forKey: .n),
                start: try container.decodeIfPresent(Int.self, forKey: .start) ?? 0)
        case "MultiDiscrete":
            self = .multiDiscrete(nvec: try container.decode([Int].self, forKey: .nvec))
        case "Box":
            self = .box(
                low: try container.decode([Double].self, forKey: .low).map { Float($0) },
                high: try container.decode([Double].self, forKey: .high).map { Float($0) },
                shape: try container.decode([Int].self, forKey: .shape))
        case "Dict":
            self = .dict(try container.decode([Entry].self, forKey: .spaces).map { ($0.key, $0.space) })
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown space type '\(type)'")
        }
    }

    /// JSON has no infinities: unbounded box sides travel as ±3.4e38 (Float32's greatest finite value).
    private static func jsonSafe(_ value: Float) -> Float {
        value.isFinite ? value : (value > 0 ? Float.greatestFiniteMagnitude : -Float.greatestFiniteMagnitude)
    }
}
