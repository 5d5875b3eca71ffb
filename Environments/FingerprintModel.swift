import Foundation
import GymCore
import Localizers
import RadioScene

/// A fingerprint localizer fitted on a scenario's reference grid: the read-only part of ``FingerprintEstimator``.
///
/// Built once per (scenario, localizer, grid, seed) and shared by reference between every copy of an env (and
/// every env the registry makes alike, through ``shared(scenario:kind:gridSpacingMetres:seed:)``): the database
/// is the noise-free output of ``FingerprintDatasetGenerator`` on the grid (Wu et al. §II-D, §IV: RSS, azimuth
/// and elevation AoA at the AP, ToA of each AP's maximum-power path), and the localizer is fitted on it.
///
/// **Covariance of a fix.** A localizer returns a point, the env's reward needs a Gaussian. Any localizer but
/// the weighted random forest reports its **held-out** error second moment E[e·eᵀ], measured at construction
/// on ``heldOutPointCount`` random off-grid points whose features carry Cramér–Rao noise as the env's probes
/// do. A weighted random forest reports a per-query covariance: the score-weighted spread of its top-K
/// candidates per axis (the inputs of its eq. 4) plus the grid's quantisation variance h²/12, scaled by
/// ``voteSpreadScale`` so that its mean trace equals the held-out E[|e|²] (raw, it overstates the error about
/// 3.5× in RMS on the 8×6 room: 19 cm against 5.4 cm).
///
/// ```swift
/// let model = try FingerprintModel(scenario: scenario, localizer: WKNNLocalizer(k: 4))
/// let fix = model.fix(features: row)   // (mean, covariance) in metres, metres²
/// ```
public final class FingerprintModel: Sendable {
    /// The scenario whose room and access points the database describes.
    public let scenario: Scenario
    /// The reference grid the localizer was fitted on.
    public let grid: FingerprintGrid
    /// The feature model (also used by the env to measure a probe's features).
    public let extractor: FingerprintFeatureExtractor
    /// The fitted localizer.
    public let localizer: any PositionLocalizer
    /// Reference points in the database (grid points every access point detects).
    public let referencePointCount: Int
    /// Held-out error second moment [E[ex²], E[ex·ey], E[ey²]], metres².
    public let heldOutCovariance: SIMD3<Double>
    /// Held-out mean error, metres.
    public let heldOutMeanErrorMetres: Double
    /// Held-out largest error, metres.
    public let heldOutMaxErrorMetres: Double
    /// Wall-clock seconds spent generating the database and fitting.
    public let trainingSeconds: Double
    /// The factor applied to a weighted random forest's vote-spread covariance (1 for other localizers):
    /// held-out E[|e|²] over the mean trace of the raw vote-spread covariance on the same points.
    public let voteSpreadScale: Double
    /// The localizer as a weighted random forest, when it is one (its candidates give the covariance).
    private let weightedForest: WeightedRandomForestLocalizer?

    /// Off-grid points used to measure the held-out error.
    public static let heldOutPointCount = 200
    /// Variance added to every covariance so that it stays positive definite, metres² (1 mm²).
    public static let varianceFloor = 1e-6

    /// Generates the database of `scenario` on a `gridSpacingMetres` grid, fits `localizer` and measures its
    /// held-out error.
    ///
    /// - Parameters:
    ///   - localizer: an unfitted localizer (``PositionLocalizer``).
    ///   - gridSpacingMetres: the reference grid's spacing (the paper's 0.2 m).
    ///   - seed: seed of the held-out points and their noise (forests take their own seed).
    /// - Throws: ``FingerprintGenerationError`` for a bad grid, `LocalizerError` when fitting fails.
    public init(
        scenario: Scenario, localizer: some PositionLocalizer, gridSpacingMetres: Double = 0.2, seed: UInt64 = 0
    ) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let grid = try FingerprintGrid(scenario: scenario, spacingMetres: gridSpacingMetres)
        let generator = FingerprintDatasetGenerator(scenario: scenario, grid: grid, noise: false, seed: seed)
        let dataset = try generator.generate(testPointCount: 0)
        let table = try FingerprintTable(
            featureNames: dataset.featureNames, features: dataset.samples.flatMap(\.features),
            x: dataset.samples.map(\.position.x), y: dataset.samples.map(\.position.y), source: scenario.name)
        var fitted = localizer
        try fitted.fit(table)
        self.scenario = scenario
        self.grid = grid
        extractor = generator.extractor
        self.localizer = fitted
        let forest = fitted as? WeightedRandomForestLocalizer
        weightedForest = forest
        referencePointCount = table.rowCount
        trainingSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

