import Environments
import Foundation
import GymCore
import RadioScene
import XCTest

/// The built-in scenarios the tests run on.
enum Scenarios {
    static let office = "wrf-office-16x15"
    static let room = "wrf-room-8x6"
    static let both = [office, room]

    static func load(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Scenario {
        do {
            return try ScenarioLibrary.resolve(name)
        } catch {
            XCTFail("built-in scenario \(name) does not load: \(error)", file: file, line: line)
            throw error
        }
    }

    /// The YAML text of a built-in scenario file.
    static func text(_ name: String) throws -> String {
        let directory = try XCTUnwrap(ScenarioLibrary.directory, "the Scenarios resource folder is missing")
        return try String(contentsOf: directory.appendingPathComponent(name + ".yaml"), encoding: .utf8)
    }
}

/// ln det of the position block of a covariance, written out.
func positionLogDet(_ p: Matrix4) -> Double { log(p[0, 0] * p[1, 1] - p[0, 1] * p[1, 0]) }

/// The action whose beam points closest to the true user (an oracle, for driving episodes to their end in tests).
func oracleAction(_ env: BeamSelectionEnv, ap: Int) -> Int {
    let user = env.episode.userPosition
    let array = env.arrays[ap]
    let u = array.spatialFrequency(of: (user - array.position).normalized)
    return env.narrowAction(accessPoint: ap, beam: env.codebook.nearestBeam(toFrequency: u))
}
