import XCTest
@testable import RadioScene

final class FingerprintDatasetGeneratorTests: XCTestCase {
    func generate(noise: Bool, seed: UInt64, testPoints: Int = 20) throws -> FingerprintDataset {
        let scenario = try FingerprintTestScenarios.room()
        let grid = try FingerprintGrid(scenario: scenario, spacingMetres: 0.5)
        return try FingerprintDatasetGenerator(scenario: scenario, grid: grid, noise: noise, seed: seed)
            .generate(testPointCount: testPoints)
    }

    func testGenerator_IsDeterministicGivenItsSeed() throws {
        let a = try generate(noise: true, seed: 11)
        XCTAssertEqual(a, try generate(noise: true, seed: 11))
        let b = try generate(noise: true, seed: 12)
        XCTAssertNotEqual(a.samples.map(\.features), b.samples.map(\.features))
        XCTAssertNotEqual(a.samples.filter { $0.split == "test" }.map(\.position),
                          b.samples.filter { $0.split == "test" }.map(\.position))
    }

    func testGenerator_NoiseFreeReferenceRowsDoNotDependOnTheSeed() throws {
        let a = try generate(noise: false, seed: 1).samples.filter { $0.split == "train" }
        let b = try generate(noise: false, seed: 2).samples.filter { $0.split == "train" }
        XCTAssertEqual(a, b)
    }

    func testGenerator_RowsAreGridThenTestPoints() throws {
        let dataset = try generate(noise: false, seed: 1, testPoints: 7)
        let grid = try FingerprintGrid(scenario: FingerprintTestScenarios.room(), spacingMetres: 0.5)
        XCTAssertEqual(dataset.trainCount, grid.count)
        XCTAssertEqual(dataset.testCount, 7)
        XCTAssertEqual(dataset.samples.prefix(grid.count).map(\.position), grid.points)
        XCTAssertEqual(dataset.featureNames.count, 8)
        for sample in dataset.samples {
            XCTAssertEqual(sample.features.count, 8)
            XCTAssertTrue(sample.features.allSatisfy(\.isFinite))
        }
        XCTAssertEqual(dataset.undetectedReferencePoints, 0)
        XCTAssertGreaterThan(dataset.lineOfSightFraction, 0.9)
    }

    func testGenerator_NegativeTestPointCount_Throws() throws {
        XCTAssertThrowsError(try generate(noise: false, seed: 1, testPoints: -1)) { error in
            XCTAssertTrue("\(error)".contains("test-point count"), "\(error)")
        }
    }

    func testGenerator_ProgressReachesTheTotal() throws {
        let scenario = try FingerprintTestScenarios.room()
        let grid = try FingerprintGrid(scenario: scenario, spacingMetres: 1)
        var last = (0, 0)
        _ = try FingerprintDatasetGenerator(scenario: scenario, grid: grid, noise: false, seed: 1)
            .generate(testPointCount: 3) { done, total in last = (done, total) }
        XCTAssertEqual(last.0, grid.count + 3)
        XCTAssertEqual(last.1, grid.count + 3)
    }
}
