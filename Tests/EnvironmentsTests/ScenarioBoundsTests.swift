import Environments
import Foundation
import RadioScene
import XCTest

/// Absurd but finite values, inverted blockers, huge counts and misspelt keys are refused with the field named
/// (issue 13: they used to load and produce NaN, or allocate gigabytes).
final class ScenarioBoundsTests: XCTestCase {
    /// The error of the `name` scenario file with `original` replaced by `replacement`.
    private func error(
        _ name: String = Scenarios.office, replacing original: String, with replacement: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> ScenarioError? {
        let text = try Scenarios.text(name)
        guard let range = text.range(of: original) else {
            XCTFail("fixture drift: '\(original)' is not in \(name)", file: file, line: line)
            return nil
        }
        do {
            _ = try ScenarioLoader.parse(yaml: text.replacingCharacters(in: range, with: replacement), source: "bad.yaml")
            XCTFail("'\(replacement)' loaded", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func assertRefused(
        _ original: String, _ replacement: String, field: String, contains needle: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        try assertRefused(in: Scenarios.office, original, replacement, field: field, contains: needle, file: file, line: line)
    }

    private func assertRefused(
        in name: String, _ original: String, _ replacement: String, field: String,
        contains needle: String = "", file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let e = try error(name, replacing: original, with: replacement, file: file, line: line)
        XCTAssertEqual(e?.field, field, "\(String(describing: e))", file: file, line: line)
        if !needle.isEmpty {
            XCTAssertTrue(e?.message.contains(needle) ?? false, "\(String(describing: e))", file: file, line: line)
        }
    }

    func testAbsurdFiniteValues_AreRefusedWithTheirRange() throws {
        try assertRefused("max: [8.0, 7.0, 3.0]", "max: [1.0e308, 7.0, 3.0]", field: "room.max", contains: "1000")
        try assertRefused("tx_power_dbm: 10.0", "tx_power_dbm: 1.0e308", field: "radio.tx_power_dbm", contains: "60")
        try assertRefused("carrier_hz: 60.0e9", "carrier_hz: 1.0e300", field: "radio.carrier_hz")
        try assertRefused("speed_mps: 1.0", "speed_mps: 1.0e9", field: "user.speed_mps")
        try assertRefused(
            "elements: 32, spacing_wavelengths", "elements: 1000000000, spacing_wavelengths",
            field: "access_points[0].elements", contains: "1024")
        try assertRefused("beams: 32", "beams: 10000000", field: "codebook.beams", contains: "4096")
        try assertRefused("probe_budget: 64", "probe_budget: 100000000", field: "episode.probe_budget")
    }

    func testConfirmationLinksAndWaveformTarget_OutOfRange_AreRefused() throws {
        let factory = "indoor-factory-ris"
        try assertRefused(
            in: factory, "confirmation_links: 2", "confirmation_links: 0", field: "tracker.confirmation_links", contains: "1…8")
        try assertRefused(
            in: factory, "confirmation_links: 2", "confirmation_links: 40", field: "tracker.confirmation_links", contains: "1…8")
        try assertRefused(
            in: factory, "reflection_probability: 0.02", "reflection_probability: 0.7", field: "tracker.reflection_probability")
        try assertRefused(
            in: "lab-140ghz", "target_accuracy_m: 0.01", "target_accuracy_m: -0.01", field: "waveform.target_accuracy_m")
        try assertRefused("range_floor_scale: 0.818", "range_floor_scale: 0", field: "waveform.range_floor_scale", contains: "(0, 10]")
    }

    /// The office's Waveform-v1 range floors are the survey's figures × its `range_floor_scale`: the env's tracker
    /// prior is the product, so dropping the scale widens every option's floor by 1/0.818.
    func testWaveformRangeFloorScale_ScalesTheTrackerPrior() throws {
        let tuned = try ScenarioLibrary.resolve(Scenarios.office)
        var untuned = tuned
        untuned.waveform?.rangeFloorScale = nil
        let a = WaveformEnv(scenario: tuned).measurementModels, b = WaveformEnv(scenario: untuned).measurementModels
        XCTAssertEqual(a.count, b.count)
        for (t, u) in zip(a, b) {
            XCTAssertEqual(t.rangeFloorMetres, 0.818 * u.rangeFloorMetres, accuracy: 1e-12)
        }
    }

    func testInvertedBlockers_AndHugeRISPanels_AreRefused() throws {
        let factory = "indoor-factory-ris"
        try assertRefused(
            in: factory, "{min: [6.0, 8.0, 0.0], max: [40.0, 9.0, 5.0]}", "{min: [40.0, 8.0, 0.0], max: [6.0, 9.0, 5.0]}",
            field: "room.blockers[0]", contains: "below max")
        try assertRefused(
            in: factory, "columns: 32, rows: 16, codebook_columns", "columns: 100000, rows: 100000, codebook_columns",
            field: "ris[0].columns", contains: "256")
    }

    func testUnknownKeys_AreRefusedWithTheNearestValidKey() throws {
        // A misspelt required key: the missing one is named, with the misspelling found in its place.
        try assertRefused("tx_power_dbm: 10.0", "tx_powr_dbm: 10.0", field: "radio.tx_power_dbm", contains: "'tx_powr_dbm'")
        // A misspelt optional key would be silently ignored without the check.
        try assertRefused("speed_mps: 1.0", "sped_mps: 1.0", field: "user.sped_mps", contains: "speed_mps")
        try assertRefused("beams: 32", "beams: 32\n  beam_width: 3", field: "codebook.beam_width", contains: "beams")
        let e = try error(replacing: "elements: 32, spacing", with: "elements: 32, spacng")
        XCTAssertEqual(e?.field, "access_points.spacng_wavelengths")
        XCTAssertTrue(e?.message.contains("spacing_wavelengths") ?? false, "\(String(describing: e))")
        try assertRefused("room:\n", "rooms_extra: 1\nroom:\n", field: "rooms_extra")
    }

    func testEveryBuiltInScenario_StillLoads() throws {
        for name in ScenarioLibrary.names { XCTAssertNoThrow(try ScenarioLibrary.resolve(name), name) }
    }
}
