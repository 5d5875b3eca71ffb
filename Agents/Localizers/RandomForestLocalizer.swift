/// A random-forest classifier over reference points with majority voting: the paper's RF baseline (Table II).
///
/// Each class is a reference point — a distinct (x, y) pair of the training table — and the prediction is the
/// coordinates of the class with the most tree votes (Algorithm 2 with K = 1, no coordinate separation).
/// Trees are CART with Gini impurity, each grown on a bootstrap sample with `maxFeatures` features drawn per
/// split, until pure (or `minSamplesLeaf` / `maxDepth` stop them); features are used raw (trees are scale-free).
///
/// With `labels: .separateCoordinates` it instead trains the paper's M_x and M_y (one forest per coordinate)
/// and returns each forest's majority vote; this equals `WeightedRandomForestLocalizer` with `topK: 1` and the
/// same seed exactly.
///
/// ```swift
/// var rf = RandomForestLocalizer(trees: 100, seed: 42)
/// try rf.fit(train)
/// let position = rf.predict(features: row)
/// ```
public struct RandomForestLocalizer: PositionLocalizer {
    /// What the forest's classes are.
    public enum Labels: Sendable, Equatable {
        /// One forest; a class per distinct (x, y) reference point (the paper's "joint coordinate estimation").
        case referencePoints
        /// Two forests, M_x over x values and M_y over y values (the paper's "coordinate separation", §III-B).
        case separateCoordinates
    }

    /// Number of trees per forest.
    public var trees: Int { parameters.trees }
    /// Features evaluated per split.
    public var maxFeatures: MaxFeatures { parameters.maxFeatures }
    /// Minimum bootstrap samples per leaf.
    public var minSamplesLeaf: Int { parameters.minSamplesLeaf }
    /// Seed of all randomness (bootstrap and feature draws).
    public let seed: UInt64
    /// What the classes are.
    public let labels: Labels
    /// The feature columns seen by `fit`; empty before `fit`.
    public private(set) var featureNames: [String] = []
    /// Hyperparameters.
    private let parameters: ForestParameters
    /// The joint forest, or M_x.
    private var first: CoordinateForest?
    /// M_y (only for `.separateCoordinates`).
    private var second: CoordinateForest?

    /// A short name for reports.
    public var name: String { labels == .referencePoints ? "RF(trees=\(trees))" : "RF-xy(trees=\(trees))" }

    /// Creates an unfitted random-forest localizer.
    ///
    /// - Parameters:
    ///   - trees: trees per forest (the paper uses 100).
    ///   - maxFeatures: features evaluated per split (√f, as scikit-learn's classifier default).
    ///   - minSamplesLeaf: minimum bootstrap samples per leaf (1: grow until pure).
    ///   - seed: seed of all randomness; equal seeds give equal forests.
    ///   - labels: reference-point classes (default) or separate x / y forests.
    ///   - maxDepth: depth limit, `nil` for none.
    ///   - threads: threads used to grow trees (the forest does not depend on it).
    public init(
        trees: Int = 100, maxFeatures: MaxFeatures = .sqrt, minSamplesLeaf: Int = 1, seed: UInt64 = 0,
        labels: Labels = .referencePoints, maxDepth: Int? = nil, threads: Int = 1
    ) {
        self.seed = seed
        self.labels = labels
        parameters = ForestParameters(
            trees: trees, maxFeatures: maxFeatures, minSamplesLeaf: minSamplesLeaf, maxDepth: maxDepth, threads: threads)
    }

    /// Trains the forest(s) on every row of `table`.
    ///
    /// - Throws: `LocalizerError.emptyTrainingSet` or `.invalidParameter`.
    public mutating func fit(_ table: FingerprintTable) throws {
        guard table.rowCount > 0 else { throw LocalizerError.emptyTrainingSet(source: table.source) }
        try parameters.validate()
        switch labels {
        case .referencePoints:
            first = CoordinateForest(table: table, targets: [table.x, table.y], parameters: parameters, seed: SplitMix64.mix(seed, 0))
            second = nil
        case .separateCoordinates:
            first = CoordinateForest(table: table, targets: [table.x], parameters: parameters, seed: SplitMix64.mix(seed, 1))
            second = CoordinateForest(table: table, targets: [table.y], parameters: parameters, seed: SplitMix64.mix(seed, 2))
        }
        featureNames = table.featureNames
    }

    /// Predicts the coordinates of the reference point (or x and y values) with the most votes.
    public func predict(features: UnsafeBufferPointer<Double>) -> (x: Double, y: Double) {
        guard let first else { preconditionFailure("\(name): predict called before fit") }
        precondition(features.count == featureNames.count, "\(name): expected \(featureNames.count) features, got \(features.count)")
        let a = first.majorityValue(features)
        if let second { return (a[0], second.majorityValue(features)[0]) }
        return (a[0], a[1])
    }
}
