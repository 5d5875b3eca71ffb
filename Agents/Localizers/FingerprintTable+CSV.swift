import Foundation

// MARK: - Reading and writing the CSV convention documented on `FingerprintTable`

extension FingerprintTable {
    /// Reads a fingerprint table from a CSV file (see the CSV convention on `FingerprintTable`).
    ///
    /// - Parameters:
    ///   - url: the file to read.
    ///   - featureColumns: the feature columns to use, in this order; `nil` uses every column other than
    ///     `x_m`, `y_m` and `split`, in header order. Columns not selected are not parsed.
    /// - Throws: `FingerprintTableError` naming the file, line and column of the first problem.
    public init(contentsOf url: URL, featureColumns: [String]? = nil) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FingerprintTableError.unreadableFile(file: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FingerprintTableError.unreadableFile(file: url.path, reason: "not UTF-8 text")
        }
        try self.init(csv: text, source: url.path, featureColumns: featureColumns)
    }

    /// Parses a fingerprint table from CSV text (see the CSV convention on `FingerprintTable`).
    ///
    /// - Parameters:
    ///   - text: the whole CSV document.
    ///   - source: the name used in error messages (a path, or `"<memory>"`).
    ///   - featureColumns: as for `init(contentsOf:featureColumns:)`.
    /// - Throws: `FingerprintTableError` naming the source, line and column of the first problem.
    public init(csv text: String, source: String = "<memory>", featureColumns: [String]? = nil) throws {
        var lines = [(number: Int, fields: [Substring])]()
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on every newline, not on "\n" (CRLF files from Windows tools).
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            if lineNumber == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            lines.append((lineNumber, line.split(separator: ",", omittingEmptySubsequences: false).map(Self.trimmed)))
        }
        guard let header = lines.first else { throw FingerprintTableError.emptyTable(file: source) }
        let names = header.fields.map(String.init)
        var columnOf = [String: Int]()
        for (column, name) in names.enumerated() {
            if columnOf[name] != nil {
                throw FingerprintTableError.duplicateColumn(file: source, line: header.number, column: name)
            }
            columnOf[name] = column
        }
        func require(_ name: String) throws -> Int {
            guard let column = columnOf[name] else {
                throw FingerprintTableError.missingColumn(file: source, line: header.number, column: name)
            }
            return column
        }
        let xColumn = try require(Self.xColumn)
        let yColumn = try require(Self.yColumn)
        let splitColumn = columnOf[Self.splitColumn]
        let featureNames =
            featureColumns ?? names.filter { $0 != Self.xColumn && $0 != Self.yColumn && $0 != Self.splitColumn }
        guard !featureNames.isEmpty else { throw FingerprintTableError.noFeatureColumns(file: source) }
        let featureIndices = try featureNames.map(require)
        guard lines.count > 1 else { throw FingerprintTableError.emptyTable(file: source) }

        let rowCount = lines.count - 1
        var features = [Double]()
        features.reserveCapacity(rowCount * featureNames.count)
        var xs = [Double](), ys = [Double](), splits = [String]()
        xs.reserveCapacity(rowCount)
        ys.reserveCapacity(rowCount)
        for (lineNo, fields) in lines.dropFirst() {
            guard fields.count == names.count else {
                throw FingerprintTableError.raggedRow(file: source, line: lineNo, expected: names.count, found: fields.count)
            }
            func number(at column: Int) throws -> Double {
                let field = fields[column]
                guard let value = Double(field) else {
                    throw FingerprintTableError.nonNumeric(file: source, line: lineNo, column: names[column], value: String(field))
                }
                guard value.isFinite else {
                    throw FingerprintTableError.nonFinite(file: source, line: lineNo, column: names[column], value: String(field))
                }
                return value
            }
            xs.append(try number(at: xColumn))
            ys.append(try number(at: yColumn))
            for column in featureIndices { features.append(try number(at: column)) }
            if let splitColumn { splits.append(String(fields[splitColumn])) }
        }
        self.init(unchecked: featureNames, features, xs, ys, splitColumn == nil ? nil : splits, source)
    }

    /// The table as CSV text in the documented convention: `x_m,y_m,<features…>[,split]`, one row per point.
    ///
    /// Numbers are written in Swift's shortest round-trip form, so reading the text back gives identical values.
    public func csvText() -> String {
        var header = [Self.xColumn, Self.yColumn] + featureNames
        if split != nil { header.append(Self.splitColumn) }
        var out = header.joined(separator: ",") + "\n"
        let f = featureCount
        for row in 0..<rowCount {
            var fields = ["\(x[row])", "\(y[row])"]
            for column in 0..<f { fields.append("\(features[row * f + column])") }
            if let split { fields.append(split[row]) }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes `csvText()` to `url` atomically (temporary file, then rename).
    ///
    /// - Throws: the file system's error if the file cannot be written.
    public func write(to url: URL) throws {
        try Data(csvText().utf8).write(to: url, options: .atomic)
    }

    /// A field without surrounding spaces or tabs.
    private static func trimmed(_ field: Substring) -> Substring {
        var field = field
        while let first = field.first, first == " " || first == "\t" { field = field.dropFirst() }
        while let last = field.last, last == " " || last == "\t" { field = field.dropLast() }
        return field
    }
}
