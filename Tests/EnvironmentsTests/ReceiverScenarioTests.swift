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
            ("rician_k_los_db: 7.0", "rician_k_los_db: 7.0\n    shadowing_std_db: -3", "radio.receiver.shadowing_std_db"),
            ("rician_k_los_db: 7.0", "rician_k_los_db: 7.0\n    shadowing_decorrelation_m: 0",
             "radio.receiver.shadowing_decorrelation_m"),
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

    /// `shadowing_std_db` scales every probe of a link by that link's level: with fading off, the same episode's
    /// first probe's received power moves by exactly the access point's level (dB), whose std over episodes is σ.
    func testShadowing_ScalesEachLinksReceivedPower() throws {
        var plain = try ScenarioLibrary.resolve("wrf-office-16x15")
        plain.radio.receiver?.ricianKLosDB = nil
        plain.radio.receiver?.ricianKNlosDB = nil
        var shadowed = plain
        shadowed.radio.receiver?.shadowingStdDB = 5
        try shadowed.validate(source: "test")
        var differences: [Double] = []
        for seed in 0..<1_500 as Range<UInt64> {
            var powerDB: [Double] = []
            var levels = SIMD8<Double>()
            for scenario in [plain, shadowed] {
                var episode = PositioningEpisode(scenario: scenario)
                var probes = DirectBeamProbes(scenario: scenario)
                episode.begin(seed: seed)
                let m = probes.measure(Int(seed % 32), episode: &episode).measurement
                powerDB.append(Decibels.dB(fromLinear: m.receivedPowerWatts))
                levels = episode.shadowing.levelsDB
            }
            let difference = powerDB[1] - powerDB[0]
            XCTAssertEqual(difference, levels[0], accuracy: 1e-9, "seed \(seed): beam \(seed % 32) is AP0's")
            differences.append(difference)
        }
        let mean = differences.reduce(0, +) / Double(differences.count)
        let std = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(differences.count)).squareRoot()
        XCTAssertEqual(std, 5, accuracy: 0.05 * 5)
    }
}
