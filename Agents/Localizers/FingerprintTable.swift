/// A channel-fingerprint database: one row per reference or test point, its features and its (x, y) in metres.
///
/// This is the paper's *fingerprintBase* (Wu et al., "A Weighted Random Forest Based Positioning Algorithm for 6G
/// Indoor Communications", §II-D): `Coordinate` is `x`/`y`, `Fingerprint` is `features`, an `N × 4n` matrix for
/// `n` access points holding, per AP, the RSS, azimuth AoA, elevation AoA and ToA of the maximum-power path.
///
/// ## CSV convention
/// A header row, then one row per point, comma-separated, no quoting:
///
/// ```
/// x_m,y_m,ap0_rss_dbm,ap0_aoa_az_rad,ap0_aoa_el_rad,ap0_toa_s,ap1_rss_dbm,...,split
/// 0.2,0.4,-61.3,0.785,-0.31,2.1e-08,...,train
/// ```
///
/// - `x_m`, `y_m` (required): the point's coordinates in metres. Reference points sit on a grid, so the forests
///   treat equal coordinates (to 1 µm) as one class.
/// - `split` (optional): a free-form label such as `train` or `test`; select rows with `rows(inSplit:)`.
/// - every other column is a numeric feature, in the order of the header (the suggested names are
///   `ap<i>_rss_dbm`, `ap<i>_aoa_az_rad`, `ap<i>_aoa_el_rad`, `ap<i>_toa_s`).
///
/// Column order is free; feature order is the header's. Values must be finite. Blank lines are ignored.
///
/// ```swift
/// let table = try FingerprintTable(contentsOf: URL(fileURLWithPath: "fingerprints.csv"))
/// var wrf = WeightedRandomForestLocalizer(trees: 100, topK: 3, seed: 7)
/// try wrf.fit(table.rows(inSplit: "train"))
/// ```
public struct FingerprintTable: Sendable, Equatable {
    /// The name of the x-coordinate column (metres).
    public static let xColumn = "x_m"
    /// The name of the y-coordinate column (metres).
    public static let yColumn = "y_m"
    /// The name of the optional split column (`train`, `test`, …).
    public static let splitColumn = "split"

    /// Feature column names, in the order of the columns of `features`.
    public let featureNames: [String]
    /// Row-major features, `rowCount × featureCount`, contiguous.
    public let features: [Double]
    /// x coordinate of each row, metres.
    public let x: [Double]
    /// y coordinate of each row, metres.
    public let y: [Double]
    /// The `split` label of each row, or `nil` when the table has no split column.
    public let split: [String]?
    /// Where the table came from (a file path, or `"<memory>"`); used in error messages.
    public let source: String

    /// The number of rows (points).
    public var rowCount: Int { x.count }
    /// The number of features per row.
    public var featureCount: Int { featureNames.count }

    /// Creates a table from arrays, checking shapes and finiteness.
    ///
    /// - Parameters:
    ///   - featureNames: one name per feature column.
    ///   - features: row-major, `x.count × featureNames.count` values.
    ///   - x: x coordinates in metres.
    ///   - y: y coordinates in metres, same count as `x`.
    ///   - split: optional split labels, same count as `x`.
    ///   - source: a name for error messages.
    /// - Throws: `FingerprintTableError` if the table is empty, shapes disagree, or a value is not finite.
    public init(
        featureNames: [String], features: [Double], x: [Double], y: [Double], split: [String]? = nil,
        source: String = "<memory>"
    ) throws {
        guard !x.isEmpty else { throw FingerprintTableError.emptyTable(file: source) }
        guard !featureNames.isEmpty else { throw FingerprintTableError.noFeatureColumns(file: source) }
        guard y.count == x.count else {
            throw FingerprintTableError.shapeMismatch(file: source, detail: "\(x.count) x values but \(y.count) y values")
        }
        guard features.count == x.count * featureNames.count else {
            throw FingerprintTableError.shapeMismatch(
                file: source,
                detail: "\(features.count) feature values for \(x.count) rows × \(featureNames.count) features")
        }
        if let split, split.count != x.count {
            throw FingerprintTableError.shapeMismatch(file: source, detail: "\(split.count) split labels for \(x.count) rows")
        }
        var seen = Set<String>()
        for name in featureNames where !seen.insert(name).inserted {
            throw FingerprintTableError.duplicateColumn(file: source, line: 1, column: name)
        }
        let f = featureNames.count
        for (i, value) in features.enumerated() where !value.isFinite {
            throw FingerprintTableError.nonFinite(file: source, line: i / f + 2, column: featureNames[i % f], value: "\(value)")
        }
        for (i, value) in x.enumerated() where !value.isFinite {
            throw FingerprintTableError.nonFinite(file: source, line: i + 2, column: Self.xColumn, value: "\(value)")
        }
        for (i, value) in y.enumerated() where !value.isFinite {
            throw FingerprintTableError.nonFinite(file: source, line: i + 2, column: Self.yColumn, value: "\(value)")
        }
        self.init(unchecked: featureNames, features, x, y, split, source)
    }

    /// Creates a table without validation (callers have validated already).
    init(unchecked featureNames: [String], _ features: [Double], _ x: [Double], _ y: [Double], _ split: [String]?, _ source: String) {
        self.featureNames = featureNames
        self.features = features
        self.x = x
        self.y = y
        self.split = split
        self.source = source
    }

    /// The features of row `index` (a copy; use `features` with an offset of `index * featureCount` in hot loops).
    public func featureRow(_ index: Int) -> [Double] {
        Array(features[index * featureCount..<(index + 1) * featureCount])
    }

    /// The rows at `indices`, in that order, as a new table with the same columns.
    public func rows(at indices: [Int]) -> FingerprintTable {
        let f = featureCount
        var newFeatures = [Double]()
        newFeatures.reserveCapacity(indices.count * f)
        for i in indices { newFeatures.append(contentsOf: features[i * f..<(i + 1) * f]) }
        return FingerprintTable(
            unchecked: featureNames, newFeatures, indices.map { x[$0] }, indices.map { y[$0] },
            split.map { labels in indices.map { labels[$0] } }, source)
    }

    /// The rows whose `split` column equals `label` (all rows if the table has no split column).
    ///
    /// The result may be empty (`rowCount == 0`); `fit` rejects an empty table with `LocalizerError.emptyTrainingSet`.
    public func rows(inSplit label: String) -> FingerprintTable {
        guard let split else { return self }
        return rows(at: split.indices.filter { split[$0] == label })
    }

    /// The same rows with only the named feature columns, in the given order (e.g. RSS only, as in the paper's Fig. 5).
    ///
    /// - Throws: `FingerprintTableError.missingColumn` if a name is not a feature column of this table.
    public func selectingFeatures(_ names: [String]) throws -> FingerprintTable {
        var columns = [Int]()
        for name in names {
            guard let column = featureNames.firstIndex(of: name) else {
                throw FingerprintTableError.missingColumn(file: source, line: 1, column: name)
            }
            columns.append(column)
        }
        let f = featureCount
        var newFeatures = [Double]()
        newFeatures.reserveCapacity(rowCount * columns.count)
        for row in 0..<rowCount {
            for column in columns { newFeatures.append(features[row * f + column]) }
        }
        return FingerprintTable(unchecked: names, newFeatures, x, y, split, source)
    }
}
