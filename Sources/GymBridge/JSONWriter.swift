/// Builds one compact JSON object by appending fields; used for reply headers on the hot path.
///
/// Faster than `JSONEncoder` for the handful of fields a reply carries, and it splices pre-encoded JSON
/// (spaces, infos) without re-parsing it.
struct JSONWriter {
    private var text = "{"
    private var empty = true

    /// Starts an empty object.
    init() { text.reserveCapacity(256) }

    /// The bytes written so far.
    var byteCount: Int { text.utf8.count }

    private mutating func key(_ key: String) {
        if !empty { text += "," }
        empty = false
        text += Self.quoted(key)
        text += ":"
    }

    /// Adds a string field.
    mutating func add(_ key: String, _ value: String) {
        self.key(key)
        text += Self.quoted(value)
    }

    /// Adds an integer field.
    mutating func add(_ key: String, _ value: Int) {
        self.key(key)
        text += String(value)
    }

    /// Adds an unsigned integer field.
    mutating func add(_ key: String, _ value: UInt64) {
        self.key(key)
        text += String(value)
    }

    /// Adds a Boolean field.
    mutating func add(_ key: String, _ value: Bool) {
        self.key(key)
        text += value ? "true" : "false"
    }

    /// Adds a field whose value is already valid JSON.
    mutating func add(_ key: String, json: String) {
        self.key(key)
        text += json
    }

    /// Adds a list of strings.
    mutating func add(_ key: String, strings: [String]) {
        add(key, json: "[" + strings.map(Self.quoted).joined(separator: ",") + "]")
    }

    /// Appends every field of `other` (an unfinished writer) to this object.
    mutating func merge(_ other: JSONWriter) {
        guard !other.empty else { return }
        if !empty { text += "," }
        empty = false
        text += other.text.dropFirst()
    }

    /// The finished object's UTF-8 bytes.
    mutating func finish() -> [UInt8] {
        text += "}"
        return Array(text.utf8)
    }

    /// `value` as a JSON string literal, escaping quotes, backslashes and control characters.
    static func quoted(_ value: String) -> String {
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }
}
