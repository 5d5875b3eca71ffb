/// One row of a fingerprint dataset: a point, its split and its 4n features.
public struct FingerprintSample: Sendable, Equatable {
    /// The point's true position, metres.
    public var position: Vector3
    /// `train` for reference points (the grid), `test` for test points.
    public var split: String
    /// The features in ``FingerprintFeatureExtractor/featureNames`` order.
    public var features: [Double]
    /// Ground truth per access point: whether its MP path is the line of sight (for evaluation only).
    public var lineOfSight: [Bool]

    /// Creates a sample.
    public init(position: Vector3, split: String, features: [Double], lineOfSight: [Bool]) {
        self.position = position
        self.split = split
        self.features = features
        self.lineOfSight = lineOfSight
    }
}
