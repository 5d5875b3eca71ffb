import GymCore

/// Builds the paper's fingerprint database (reference points on a grid) and its test points from a scenario.
///
/// Wu et al. §IV: features of every reference point of a 0.2 m grid at 1.5 m, and of random off-grid test
/// points, from the channel model (here ``FingerprintFeatureExtractor``; the paper used Wireless InSite).
/// Options: CRLB measurement noise on every row (`noise`), and the scenario's hardware impairments on the test
/// rows only (`impairTestPoints`: the database is simulated, the online device is the imperfect one).
/// Everything random derives from `seed` through separate streams (train noise, test positions, test noise,
/// impairments), so equal seeds give identical datasets, bit for bit.
///
/// ```swift
/// let grid = try FingerprintGrid(scenario: scenario, spacingMetres: 0.2)
/// let generator = FingerprintDatasetGenerator(scenario: scenario, grid: grid, noise: false, seed: 1)
/// let dataset = try generator.generate(testPointCount: 100)
/// ```
public struct FingerprintDatasetGenerator: Sendable {
    /// The feature model.
    public let extractor: FingerprintFeatureExtractor
    /// The reference grid (and test-point area).
    public let grid: FingerprintGrid
    /// Whether every row gets Cramér–Rao-bound measurement noise.
    public let noise: Bool
    /// Whether the test rows carry the scenario's impairments (clock bias, array calibration).
    public let impairTestPoints: Bool
    /// Seed of every random draw.
    public let seed: UInt64

    /// Most draws per requested test point before giving up on detection.
    public static let maxDrawsPerTestPoint = 100

    /// Creates a generator.
    public init(scenario: Scenario, grid: FingerprintGrid, noise: Bool, impairTestPoints: Bool = false, seed: UInt64) {
        extractor = FingerprintFeatureExtractor(scenario: scenario)
        self.grid = grid
        self.noise = noise
        self.impairTestPoints = impairTestPoints
        self.seed = seed
    }

    /// Generates the reference rows, then `testPointCount` test rows.
    ///
    /// - Parameter progress: called with (points done, points in total) after every point.
    /// - Throws: ``FingerprintGenerationError`` for a negative count or when test points cannot be detected.
    public func generate(testPointCount: Int, progress: (Int, Int) -> Void = { _, _ in }) throws -> FingerprintDataset {
        guard testPointCount >= 0 else {
            throw FingerprintGenerationError.invalidParameter("test-point count must be ≥ 0, got \(testPointCount)")
        }
        let total = grid.count + testPointCount
        var samples: [FingerprintSample] = []
        samples.reserveCapacity(total)
        var trainNoise = Xoshiro256StarStar(seed: Self.stream(seed, 1))
        var undetected = 0
        for (i, point) in grid.points.enumerated() {
            if let sample = measure(point, split: FingerprintDataset.trainSplit, impairments: .none, using: &trainNoise) {
                samples.append(sample)
            } else {
                undetected += 1
            }
            progress(i + 1, total)
        }
        var positions = Xoshiro256StarStar(seed: Self.stream(seed, 2))
        var testNoise = Xoshiro256StarStar(seed: Self.stream(seed, 3))
        let impairments =
            impairTestPoints ? FingerprintImpairments(scenario: extractor.scenario, seed: Self.stream(seed, 4)) : .none
        var redrawn = 0
        for i in 0..<testPointCount {
            var draws = 0
            while true {
                draws += 1
                let point = grid.randomPoint(using: &positions)
                if let sample = measure(point, split: FingerprintDataset.testSplit, impairments: impairments, using: &testNoise) {
                    samples.append(sample)
                    break
                }
                redrawn += 1
                guard draws < Self.maxDrawsPerTestPoint else {
                    throw FingerprintGenerationError.tooFewDetections(
                        "\(draws) random points in a row missed an access point (detection threshold "
                            + "\(extractor.scenario.radio.detectionThresholdDB) dB)")
                }
            }
            progress(grid.count + i + 1, total)
        }
        return FingerprintDataset(
            featureNames: extractor.featureNames, samples: samples, undetectedReferencePoints: undetected,
            redrawnTestPoints: redrawn)
    }

    /// One row at `point`, or nil if some access point is not detected there.
    func measure(
        _ point: Vector3, split: String, impairments: FingerprintImpairments,
        using generator: inout Xoshiro256StarStar
    ) -> FingerprintSample? {
        var features: [Double] = []
        var lineOfSight: [Bool] = []
        for ap in 0..<extractor.accessPointCount {
            guard
                let f = extractor.measure(
                    accessPoint: ap, receiver: point, noise: noise, impairments: impairments, using: &generator)
            else { return nil }
            features.append(contentsOf: f.values)
            lineOfSight.append(f.isLineOfSight)
        }
        return FingerprintSample(position: point, split: split, features: features, lineOfSight: lineOfSight)
    }

    /// An independent seed for stream `index` of `seed` (SplitMix64's finaliser).
    static func stream(_ seed: UInt64, _ index: UInt64) -> UInt64 {
        var z = seed &+ index &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
