import Foundation

/// Records which keys a `Decodable` type reads at each path of a document, so that keys no field reads — a
/// misspelt `tx_powr_dbm`, a field of another version — can be reported instead of silently ignored.
///
/// Wrap the decoding in ``DecodedKeyRecorder/Recorded``; every keyed container then notes each key it is asked
/// for (present or not), under a path where array indices are written `[]`:
///
/// ```swift
/// let recorder = DecodedKeyRecorder()
/// let value = try YAMLDecoder().decode(DecodedKeyRecorder.Recorded<Scenario>.self, from: text,
///                                      userInfo: [DecodedKeyRecorder.userInfoKey: recorder]).value
/// recorder.keys["room"]   // ["min", "max", "walls", …]
/// ```
/// The valid keys come from the types' own `CodingKeys`, so fields added later are known without a list to keep.
public final class DecodedKeyRecorder: @unchecked Sendable {
    /// The `userInfo` key the recorder is passed under.
    public static let userInfoKey = CodingUserInfoKey(rawValue: "sensinggym.decodedKeyRecorder")!

    /// The keys read, by path (`""` for the top level, `room.blockers[]` for an array's elements).
    public private(set) var keys: [String: Set<String>] = [:]

    /// Creates an empty recorder.
    public init() {}

    func note(_ key: String, at path: String) { keys[path, default: []].insert(key) }

    /// Decodes `Value` through a recording decoder (the recorder is taken from `userInfo`).
    public struct Recorded<Value: Decodable>: Decodable {
        /// The decoded value.
        public let value: Value

        /// Decodes `Value`, recording keys when a recorder is in `userInfo`.
        public init(from decoder: any Decoder) throws {
            if let recorder = decoder.userInfo[DecodedKeyRecorder.userInfoKey] as? DecodedKeyRecorder {
                value = try Value(from: RecordingDecoder(base: decoder, path: "", recorder: recorder))
            } else {
                value = try Value(from: decoder)
            }
        }
    }
}

private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

private struct RecordingDecoder: Decoder {
    let base: any Decoder
    let path: String
    let recorder: DecodedKeyRecorder
    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RecordingKeyedContainer(base: try base.container(keyedBy: type), path: path, recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(base: try base.unkeyedContainer(), path: path + "[]", recorder: recorder)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        RecordingSingleValueContainer(base: try base.singleValueContainer(), decoder: self)
    }
}

private struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let base: KeyedDecodingContainer<Key>
    let path: String
    let recorder: DecodedKeyRecorder
    var codingPath: [any CodingKey] { base.codingPath }
    var allKeys: [Key] { base.allKeys }

    func contains(_ key: Key) -> Bool {
        recorder.note(key.stringValue, at: path)
        return base.contains(key)
    }
    func decodeNil(forKey key: Key) throws -> Bool {
        recorder.note(key.stringValue, at: path)
        return try base.decodeNil(forKey: key)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try plain(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try plain(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try plain(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try plain(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try plain(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try plain(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try plain(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try plain(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try plain(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try plain(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try plain(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try plain(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try plain(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try plain(type, key) }

    private func plain<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        recorder.note(key.stringValue, at: path)
        return try base.decode(type, forKey: key)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        recorder.note(key.stringValue, at: path)
        let nested = RecordingDecoder(
            base: try base.superDecoder(forKey: key), path: join(path, key.stringValue), recorder: recorder)
        return try T(from: nested)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        recorder.note(key.stringValue, at: path)
        return KeyedDecodingContainer(
            RecordingKeyedContainer<NestedKey>(
                base: try base.nestedContainer(keyedBy: type, forKey: key), path: join(path, key.stringValue),
                recorder: recorder))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        recorder.note(key.stringValue, at: path)
        return RecordingUnkeyedContainer(
            base: try base.nestedUnkeyedContainer(forKey: key), path: join(path, key.stringValue) + "[]",
            recorder: recorder)
    }

    func superDecoder() throws -> any Decoder {
        RecordingDecoder(base: try base.superDecoder(), path: path, recorder: recorder)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        recorder.note(key.stringValue, at: path)
        return RecordingDecoder(base: try base.superDecoder(forKey: key), path: join(path, key.stringValue), recorder: recorder)
    }
}

private struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    var base: any UnkeyedDecodingContainer
    let path: String
    let recorder: DecodedKeyRecorder
    var codingPath: [any CodingKey] { base.codingPath }
    var count: Int? { base.count }
    var isAtEnd: Bool { base.isAtEnd }
    var currentIndex: Int { base.currentIndex }

    mutating func decodeNil() throws -> Bool { try base.decodeNil() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try base.decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try base.decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try base.decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try base.decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try base.decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try base.decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try base.decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try base.decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try base.decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try base.decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try base.decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try base.decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try base.decode(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: RecordingDecoder(base: try base.superDecoder(), path: path, recorder: recorder))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(
            RecordingKeyedContainer<NestedKey>(base: try base.nestedContainer(keyedBy: type), path: path, recorder: recorder))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(base: try base.nestedUnkeyedContainer(), path: path + "[]", recorder: recorder)
    }

    mutating func superDecoder() throws -> any Decoder {
        RecordingDecoder(base: try base.superDecoder(), path: path, recorder: recorder)
    }
}

private struct RecordingSingleValueContainer: SingleValueDecodingContainer {
    let base: any SingleValueDecodingContainer
    let decoder: RecordingDecoder
    var codingPath: [any CodingKey] { base.codingPath }

    func decodeNil() -> Bool { base.decodeNil() }
    func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
    func decode(_ type: String.Type) throws -> String { try base.decode(type) }
    func decode(_ type: Double.Type) throws -> Double { try base.decode(type) }
    func decode(_ type: Float.Type) throws -> Float { try base.decode(type) }
    func decode(_ type: Int.Type) throws -> Int { try base.decode(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try base.decode(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try base.decode(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try base.decode(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try base.decode(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try base.decode(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try base.decode(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try base.decode(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try base.decode(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try base.decode(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
