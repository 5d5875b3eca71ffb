/// A classification forest whose classes are coordinate values: the paper's M_x or M_y (or a joint (x, y) forest).
///
/// Class identity: coordinates equal to within 1 µm are one class (reference points sit on a grid, and a CSV
/// written by another program may print 0.6 as 0.6000000000000001). Each class keeps the first value seen.
struct CoordinateForest: Sendable, Equatable {
    /// The forest over class labels `0..<values.count`.
    let forest: ClassificationForest
    /// The coordinate value(s) of each class: one entry for M_x / M_y, two (x, y) for a joint forest.
    let values: [[Double]]

    /// Trains a forest whose label of row i is the class of `targets.map { $0[i] }` (one or two coordinates).
    init(table: FingerprintTable, targets: [[Double]], parameters: ForestParameters, seed: UInt64) {
        var classOf = [[Int64]: Int32]()
        var keys = [[Int64]]()
        var firstValues = [[Double]]()
        for row in 0..<table.rowCount {
            let value = targets.map { $0[row] }
            let key = value.map { Int64(($0 * 1e6).rounded()) }
            if classOf[key] == nil {
                classOf[key] = 0
                keys.append(key)
                firstValues.append(value)
            }
        }
        // Classes in ascending coordinate order (as scikit-learn's `classes_`), so ties break toward smaller values.
        let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        for (label, index) in order.enumerated() { classOf[keys[index]] = Int32(label) }
        values = order.map { firstValues[$0] }
        let labels = (0..<table.rowCount).map { row in
            classOf[targets.map { Int64(($0[row] * 1e6).rounded()) }] ?? 0
        }
        forest = ClassificationForest(
            features: table.features, featureCount: table.featureCount, labels: labels, classCount: values.count,
            parameters: parameters, seed: seed)
    }

    /// The coordinate value(s) with the most votes: the plain forest's majority vote.
    func majorityValue(_ row: UnsafeBufferPointer<Double>) -> [Double] {
        values[Int(forest.majority(row))]
    }

    /// The K coordinate values with the highest vote score S, highest first (ties: smaller value first).
    func topCandidates(_ row: UnsafeBufferPointer<Double>, k: Int) -> [(value: [Double], score: Int)] {
        forest.tally(row).prefix(k).map { (values[Int($0.label)], $0.votes) }
    }

    /// Score-weighted average of the top K values, eq. (4a)/(4b): `Σ_k v_k·S_k / Σ_k S_k`.
    func weightedValue(_ row: UnsafeBufferPointer<Double>, k: Int) -> [Double] {
        Self.scoreWeightedAverage(topCandidates(row, k: k))
    }

    /// Eq. (3): `(x, y)_TP = Σ_k (x_k, y_k)·S_k / Σ_k S_k` over the given candidates (any dimension).
    static func scoreWeightedAverage(_ candidates: [(value: [Double], score: Int)]) -> [Double] {
        guard let first = candidates.first else { return [] }
        let total = Double(candidates.reduce(0) { $0 + $1.score })
        var sum = [Double](repeating: 0, count: first.value.count)
        for candidate in candidates {
            let weight = Double(candidate.score) / total  // S_k / Σ S: exactly 1 for K = 1, so v·1 = v bit for bit
            for d in sum.indices { sum[d] += candidate.value[d] * weight }
        }
        return sum
    }
}
