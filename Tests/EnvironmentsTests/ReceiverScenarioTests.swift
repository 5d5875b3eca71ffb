import Environments
import RadioScene
import XCTest

/// The v1 scenario fields (ITU materials, the receiver block, wide beams, spectrum–time price) are read and
/// checked, each error naming its field.
final class ReceiverScenarioTests: XCTestCase {
    private func office() throws -> String {
        try String(
            contentsOf: try XCTUnwrap(ScenarioLibrary.directory).appendingPathComponent("wrf-office-16x15.yaml"),
            encoding: .utf8)
    }

    func testOffice_ReadsITUMaterialsAndTheReceiver() throws {
        let s = try ScenarioLibrary.resolve("wrf-office-16x15")
        XCTAssertEqual(s.room.walls.itu, "concrete")
        XCTAssertEqual(s.room.ceiling.itu, "plasterboard")
        XCTAssertEqual(s.radio.polarization, .vertical)
        XCTAssertEqual(s.radio.receiver?.architecture, .analogMonopulse)
        XCTAssertEqual(s.measurementModel.rangeFloorMetres, 0.09 * 299_792_458 / 3e9, accuracy: 1e-12)
        XCTAssertEqual(s.codebook.resolvedWideBeams, 8)
        XCTAssertEqual(s.reward.costPerGhzUs, 5)
    }

    func testBadReceiverFields_AreNamed() throws {
        let yaml = try office()
        for (from, to, field) in [
            ("walls: {name: concrete, itu: concrete}", "walls: {name: concrete, itu: unobtainium}", "room.walls.itu"),
            ("walls: {name: concrete, itu: concrete}", "walls: {name: concrete}", "room.walls"),
            ("range_floor_fraction: 0.09", "range_floor_fraction: -1", "radio.receiver.range_floor_fraction"),
            ("rician_k_los_db: 7.0", "rician_k_los_db: 1e9", "radio.receiver.rician_k_los_db"),
            ("  beams: 32", "  beams: 32\n  wide_beams: 40", "codebook.wide_beams"),
        ] {
            let bad = yaml.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(bad, yaml, "the edit \(to) must apply")
            XCTAssertThrowsError(try ScenarioLoader.parse(yaml: bad, source: "bad.yaml")) { error in
                let named = (error as? ScenarioError)?.field ?? ""
                XCTAssertTrue(named.hasPrefix(field), "\(to): \(error) names '\(named)', expected \(field)")
            }
        }
    }
}
