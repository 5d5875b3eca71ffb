import XCTest

@testable import Localizers

/// CSV files written with Windows line ends (issue 13: they failed with "column '0.5' appears more than once").
final class FingerprintTableCRLFTests: XCTestCase {
    func testParsing_CRLFLineEnds_ReadLikeLF() throws {
        let lf = "x_m,y_m,split,ap0_rss_dbm\n0.0,0.2,train,-60.5\n0.5,0.5,test,-61.0\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = try FingerprintTable(csv: lf, source: "lf.csv")
        let table = try FingerprintTable(csv: crlf, source: "crlf.csv")
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.features, expected.features)
        XCTAssertEqual(table.x, expected.x)
        XCTAssertEqual(table.split, expected.split)
    }
}
