/// The stable name of one task of a ``TaskFamily``: `family/split/index` (`beam-rooms/test/7`).
///
/// A checkpoint records the identifiers it trained on; meta-testing compares sets of them to refuse overlaps.
/// The text form reads back with ``init(_:)``.
///
/// ```swift
/// let id = TaskID("ris-failures/train/12")   // family "ris-failures", split .train, index 12, seed 24
/// ```
public struct TaskID: Hashable, Codable, Sendable, Comparable, LosslessStringConvertible {
    /// The family's name.
    public var family: String
    /// The split.
    public var split: TaskFamily.Split
    /// The index within the split.
    public var index: Int

    /// Creates an identifier.
    public init(family: String, split: TaskFamily.Split, index: Int) {
        self.family = family
        self.split = split
        self.index = index
    }

    /// Parses `family/split/index`; nil when the text has another shape.
    public init?(_ description: String) {
        let parts = description.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let split = TaskFamily.Split(rawValue: String(parts[1])),
            let index = Int(parts[2]), index >= 0
        else { return nil }
        self.init(family: String(parts[0]), split: split, index: index)
    }

    /// The task seed (``TaskFamily/taskSeed(index:split:)``).
    public var seed: UInt64 { TaskFamily.taskSeed(index: index, split: split) }

    /// `family/split/index`.
    public var description: String { "\(family)/\(split.rawValue)/\(index)" }

    /// Orders by family, then split (train, test, ood), then index.
    public static func < (a: TaskID, b: TaskID) -> Bool {
        let order = TaskFamily.Split.allCases
        return (a.family, order.firstIndex(of: a.split) ?? 0, a.index) < (b.family, order.firstIndex(of: b.split) ?? 0, b.index)
    }

    /// Encodes as the text form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let id = TaskID(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not family/split/index")
        }
        self = id
    }
}
