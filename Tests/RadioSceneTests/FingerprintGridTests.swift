import XCTest
@testable import RadioScene

final class FingerprintGridTests: XCTestCase {
    func testOfficeGrid_HasPaperSpacingAndStaysInsideTheRoom() throws {
        let scenario = try FingerprintTestScenarios.office()
        let grid = try FingerprintGrid(scenario: scenario, spacingMetres: 0.2)
        XCTAssertEqual(grid.xValuesMetres.first, -7.8)
        XCTAssertEqual(grid.xValuesMetres.last, 7.8)
        XCTAssertEqual(grid.yValuesMetres.first, -7.8)
        XCTAssertEqual(grid.yValuesMetres.last, 6.8)
        XCTAssertEqual(grid.xValuesMetres.count, 79)
        XCTAssertEqual(grid.yValuesMetres.count, 74)
        XCTAssertEqual(grid.count, 79 * 74)
        for values in [grid.xValuesMetres, grid.yValuesMetres] {
            for (a, b) in zip(values, values.dropFirst()) { XCTAssertEqual(b - a, 0.2, accuracy: 1e-9) }
        }
        let room = scenario.sceneRoom
        for p in grid.points {
            XCTAssertTrue(room.contains(p))
            XCTAssertGreaterThanOrEqual(min(p.x - room.minCorner.x, room.maxCorner.x - p.x), 0.2 - 1e-9)
            XCTAssertGreaterThanOrEqual(min(p.y - room.minCorner.y, room.maxCorner.y - p.y), 0.2 - 1e-9)
            XCTAssertEqual(p.z, 1.5)
        }
    }

    func testRoomGrid_8x6_Has39By29Points() throws {
        let grid = try FingerprintGrid(scenario: FingerprintTestScenarios.room(), spacingMetres: 0.2)
        XCTAssertEqual(grid.xValuesMetres.count, 39)
        XCTAssertEqual(grid.yValuesMetres.count, 29)
        XCTAssertEqual(grid.xValuesMetres.first, 0.2)
        XCTAssertEqual(grid.yValuesMetres.last, 5.8)
    }

    func testGrid_ZeroMarginIncludesTheWalls() throws {
        let grid = try FingerprintGrid(scenario: FingerprintTestScenarios.room(), spacingMetres: 1, marginMetres: 0)
        XCTAssertEqual(grid.xValuesMetres, [0, 1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(grid.yValuesMetres, [0, 1, 2, 3, 4, 5, 6])
    }

    func testGrid_BadSettings_Throw() throws {
        let scenario = try FingerprintTestScenarios.room()
        XCTAssertThrowsError(try FingerprintGrid(scenario: scenario, spacingMetres: 0))
        XCTAssertThrowsError(try FingerprintGrid(scenario: scenario, spacingMetres: -0.2))
        XCTAssertThrowsError(try FingerprintGrid(scenario: scenario, spacingMetres: 0.2, marginMetres: 3.1)) { error in
            XCTAssertTrue("\(error)".contains("leaves no reference point"), "\(error)")
        }
        XCTAssertThrowsError(try FingerprintGrid(room: scenario.sceneRoom, spacingMetres: 0.2, heightMetres: 3.5))
    }

    func testTestPoints_AreSeededOffGridAndInsideTheArea() throws {
        let grid = try FingerprintGrid(scenario: FingerprintTestScenarios.office(), spacingMetres: 0.2)
        let a = grid.testPoints(count: 100, seed: 1)
        XCTAssertEqual(a, grid.testPoints(count: 100, seed: 1))
        XCTAssertNotEqual(a, grid.testPoints(count: 100, seed: 2))
        let (lo, hi) = grid.area
        for p in a {
            XCTAssertTrue((lo.x...hi.x).contains(p.x) && (lo.y...hi.y).contains(p.y), "\(p)")
            XCTAssertEqual(p.z, 1.5)
            let onGrid = grid.xValuesMetres.contains { abs($0 - p.x) < 1e-6 } && grid.yValuesMetres.contains { abs($0 - p.y) < 1e-6 }
            XCTAssertFalse(onGrid, "\(p) is a reference point")
        }
        // Spread over the whole area, not a corner of it.
        XCTAssertLessThan(a.map(\.x).min() ?? 0, -4)
        XCTAssertGreaterThan(a.map(\.x).max() ?? 0, 4)
    }
}
