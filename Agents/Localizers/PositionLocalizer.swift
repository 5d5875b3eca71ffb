/// A fingerprint localizer: learns features → (x, y) from a reference table, then predicts positions of test points.
///
/// The contract, in scikit-learn's terms:
/// - `fit(_:)` learns from every row of the table (select a split first with `rows(inSplit:)`); it replaces any
///   earlier fit and remembers the table's `featureNames`.
/// - `predict(features:)` takes one row of features in the *training* column order and returns metres.
///   Calling it before `fit`, or with another feature count, is a programmer error (precondition).
/// - `predict(table:)` checks the column names and throws instead; use it for files.
/// - Everything is deterministic: forests take an explicit `seed`; equal seeds give equal predictions.
///
/// ```swift
/// var knn = WKNNLocalizer(k: 4)
/// try knn.fit(train)
/// let (x, y) = knn.predict(features: test.featureRow(0))
/// ```
public protocol PositionLocalizer: Sendable {
    /// A short name for reports, such as `"WKNN(k=4)"`.
    var name: String { get }
    /// The feature columns seen by `fit`, in order; empty before `fit`.
    var featureNames: [String] { get }
    /// Learns from every row of `table`, replacing any earlier fit.
    ///
    /// - Throws: `LocalizerError` for an empty table or invalid hyperparameters.
    mutating func fit(_ table: FingerprintTable) throws
    /// Predicts the position, in metres, of one point from its features (training column order).
    func predict(features: UnsafeBufferPointer<Double>) -> (x: Double, y: Double)
}

extension PositionLocalizer {
    /// Predicts the position of one point from an array of features (training column order).
    public func predict(features: [Double]) -> (x: Double, y: Double) {
        features.withUnsafeBufferPointer { predict(features: $0) }
    }

    /// Predicts every row of `table`, after checking that its feature columns are the training columns.
    ///
    /// - Throws: `LocalizerError.notFitted` before `fit`; `LocalizerError.featureMismatch` if the columns differ.
    public func predict(table: FingerprintTable) throws -> [(x: Double, y: Double)] {
        guard !featureNames.isEmpty else { throw LocalizerError.notFitted(localizer: name) }
        guard table.featureNames == featureNames else {
            throw LocalizerError.featureMismatch(expected: featureNames, found: table.featureNames)
        }
        let f = table.featureCount
        return table.features.withUnsafeBufferPointer { all in
            (0..<table.rowCount).map { row in
                predict(features: UnsafeBufferPointer(rebasing: all[row * f..<(row + 1) * f]))
            }
        }
    }
}
