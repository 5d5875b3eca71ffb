/// Weighted k-nearest neighbours: the k reference points nearest in feature space, weighted by 1 / distance.
///
/// The paper's WKNN baseline (its ref. [8]; Table II): Euclidean distance on (by default standardised)
/// features, prediction `Σ wᵢ·(xᵢ, yᵢ) / Σ wᵢ` with `wᵢ = 1 / dᵢ` over the k nearest training rows.
/// If the query coincides with one or more training rows (d = 0), those rows get weight 1 and the others 0 —
/// the same rule as scikit-learn's `KNeighborsRegressor(weights="distance")`, which the tests compare against.
/// Search is brute force, O(n·f) per query (≈ 50 µs for 6000 × 8 in release builds).
public struct WKNNLocalizer: PositionLocalizer {
    /// Number of neighbours.
    public let k: Int
    /// Whether features are z-scored with a `FeatureScaler` fitted on the training table (recommended).
    public let standardize: Bool
    /// The feature columns seen by `fit`; empty before `fit`.
    public private(set) var featureNames: [String] = []
    /// The scaler fitted on the training table (identity when `standardize` is false).
    public private(set) var scaler = FeatureScaler(identityFor: 0)
    /// Standardised training features, row-major.
    private var reference: [Double] = []
    /// Training x coordinates, metres.
    private var xs: [Double] = []
    /// Training y coordinates, metres.
    private var ys: [Double] = []

    /// A short name for reports.
    public var name: String { "WKNN(k=\(k))" }

    /// Creates an unfitted WKNN localizer.
    ///
    /// - Parameters:
    ///   - k: the number of neighbours (≥ 1, ≤ training rows; checked by `fit`).
    ///   - standardize: z-score features on the training statistics before measuring distances.
    public init(k: Int = 4, standardize: Bool = true) {
        self.k = k
        self.standardize = standardize
    }

    /// Stores the (standardised) training table.
    ///
    /// - Throws: `LocalizerError.emptyTrainingSet`, or `.invalidParameter` if `k` is not in `1...rowCount`.
    public mutating func fit(_ table: FingerprintTable) throws {
        guard table.rowCount > 0 else { throw LocalizerError.emptyTrainingSet(source: table.source) }
        guard k >= 1, k <= table.rowCount else {
            throw LocalizerError.invalidParameter(name: "k", value: k, reason: "must be in 1...\(table.rowCount) (training rows)")
        }
        scaler = standardize ? FeatureScaler(fittingOn: table) : FeatureScaler(identityFor: table.featureCount)
        reference = scaler.transform(matrix: table.features)
        xs = table.x
        ys = table.y
        featureNames = table.featureNames
    }

    /// Predicts one point: the 1/d-weighted mean of its k nearest training points.
    public func predict(features: UnsafeBufferPointer<Double>) -> (x: Double, y: Double) {
        let f = featureNames.count
        precondition(f > 0, "\(name): predict called before fit")
        precondition(features.count == f, "\(name): expected \(f) features, got \(features.count)")
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: f) { query in
            for column in 0..<f { query[column] = (features[column] - scaler.mean[column]) / scaler.scale[column] }
            return withUnsafeTemporaryAllocation(of: (distance: Double, row: Int).self, capacity: k) { best in
                let found = nearest(query: UnsafeBufferPointer(query), into: best)
                return weightedMean(of: UnsafeBufferPointer(rebasing: best[0..<found]))
            }
        }
    }

    /// Fills `best` with the k nearest rows as (squared distance, row), ascending; returns how many it found.
    private func nearest(
        query: UnsafeBufferPointer<Double>, into best: UnsafeMutableBufferPointer<(distance: Double, row: Int)>
    ) -> Int {
        let f = query.count
        var count = 0
        reference.withUnsafeBufferPointer { ref in
            for row in 0..<xs.count {
                var d2 = 0.0
                let base = row * f
                for column in 0..<f {
                    let diff = ref[base + column] - query[column]
                    d2 += diff * diff
                }
                if count == k, d2 >= best[k - 1].distance { continue }
                var slot = count == k ? k - 1 : count  // insertion into the sorted prefix
                if count < k { count += 1 }
                while slot > 0, best[slot - 1].distance > d2 {
                    best[slot] = best[slot - 1]
                    slot -= 1
                }
                best[slot] = (d2, row)
            }
        }
        return count
    }

    /// The 1/d-weighted mean of the neighbours' coordinates; exact matches (d = 0) take all the weight.
    private func weightedMean(of neighbours: UnsafeBufferPointer<(distance: Double, row: Int)>) -> (x: Double, y: Double) {
        let exact = neighbours.filter { $0.distance == 0 }
        if !exact.isEmpty {
            let n = Double(exact.count)
            return (exact.reduce(0) { $0 + xs[$1.row] } / n, exact.reduce(0) { $0 + ys[$1.row] } / n)
        }
        var sumW = 0.0, sumX = 0.0, sumY = 0.0
        for neighbour in neighbours {
            let w = 1 / neighbour.distance.squareRoot()  // wᵢ = 1 / dᵢ
            sumW += w
            sumX += w * xs[neighbour.row]
            sumY += w * ys[neighbour.row]
        }
        return (sumX / sumW, sumY / sumW)
    }
}
