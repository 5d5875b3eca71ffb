import Foundation
import XCTest
@testable import Localizers

/// Reading, writing and rejecting fingerprint CSVs.
final class FingerprintTableTests: XCTestCase {
    /// A small valid CSV with a split column placed in the middle and a blank trailing line.
    let validCSV = """
        x_m,y_m,split,ap0_rss_dbm,ap0_toa_s
        0.0,0.2,train,-60.5,1.0e-08
        0.2,0.4,test,-61.25,2e-08

        """

    func testParsing_ValidCSV_ReadsColumnsInHeaderOrder() throws {
        let table = try FingerprintTable(csv: validCSV, source: "valid.csv")
        XCTAssertEqual(table.featureNames, ["ap0_rss_dbm", "ap0_toa_s"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.features, [-60.5, 1.0e-08, -61.25, 2e-08])
        XCTAssertEqual(table.x, [0.0, 0.2])
        XCTAssertEqual(table.y, [0.2, 0.4])
        XCTAssertEqual(table.split, ["train", "test"])
        XCTAssertEqual(table.rows(inSplit: "test").x, [0.2])
        XCTAssertEqual(table.rows(inSplit: "none").rowCount, 0)
    }

    func testParsing_FeatureColumnsSelection_KeepsRequestedOrder() throws {
        let table = try FingerprintTable(csv: validCSV, featureColumns: ["ap0_toa_s", "ap0_rss_dbm"])
        XCTAssertEqual(table.featureNames, ["ap0_toa_s", "ap0_rss_dbm"])
        XCTAssertEqual(table.featureRow(1), [2e-08, -61.25])
        XCTAssertEqual(try table.selectingFeatures(["ap0_rss_dbm"]).features, [-60.5, -61.25])
    }

    func testCSVText_RoundTrips_ThroughFile() throws {
        let table = SyntheticFingerprints.table(nx: 3, ny: 2, samplesPerPoint: 2, seed: 1, split: "train")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try table.write(to: url)
        let back = try FingerprintTable(contentsOf: url)
        XCTAssertEqual(back.features, table.features)
        XCTAssertEqual(back.x, table.x)
        XCTAssertEqual(back.y, table.y)
        XCTAssertEqual(back.split, table.split)
        XCTAssertEqual(back.featureNames, table.featureNames)
    }

    // MARK: - Bad CSVs

    /// Asserts that parsing `csv` throws exactly `expected`, and that its message contains `fragment`.
    func assertRejects(
        _ csv: String, _ expected: FingerprintTableError, messageContains fragment: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try FingerprintTable(csv: csv, source: "bad.csv"), file: file, line: line) { error in
            XCTAssertEqual(error as? FingerprintTableError, expected, file: file, line: line)
            XCTAssertTrue("\(error)".contains(fragment), "message: \(error)", file: file, line: line)
        }
    }

    func testParsing_MissingCoordinateColumn_Fails() {
        assertRejects(
            "x_m,ap0_rss_dbm\n0.0,-60\n", .missingColumn(file: "bad.csv", line: 1, column: "y_m"),
            messageContains: "bad.csv:1: missing column 'y_m'")
    }

    func testParsing_MissingRequestedFeature_Fails() {
        XCTAssertThrowsError(try FingerprintTable(csv: validCSV, source: "v.csv", featureColumns: ["ap1_rss_dbm"])) {
            XCTAssertEqual($0 as? FingerprintTableError, .missingColumn(file: "v.csv", line: 1, column: "ap1_rss_dbm"))
        }
    }

    func testParsing_NaN_FailsWithLineAndColumn() {
        assertRejects(
            "x_m,y_m,ap0_rss_dbm\n0,0,-60\n0,0.2,nan\n",
            .nonFinite(file: "bad.csv", line: 3, column: "ap0_rss_dbm", value: "nan"),
            messageContains: "bad.csv:3: column 'ap0_rss_dbm': 'nan' is not finite")
    }

    func testParsing_Infinity_Fails() {
        assertRejects(
            "x_m,y_m,ap0_rss_dbm\ninf,0,-60\n", .nonFinite(file: "bad.csv", line: 2, column: "x_m", value: "inf"),
            messageContains: "not finite")
    }

    func testParsing_NonNumericAndEmptyField_Fail() {
        assertRejects(
            "x_m,y_m,ap0_rss_dbm\n0,0,-60dB\n", .nonNumeric(file: "bad.csv", line: 2, column: "ap0_rss_dbm", value: "-60dB"),
            messageContains: "'-60dB' is not a number")
        assertRejects(
            "x_m,y_m,ap0_rss_dbm\n0,,-60\n", .nonNumeric(file: "bad.csv", line: 2, column: "y_m", value: ""),
            messageContains: "bad.csv:2: column 'y_m'")
    }

    func testParsing_EmptyFileOrHeaderOnly_Fails() {
        assertRejects("", .emptyTable(file: "bad.csv"), messageContains: "empty table")
        assertRejects("x_m,y_m,ap0_rss_dbm\n\n", .emptyTable(file: "bad.csv"), messageContains: "empty table")
    }

    func testParsing_RaggedRow_Fails() {
        assertRejects(
            "x_m,y_m,ap0_rss_dbm\n0,0,-60\n0,0.2\n", .raggedRow(file: "bad.csv", line: 3, expected: 3, found: 2),
            messageContains: "bad.csv:3: row has 2 fields but the header has 3")
    }

    func testParsing_DuplicateOrNoFeatureColumns_Fail() {
        assertRejects(
            "x_m,y_m,a,a\n0,0,1,1\n", .duplicateColumn(file: "bad.csv", line: 1, column: "a"), messageContains: "'a'")
        assertRejects("x_m,y_m,split\n0,0,train\n", .noFeatureColumns(file: "bad.csv"), messageContains: "no feature columns")
    }

    func testReading_MissingFile_NamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent/fingerprints.csv")
        XCTAssertThrowsError(try FingerprintTable(contentsOf: url)) { error in
            guard case let .unreadableFile(file, _)? = error as? FingerprintTableError else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(file, "/nonexistent/fingerprints.csv")
        }
    }

    func testInMemoryInit_ShapeMismatchAndNaN_Fail() {
        XCTAssertThrowsError(try FingerprintTable(featureNames: ["a", "b"], features: [1, 2, 3], x: [0, 1], y: [0, 1])) {
            guard case .shapeMismatch? = $0 as? FingerprintTableError else { return XCTFail("unexpected \($0)") }
        }
        XCTAssertThrowsError(try FingerprintTable(featureNames: ["a"], features: [1, .nan], x: [0, 1], y: [0, 1])) {
            XCTAssertEqual($0 as? FingerprintTableError, .nonFinite(file: "<memory>", line: 3, column: "a", value: "nan"))
        }
        XCTAssertThrowsError(try FingerprintTable(featureNames: ["a"], features: [], x: [], y: [])) {
            XCTAssertEqual($0 as? FingerprintTableError, .emptyTable(file: "<memory>"))
        }
    }
}
