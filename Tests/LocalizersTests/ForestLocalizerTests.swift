import XCTest
@testable import Localizers

/// Random forest and weighted random forest: determinism, eq. (3)–(4), and WRF(K = 1) ≡ the forests' vote.
final class ForestLocalizerTests: XCTestCase {
    /// 10 × 8 grid, 3 noisy fingerprints per point.
    let train = SyntheticFingerprints.table(nx: 10, ny: 8, samplesPerPoint: 3, seed: 21)
    /// The same grid, fresh noise.
    let test = SyntheticFingerprints.table(nx: 10, ny: 8, samplesPerPoint: 1, seed: 22)

    func testScoreWeightedAverage_MatchesEquation4ByHand() {
        // x_TP = (0.2·5 + 0.4·3) / (5 + 3) = 0.275
        let x = CoordinateForest.scoreWeightedAverage([([0.2], 5), ([0.4], 3)])
        XCTAssertEqual(x[0], 0.275, accuracy: 1e-15)
        // Eq. (3) in two dimensions: ((0,0)·1 + (1,2)·3) / 4 = (0.75, 1.5)
        XCTAssertEqual(CoordinateForest.scoreWeightedAverage([([0, 0], 1), ([1, 2], 3)]), [0.75, 1.5])
    }

    func testWRF_TopK1_EqualsSeparateCoordinateForestVote() throws {
        var wrf = WeightedRandomForestLocalizer(trees: 30, topK: 1, seed: 5)
        var rf = RandomForestLocalizer(trees: 30, seed: 5, labels: .separateCoordinates)
        try wrf.fit(train)
        try rf.fit(train)
        let a = try wrf.predict(table: test), b = try rf.predict(table: test)
        for i in a.indices {
            XCTAssertEqual(a[i].x, b[i].x, "row \(i)")
            XCTAssertEqual(a[i].y, b[i].y, "row \(i)")
        }
        // …and K = 3 really averages: it differs from the vote somewhere, and equals eq. (4) on its candidates.
        var wrf3 = WeightedRandomForestLocalizer(trees: 30, topK: 3, seed: 5)
        try wrf3.fit(train)
        let c = try wrf3.predict(table: test)
        XCTAssertTrue(c.indices.contains { c[$0].x != a[$0].x || c[$0].y != a[$0].y })
        for row in 0..<5 {
            let features = test.featureRow(row)
            let candidates = wrf3.candidates(features: features)
            XCTAssertLessThanOrEqual(candidates.x.count, 3)
            XCTAssertEqual(candidates.x.map(\.score), candidates.x.map(\.score).sorted(by: >))
            XCTAssertLessThanOrEqual(candidates.x.reduce(0) { $0 + $1.score }, 30)
            let x = candidates.x.reduce(0) { $0 + $1.value * Double($1.score) } / Double(candidates.x.reduce(0) { $0 + $1.score })
            XCTAssertEqual(wrf3.predict(features: features).x, x, accuracy: 1e-12)
        }
    }

    func testForests_SameSeedSameResult_ThreadCountIrrelevant() throws {
        var one = RandomForestLocalizer(trees: 12, seed: 9)
        var two = RandomForestLocalizer(trees: 12, seed: 9, threads: 2)
        var other = RandomForestLocalizer(trees: 12, seed: 10)
        try one.fit(train)
        try two.fit(train)
        try other.fit(train)
        let a = try one.predict(table: test), b = try two.predict(table: test), c = try other.predict(table: test)
        XCTAssertEqual(a.map(\.x), b.map(\.x))
        XCTAssertEqual(a.map(\.y), b.map(\.y))
        XCTAssertNotEqual(a.map(\.x) + a.map(\.y), c.map(\.x) + c.map(\.y))
    }

    func testForests_RecoverNoiseFreeReferencePoints() throws {
        let clean = SyntheticFingerprints.table(
            nx: 8, ny: 6, samplesPerPoint: 1, noise: .init(rssDB: 0, azimuth: 0, elevation: 0, toa: 0), seed: 1)
        var localizers: [any PositionLocalizer] = [
            RandomForestLocalizer(trees: 50, seed: 3), WeightedRandomForestLocalizer(trees: 50, topK: 1, seed: 3),
            WKNNLocalizer(k: 3),
        ]
        for i in localizers.indices {
            try localizers[i].fit(clean)
            let predictions = try localizers[i].predict(table: clean)
            let hits = predictions.indices.filter { predictions[$0].x == clean.x[$0] && predictions[$0].y == clean.y[$0] }
            XCTAssertGreaterThanOrEqual(Double(hits.count) / Double(clean.rowCount), 0.95, localizers[i].name)
        }
    }

