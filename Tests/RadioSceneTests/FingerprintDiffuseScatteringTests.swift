import XCTest
@testable import RadioScene

final class FingerprintDiffuseScatteringTests: XCTestCase {
    let receivers = [Vector3(0.5, 0.5, 1.5), Vector3(7.5, 5.5, 1.5), Vector3(3.1, 2.7, 1.5)]

    func features(_ scenario: Scenario) -> [FingerprintPathFeatures] {
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        return receivers.flatMap { r in (0..<2).map { extractor.maxPowerPath(accessPoint: $0, receiver: r) } }
    }

    func testScatteringOffByDefault_LeavesFeaturesUnchanged() throws {
        let base = try FingerprintTestScenarios.room()
        XCTAssertNil(base.room.diffuseScattering)
        XCTAssertNil(DiffuseScatterer(scenario: base))
        var disabled = base
        disabled.room.diffuseScattering = DiffuseScatteringSpec(enabled: false, scatteringCoefficient: 0.5)
        var zero = base
        zero.room.diffuseScattering = DiffuseScatteringSpec(enabled: true, scatteringCoefficient: 0)
        XCTAssertEqual(features(base), features(disabled))
        XCTAssertEqual(features(base), features(zero))
    }

    func testScatteringOn_AddsOnePathPerTileAndChangesFeatures() throws {
        var scenario = try FingerprintTestScenarios.office()
        scenario.room.diffuseScattering = DiffuseScatteringSpec(enabled: true, scatteringCoefficient: 0.5)
        let scatterer = try XCTUnwrap(DiffuseScatterer(scenario: scenario))
        // 16 × 15 × 3 m at 0.5 m: walls 2·(30·6) + 2·(32·6), floor and ceiling 2·(32·30).
        XCTAssertEqual(scatterer.tileCount, 2 * 180 + 2 * 192 + 2 * 960)
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let paths = extractor.paths(accessPoint: 0, receiver: Vector3(0, 0, 1.5))
        XCTAssertEqual(paths.count, 7 + scatterer.tileCount)
        var off = scenario
        off.room.diffuseScattering = nil
        XCTAssertNotEqual(features(scenario).map(\.rssDBm), features(off).map(\.rssDBm))
    }

    func testScatteredPower_FollowsTheLambertianFormula() throws {
        // One 1 m² floor tile under a transmitter and a receiver 2 m apart, both 1 m up.
        let room = Room(minCorner: Vector3(0, 0, 0), maxCorner: Vector3(1, 1, 3),
                        materials: [Material(name: "m", reflectionLossDB: 6)])
        let scatterer = DiffuseScatterer(room: room, scatteringCoefficient: 0.4, tileSizeMetres: 1)
        let tx = Vector3(0.5 - 1, 0.5, 1), rx = Vector3(0.5 + 1, 0.5, 1)
        var paths: [PropagationPath] = []
        scatterer.appendPaths(from: tx, to: rx, into: &paths)
        let floorPath = try XCTUnwrap(paths.first { $0.lastSurface == .floor })
        let r = 2.0.squareRoot(), cosine = 1 / r, lambda = 0.005
        let gamma2 = Decibels.linear(fromDB: -6)
        let expected = pow(lambda / (4 * Double.pi), 2) * 0.16 * gamma2 * cosine * cosine / (Double.pi * r * r * r * r)
        let gain = pow(floorPath.amplitudeGain(wavelengthMetres: lambda), 2)
        XCTAssertEqual(gain / expected, 1, accuracy: 1e-12)
        XCTAssertEqual(floorPath.lengthMetres, 2 * r, accuracy: 1e-12)
    }

    func testSpecularRoom_KeepsOneMinusSSquaredOfTheReflectedPower() {
        let room = Room(minCorner: .zero, maxCorner: Vector3(4, 4, 3), materials: [Material(name: "m", reflectionLossDB: 6)])
        let reduced = DiffuseScatterer.specularRoom(room, scatteringCoefficient: 0.6)
        let ratio = pow(
            reduced.materials[0].normalIncidenceAmplitude(carrierHertz: 60e9)
                / room.materials[0].normalIncidenceAmplitude(carrierHertz: 60e9), 2)
        XCTAssertEqual(ratio, 1 - 0.36, accuracy: 1e-12)
    }

    func testScenarioValidation_RejectsABadScatteringCoefficient() throws {
        let base = try FingerprintTestScenarios.room()
        var yaml = try ScenarioLoader.yaml(of: base)
        let withScattering = yaml.replacingOccurrences(
            of: "room:\n", with: "room:\n  diffuse_scattering: {enabled: true, scattering_coefficient: 1.5}\n")
        XCTAssertNotEqual(withScattering, yaml)
        XCTAssertThrowsError(try ScenarioLoader.parse(yaml: withScattering)) { error in
            XCTAssertEqual((error as? ScenarioError)?.field, "room.diffuse_scattering.scattering_coefficient")
        }
        yaml = yaml.replacingOccurrences(
            of: "room:\n", with: "room:\n  diffuse_scattering: {enabled: true, scattering_coefficient: 0.3, tile_size_m: 0.25}\n")
        let parsed = try ScenarioLoader.parse(yaml: yaml)
        XCTAssertEqual(parsed.room.diffuseScattering, DiffuseScatteringSpec(enabled: true, scatteringCoefficient: 0.3, tileSizeM: 0.25))
        XCTAssertEqual(try ScenarioLoader.parse(yaml: ScenarioLoader.yaml(of: parsed)), parsed)
    }
}
