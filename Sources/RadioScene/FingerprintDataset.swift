/// A generated fingerprint database: reference points (`train`) then test points (`test`), with counts.
public struct FingerprintDataset: Sendable, Equatable {
    /// The split label of reference (grid) points.
    public static let trainSplit = "train"
    /// The split label of test points.
    public static let testSplit = "test"

    /// Feature column names, 4 per access point.
    public var featureNames: [String]
    /// The rows: every detected reference point, then the test points.
    public var samples: [FingerprintSample]
    /// Grid points left out because some access point could not be detected there (the paper's "valid RPs").
    public var undetectedReferencePoints: Int
    /// Test points drawn again because some access point could not be detected at the first draw.
    public var redrawnTestPoints: Int

    /// Creates a dataset.
    public init(
        featureNames: [String], samples: [FingerprintSample], undetectedReferencePoints: Int, redrawnTestPoints: Int
    ) {
        self.featureNames = featureNames
        self.samples = samples
        self.undetectedReferencePoints = undetectedReferencePoints
        self.redrawnTestPoints = redrawnTestPoints
    }

    /// Number of reference points (train rows).
    public var trainCount: Int { samples.count { $0.split == Self.trainSplit } }
    /// Number of test points (test rows).
    public var testCount: Int { samples.count { $0.split == Self.testSplit } }

    /// Share of (point, access point) pairs whose MP path is the line of sight, 0…1.
    public var lineOfSightFraction: Double {
        let flags = samples.flatMap(\.lineOfSight)
        return flags.isEmpty ? 0 : Double(flags.count { $0 }) / Double(flags.count)
    }
}
