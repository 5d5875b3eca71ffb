/// The paper's weighted random forest (WRF): separate forests M_x and M_y, each returning its K most-voted
/// coordinate values, combined as the vote-score-weighted average of eqs. (3)–(4).
///
/// Wu et al., "A Weighted Random Forest Based Positioning Algorithm for 6G Indoor Communications", §III and
/// Algorithms 1–2. Training (Algorithm 1): for L in {L_x, L_y}, a random forest of `trees` CART classifiers
/// whose classes are the distinct x (resp. y) grid values. Estimation (Algorithm 2): each tree votes a value;
/// the score S of a value is its number of votes; the K values with the highest S give
/// `x_TP = Σ x_k·S_xk / Σ S_xk` (4a) and `y_TP = Σ y_k·S_yk / Σ S_yk` (4b).
/// Ties in S rank the smaller coordinate first. Fewer than K values with votes: all voted values are used.
///
/// The paper does not state K; the default 3 is our choice. With `topK: 1` this is exactly
/// `RandomForestLocalizer(labels: .separateCoordinates)` with the same seed and hyperparameters.
///
/// ```swift
/// var wrf = WeightedRandomForestLocalizer(trees: 100, topK: 3, seed: 42)
/// try wrf.fit(train)
/// let (x, y) = wrf.predict(features: row)
/// ```
public struct WeightedRandomForestLocalizer: PositionLocalizer {
    /// Number of trees per forest (the paper uses 100).
    public var trees: Int { parameters.trees }
    /// K: how many top-scored coordinate values enter the weighted average.
    public let topK: Int
    /// Features evaluated per split.
    public var maxFeatures: MaxFeatures { parameters.maxFeatures }
    /// Minimum bootstrap samples per leaf.
    public var minSamplesLeaf: Int { parameters.minSamplesLeaf }
    /// Seed of all randomness (bootstrap and feature draws).
    public let seed: UInt64
    /// The feature columns seen by `fit`; empty before `fit`.
    public private(set) var featureNames: [String] = []
    /// Hyperparameters.
    private let parameters: ForestParameters
    /// M_x.
    private var forestX: CoordinateForest?
    /// M_y.
    private var forestY: CoordinateForest?

    /// A short name for reports.
    public var name: String { "WRF(trees=\(trees),K=\(topK))" }

    /// Creates an unfitted weighted random forest.
    ///
    /// - Parameters:
    ///   - trees: trees per coordinate forest (the paper uses 100).
    ///   - topK: K of eqs. (3)–(4), ≥ 1.
    ///   - maxFeatures: features evaluated per split (√f).
    ///   - minSamplesLeaf: minimum bootstrap samples per leaf (1: grow until pure).
    ///   - seed: seed of all randomness; equal seeds give equal forests.
    ///   - maxDepth: depth limit, `nil` for none.
    ///   - threads: threads used to grow trees (the forests do not depend on it).
    public init(
        trees: Int = 100, topK: Int = 3, maxFeatures: MaxFeatures = .sqrt, minSamplesLeaf: Int = 1, seed: UInt64 = 0,
        maxDepth: Int? = nil, threads: Int = 1
    ) {
        self.topK = topK
        self.seed = seed
        parameters = ForestParameters(
            trees: trees, maxFeatures: maxFeatures, minSamplesLeaf: minSamplesLeaf, maxDepth: maxDepth, threads: threads)
    }

    /// Trains M_x on the x values and M_y on the y values of every row (Algorithm 1).
    ///
    /// - Throws: `LocalizerError.emptyTrainingSet` or `.invalidParameter`.
    public mutating func fit(_ table: FingerprintTable) throws {
        guard table.rowCount > 0 else { throw LocalizerError.emptyTrainingSet(source: table.source) }
        guard topK >= 1 else { throw LocalizerError.invalidParameter(name: "topK", value: topK, reason: "must be ≥ 1") }
        try parameters.validate()
        // Same seed streams as RandomForestLocalizer(.separateCoordinates), so K = 1 reproduces its vote.
        forestX = CoordinateForest(table: table, targets: [table.x], parameters: parameters, seed: SplitMix64.mix(seed, 1))
        forestY = CoordinateForest(table: table, targets: [table.y], parameters: parameters, seed: SplitMix64.mix(seed, 2))
        featureNames = table.featureNames
    }

    /// Predicts (x_TP, y_TP) by eqs. (4a)–(4b) (Algorithm 2).
    public func predict(features: UnsafeBufferPointer<Double>) -> (x: Double, y: Double) {
        guard let forestX, let forestY else { preconditionFailure("\(name): predict called before fit") }
        precondition(features.count == featureNames.count, "\(name): expected \(featureNames.count) features, got \(features.count)")
        return (forestX.weightedValue(features, k: topK)[0], forestY.weightedValue(features, k: topK)[0])
    }

    /// The K top-scored x and y values with their scores S (votes), highest first — the inputs of eq. (4).
    public func candidates(features: [Double]) -> (x: [(value: Double, score: Int)], y: [(value: Double, score: Int)]) {
        precondition(features.count == featureNames.count, "\(name): expected \(featureNames.count) features, got \(features.count)")
        guard let forestX, let forestY else { preconditionFailure("\(name): candidates called before fit") }
        return features.withUnsafeBufferPointer { row in
            (forestX.topCandidates(row, k: topK).map { ($0.value[0], $0.score) },
             forestY.topCandidates(row, k: topK).map { ($0.value[0], $0.score) })
        }
    }
}
