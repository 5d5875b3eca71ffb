/// Per-feature z-score standardisation, `(v − mean) / std`, fitted on training data only.
///
/// Why: the paper's features have wildly different scales (RSS in dBm ≈ −60…−100, angles in radians ≈ ±π,
/// ToA in seconds ≈ 1e-8). A Euclidean distance on raw values is RSS alone, so `WKNNLocalizer` standardises
/// by default. Trees split on one feature at a time and are invariant to monotone rescaling, so the forests
/// use raw features (as the paper says RF needs no normalisation).
///
/// Uses the population standard deviation (divide by n), like scikit-learn's `StandardScaler`; a constant
/// feature gets scale 1 (it then contributes nothing to distances).
public struct FeatureScaler: Sendable, Equatable {
    /// Per-feature training mean.
    public private(set) var mean: [Double]
    /// Per-feature training standard deviation (1 for constant features).
    public private(set) var scale: [Double]

    /// Fits mean and scale on every row of `table`.
    public init(fittingOn table: FingerprintTable) {
        let f = table.featureCount
        let n = table.rowCount
        var mean = [Double](repeating: 0, count: f)
        var m2 = [Double](repeating: 0, count: f)
        for row in 0..<n {  // Welford's update, one pass, numerically stable
            let count = Double(row + 1)
            for column in 0..<f {
                let value = table.features[row * f + column]
                let delta = value - mean[column]
                mean[column] += delta / count
                m2[column] += delta * (value - mean[column])
            }
        }
        self.mean = mean
        self.scale = m2.map { sum in
            let std = n > 0 ? (sum / Double(n)).squareRoot() : 0
            return std > 0 && std.isFinite ? std : 1
        }
    }

    /// The identity scaler for `featureCount` features (mean 0, scale 1).
    public init(identityFor featureCount: Int) {
        mean = [Double](repeating: 0, count: featureCount)
        scale = [Double](repeating: 1, count: featureCount)
    }

    /// Standardises one row in place; `row.count` must equal the fitted feature count.
    public func transform(_ row: inout [Double]) {
        precondition(row.count == mean.count, "FeatureScaler: expected \(mean.count) features, got \(row.count)")
        for column in row.indices { row[column] = (row[column] - mean[column]) / scale[column] }
    }

    /// Standardises a row-major `[n × featureCount]` matrix and returns the result.
    public func transform(matrix: [Double]) -> [Double] {
        let f = mean.count
        var out = matrix
        for i in out.indices { out[i] = (out[i] - mean[i % f]) / scale[i % f] }
        return out
    }
}
