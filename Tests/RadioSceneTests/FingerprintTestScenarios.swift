import Foundation
@testable import RadioScene

/// Scenario files for the fingerprint tests, read from `Environments/Scenarios/` in the source tree.
enum FingerprintTestScenarios {
    /// The package root (three levels above this file).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Loads a built-in scenario by name.
    static func load(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(
            path: packageRoot.appendingPathComponent("Environments/Scenarios/\(name).yaml").path)
    }

    /// The 16 × 15 m office (scenario 1 of the WRF paper).
    static func office() throws -> Scenario { try load("wrf-office-16x15") }

    /// The 8 × 6 m room (scenario 2 of the WRF paper).
    static func room() throws -> Scenario { try load("wrf-room-8x6") }
}
