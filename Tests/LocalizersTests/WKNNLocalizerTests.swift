import XCTest
@testable import Localizers

/// WKNN against hand-computed values (the scikit-learn comparison is in `SklearnReferenceTests`).
final class WKNNLocalizerTests: XCTestCase {
    /// Four points on a line: feature v, x = index, y = 10 · index.
    func lineTable() throws -> FingerprintTable {
        try FingerprintTable(featureNames: ["v"], features: [0, 1, 3, 10], x: [0, 1, 2, 3], y: [0, 10, 20, 30])
    }

    func testPredict_TwoNeighbours_WeightsByReciprocalDistance() throws {
        var knn = WKNNLocalizer(k: 2, standardize: false)
        try knn.fit(lineTable())
        // Query 0.8: neighbours v=1 (d=0.2, w=5) and v=0 (d=0.8, w=1.25) → x = 5·1/6.25 = 0.8, y = 8.
        let p = knn.predict(features: [0.8])
        XCTAssertEqual(p.x, 0.8, accuracy: 1e-12)
        XCTAssertEqual(p.y, 8, accuracy: 1e-12)
    }

    func testPredict_ExactMatch_TakesAllTheWeight() throws {
        var knn = WKNNLocalizer(k: 3, standardize: false)
        try knn.fit(lineTable())
        let p = knn.predict(features: [3])
        XCTAssertEqual(p.x, 2)
        XCTAssertEqual(p.y, 20)
    }

    func testStandardize_ChangesWhichNeighbourIsNearest() throws {
        // Column a spans 1000 units, column b 1 unit: raw distances see only a.
        let table = try FingerprintTable(featureNames: ["a", "b"], features: [0, 0, 1000, 1], x: [0, 1], y: [0, 0])
        var raw = WKNNLocalizer(k: 1, standardize: false)
        var scaled = WKNNLocalizer(k: 1)
        try raw.fit(table)
        try scaled.fit(table)
        // Query (400, 1): raw distances 400.001 vs 600 → row 0; z-scored (−0.2, 1): 2.15 vs 1.2 → row 1.
        XCTAssertEqual(raw.predict(features: [400, 1]).x, 0)
        XCTAssertEqual(scaled.predict(features: [400, 1]).x, 1)
        XCTAssertEqual(scaled.scaler.mean, [500, 0.5])
        XCTAssertEqual(scaled.scaler.scale, [500, 0.5])
    }

    func testFit_KLargerThanTable_Throws() throws {
        var knn = WKNNLocalizer(k: 5)
        XCTAssertThrowsError(try knn.fit(lineTable())) { error in
            XCTAssertEqual(
                error as? LocalizerError, .invalidParameter(name: "k", value: 5, reason: "must be in 1...4 (training rows)"))
        }
    }

    func testPredictTable_BeforeFitOrWithOtherColumns_Throws() throws {
        var knn = WKNNLocalizer(k: 1)
        let table = try lineTable()
        XCTAssertThrowsError(try knn.predict(table: table)) {
            XCTAssertEqual($0 as? LocalizerError, .notFitted(localizer: "WKNN(k=1)"))
        }
        try knn.fit(table)
        let other = try FingerprintTable(featureNames: ["w"], features: [0], x: [0], y: [0])
        XCTAssertThrowsError(try knn.predict(table: other)) {
            XCTAssertEqual($0 as? LocalizerError, .featureMismatch(expected: ["v"], found: ["w"]))
        }
        XCTAssertEqual(try knn.predict(table: table).map(\.x), [0, 1, 2, 3])
    }
}
