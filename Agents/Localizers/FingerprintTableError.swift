/// Why a fingerprint table could not be read or built; every case names the file, and the line and column when known.
///
/// Lines are 1-based and count the header as line 1, as a text editor shows them. Tables built in memory use
/// the file name `"<memory>"` (or whatever `source` the caller passed).
public enum FingerprintTableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or is not UTF-8 text.
    case unreadableFile(file: String, reason: String)
    /// The file has no header row, or a header but no data rows.
    case emptyTable(file: String)
    /// A required column (`x_m`, `y_m`, or a requested feature column) is absent from the header.
    case missingColumn(file: String, line: Int, column: String)
    /// The header names the same column twice.
    case duplicateColumn(file: String, line: Int, column: String)
    /// The header has `x_m` and `y_m` but no feature column.
    case noFeatureColumns(file: String)
    /// A data row has a different number of fields than the header.
    case raggedRow(file: String, line: Int, expected: Int, found: Int)
    /// A field in a numeric column does not parse as a number.
    case nonNumeric(file: String, line: Int, column: String, value: String)
    /// A field parses as NaN or ±infinity; localizers need finite features and coordinates.
    case nonFinite(file: String, line: Int, column: String, value: String)
    /// Arrays passed to the in-memory initializer disagree in size (`detail` says which).
    case shapeMismatch(file: String, detail: String)

    /// A one-line message for people: file, line, column, and what to do.
    public var description: String {
        switch self {
        case let .unreadableFile(file, reason):
            return "\(file): cannot read fingerprint table: \(reason)"
        case let .emptyTable(file):
            return "\(file): empty table: expected a header row (x_m,y_m,<feature columns>) and at least one data row"
        case let .missingColumn(file, line, column):
            return "\(file):\(line): missing column '\(column)' in the header"
        case let .duplicateColumn(file, line, column):
            return "\(file):\(line): column '\(column)' appears more than once in the header"
        case let .noFeatureColumns(file):
            return "\(file):1: no feature columns: the header needs at least one column besides x_m, y_m and split"
        case let .raggedRow(file, line, expected, found):
            return "\(file):\(line): row has \(found) fields but the header has \(expected)"
        case let .nonNumeric(file, line, column, value):
            return "\(file):\(line): column '\(column)': '\(value)' is not a number"
        case let .nonFinite(file, line, column, value):
            return "\(file):\(line): column '\(column)': '\(value)' is not finite (NaN and infinity are not allowed)"
        case let .shapeMismatch(file, detail):
            return "\(file): inconsistent table shape: \(detail)"
        }
    }
}