    func testWRF_BeatsPlainForestMeanError_OffGrid() throws {
        let test = SyntheticFingerprints.offGrid(nx: 10, ny: 8, count: 200, seed: 23)
        var rf = RandomForestLocalizer(trees: 50, seed: 4)
        var wrf = WeightedRandomForestLocalizer(trees: 50, topK: 3, seed: 4)
        try rf.fit(train)
        try wrf.fit(train)
        func meanError(_ p: [(x: Double, y: Double)]) -> Double {
            p.indices.reduce(0) { $0 + ((p[$1].x - test.x[$1]) * (p[$1].x - test.x[$1]) + (p[$1].y - test.y[$1]) * (p[$1].y - test.y[$1])).squareRoot() }
                / Double(p.count)
        }
        let rfError = meanError(try rf.predict(table: test)), wrfError = meanError(try wrf.predict(table: test))
        XCTAssertLessThan(wrfError, rfError, "WRF mean error \(wrfError) m vs RF \(rfError) m (paper Table II: 0.055 vs 0.096)")
    }

    func testFit_InvalidParametersAndEmptyTable_Throw() throws {
        var noTrees = RandomForestLocalizer(trees: 0)
        XCTAssertThrowsError(try noTrees.fit(train)) {
            XCTAssertEqual($0 as? LocalizerError, .invalidParameter(name: "trees", value: 0, reason: "must be ≥ 1"))
        }
        var noK = WeightedRandomForestLocalizer(topK: 0)
        XCTAssertThrowsError(try noK.fit(train)) {
            XCTAssertEqual($0 as? LocalizerError, .invalidParameter(name: "topK", value: 0, reason: "must be ≥ 1"))
        }
        var wrf = WeightedRandomForestLocalizer()
        let empty = train.rows(inSplit: "missing-split-label")
        XCTAssertEqual(empty.rowCount, train.rowCount)  // no split column: all rows
        XCTAssertThrowsError(try wrf.fit(train.rows(at: []))) {
            XCTAssertEqual($0 as? LocalizerError, .emptyTrainingSet(source: "<memory>"))
        }
    }

    func testMaxFeatures_ResolvesLikeScikitLearn() {
        XCTAssertEqual(MaxFeatures.sqrt.resolved(featureCount: 8), 2)
        XCTAssertEqual(MaxFeatures.sqrt.resolved(featureCount: 16), 4)
        XCTAssertEqual(MaxFeatures.log2.resolved(featureCount: 8), 3)
        XCTAssertEqual(MaxFeatures.all.resolved(featureCount: 8), 8)
        XCTAssertEqual(MaxFeatures.count(20).resolved(featureCount: 8), 8)
    }
}

/// Error statistics against hand-computed values.
final class LocalizationErrorSummaryTests: XCTestCase {
    func testSummary_ByHand() throws {
        let truth = try FingerprintTable(featureNames: ["v"], features: [0, 0, 0, 0], x: [0, 0, 0, 0], y: [0, 0, 0, 0])
        // Errors 3, 4 (3-4-5 triangle gives 5), 0, 1 → sorted 0, 1, 3, 5.
        let summary = try LocalizationErrorSummary(predictions: [(3, 0), (3, 4), (0, 0), (0, 1)], truth: truth)
        XCTAssertEqual(summary.count, 4)
        XCTAssertEqual(summary.min, 0)
        XCTAssertEqual(summary.max, 5)
        XCTAssertEqual(summary.mean, 2.25)
        XCTAssertEqual(summary.median, 2)
        XCTAssertEqual(summary.p90, 5)
        XCTAssertEqual(summary.rmse, (35.0 / 4).squareRoot(), accuracy: 1e-15)
        XCTAssertTrue(summary.description.hasPrefix("n=4 mean=2.2500 m"), summary.description)
        XCTAssertThrowsError(try LocalizationErrorSummary(predictions: [(0, 0)], truth: truth))
    }
}