        // Held-out error on noisy off-grid points.
        var noise = Xoshiro256StarStar(seed: seed ^ 0x4E01_5E0F_F6A1_D000)
        var sum = SIMD3<Double>.zero, errorSum = 0.0, errorMax = 0.0, count = 0, voteTraceSum = 0.0
        for point in grid.testPoints(count: Self.heldOutPointCount, seed: seed ^ 0x7E57_0000_0000_0001) {
            guard let row = extractor.features(at: point, noise: true, using: &noise) else { continue }
            let p = fitted.predict(features: row)
            if let forest {
                let c = row.withUnsafeBufferPointer { Self.voteSpread(forest, features: $0, grid: grid).covariance }
                voteTraceSum += c[0] + c[2]
            }
            let ex = p.x - point.x, ey = p.y - point.y
            sum += SIMD3(ex * ex, ex * ey, ey * ey)
            let error = (ex * ex + ey * ey).squareRoot()
            errorSum += error
            errorMax = max(errorMax, error)
            count += 1
        }
        let n = Double(max(count, 1))
        heldOutCovariance = sum / n + SIMD3(Self.varianceFloor, 0, Self.varianceFloor)
        heldOutMeanErrorMetres = errorSum / n
        heldOutMaxErrorMetres = errorMax
        voteSpreadScale = voteTraceSum > 0 ? (sum[0] + sum[2]) / voteTraceSum : 1
    }

    /// The number of features a fix takes: four per access point.
    public var featureCount: Int { 4 * scenario.accessPoints.count }

    /// The position and its covariance [σx², σxy, σy²] (metres, metres²) for one row of features.
    public func fix(features: UnsafeBufferPointer<Double>) -> (x: Double, y: Double, covariance: SIMD3<Double>) {
        guard let weightedForest else {
            let p = localizer.predict(features: features)
            return (p.x, p.y, heldOutCovariance)
        }
        let fix = Self.voteSpread(weightedForest, features: features, grid: grid)
        return (fix.x, fix.y, fix.covariance * voteSpreadScale + SIMD3(Self.varianceFloor, 0, Self.varianceFloor))
    }

    /// A weighted random forest's position (eq. 4) and raw vote-spread covariance (spread + h²/12 per axis).
    static func voteSpread(
        _ forest: WeightedRandomForestLocalizer, features: UnsafeBufferPointer<Double>, grid: FingerprintGrid
    ) -> (x: Double, y: Double, covariance: SIMD3<Double>) {
        let candidates = forest.candidates(features: Array(features))
        let quantisation = grid.spacingMetres * grid.spacingMetres / 12
        let x = weightedMoments(candidates.x), y = weightedMoments(candidates.y)
        return (x.mean, y.mean, SIMD3(x.variance + quantisation, 0, y.variance + quantisation))
    }

    /// Score-weighted mean (the WRF's eq. 4, summed as the forest sums it) and variance of candidate values.
    static func weightedMoments(_ candidates: [(value: Double, score: Int)]) -> (mean: Double, variance: Double) {
        let total = Double(candidates.reduce(0) { $0 + $1.score })
        guard total > 0 else { return (0, 0) }
        var mean = 0.0
        for c in candidates { mean += c.value * (Double(c.score) / total) }
        var variance = 0.0
        for c in candidates { variance += (c.value - mean) * (c.value - mean) * (Double(c.score) / total) }
        return (mean, variance)
    }
}

// MARK: - Presets and sharing

extension FingerprintModel {
    /// The localizer a ``PositionEstimatorKind`` names (nil for `ekf`), with the seed of any forest.
    static func localizer(for kind: PositionEstimatorKind, seed: UInt64) -> (any PositionLocalizer)? {
        switch kind {
        case .ekf: return nil
        case .wknn: return WKNNLocalizer(k: 4)
        case .rf: return RandomForestLocalizer(trees: 100, seed: seed)
        case .wrf: return WeightedRandomForestLocalizer(trees: 100, topK: 3, seed: seed)
        }
    }

    /// The model of `kind` for `scenario`, fitted at the first request and shared by every later one alike.
    ///
    /// The registry makes each copy of a vector env separately; this cache lets them share one fit. It keeps the
    /// ``cacheCapacity`` most recently made models.
    /// - Returns: nil for `.ekf`.
    public static func shared(
        scenario: Scenario, kind: PositionEstimatorKind, gridSpacingMetres: Double = 0.2, seed: UInt64 = 0
    ) throws -> FingerprintModel? {
        guard let localizer = localizer(for: kind, seed: seed) else { return nil }
        let key = CacheKey(scenario: scenario, kind: kind, gridSpacingMetres: gridSpacingMetres, seed: seed)
        return try cache.value(for: key) {
            try FingerprintModel(scenario: scenario, localizer: localizer, gridSpacingMetres: gridSpacingMetres, seed: seed)
        }
    }

    /// How many fitted models ``shared(scenario:kind:gridSpacingMetres:seed:)`` keeps.
    public static let cacheCapacity = 8

    struct CacheKey: Equatable {
        var scenario: Scenario
        var kind: PositionEstimatorKind
        var gridSpacingMetres: Double
        var seed: UInt64
    }

    /// A small lock-protected list of (key, model), most recent last.
    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [(key: CacheKey, model: FingerprintModel)] = []

        /// The cached model for `key`, or the one `make` builds (under the lock, so a model is fitted once).
        func value(for key: CacheKey, make: () throws -> FingerprintModel) rethrows -> FingerprintModel {
            lock.lock()
            defer { lock.unlock() }
            if let index = entries.firstIndex(where: { $0.key == key }) {
                let entry = entries.remove(at: index)
                entries.append(entry)
                return entry.model
            }
            let model = try make()
            entries.append((key, model))
            if entries.count > FingerprintModel.cacheCapacity { entries.removeFirst() }
            return model
        }
    }

    static let cache = Cache()
}
