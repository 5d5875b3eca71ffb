import Environments
import Foundation
import XCTest

@testable import GymBridge

final class ProbeInfoWireJSONTests: XCTestCase {
    /// Both encodings parsed back into dictionaries.
    private func both(_ infos: [ProbeInfo]) throws -> (fast: NSArray, reference: NSArray) {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let reference = try JSONSerialization.jsonObject(with: try encoder.encode(infos))
        let fast = try JSONSerialization.jsonObject(with: Data(ProbeInfo.wireJSON(infos).utf8))
        return (try XCTUnwrap(fast as? NSArray), try XCTUnwrap(reference as? NSArray))
    }

    func testWireJSON_EqualsJSONEncoderForEveryOutcome() throws {
        let outcomes: [ProbeInfo.Outcome] = [.reset, .accepted, .missed, .gatedByInnovation, .gatedByRegion]
        let infos = outcomes.enumerated().map { index, outcome in
            ProbeInfo(
                trueX: 3.124996230646297 * Double(index), trueY: -0.2057126728804599, estimateX: 1e-300,
                estimateY: -1.5e20, errorRadius95Metres: 11.305658332812978, informationGainNats: 0.1 + 0.2,
                costNats: 0.1, energyJoules: 1e-9, detected: index % 2 == 0, lineOfSight: index % 3 == 0,
                outcome: outcome, probesUsed: index * 7)
        }
        let (fast, reference) = try both(infos)
        XCTAssertEqual(fast, reference)
    }

    func testWireJSON_EncodesNonFiniteNumbersAsJSONEncoderDoes() throws {
        let info = ProbeInfo(
            trueX: .infinity, trueY: -.infinity, estimateX: .nan, estimateY: 0, errorRadius95Metres: .infinity,
            informationGainNats: 0, costNats: 0, energyJoules: 0, detected: false, lineOfSight: false,
            outcome: .missed, probesUsed: 0)
        let (fast, reference) = try both([info])
        XCTAssertEqual(fast, reference)
    }

    func testWireJSON_OfAnEnvsInfosMatchesJSONEncoder() throws {
        var env = try SensingGymRegistry.make("BeamSelection-v1")
        var infos = [env.reset(seed: 4).info]
        for action in 0..<30 {
            let result = try env.step(.index(action * 2))
            infos.append(result.info)
            if result.terminated || result.truncated { infos.append(env.reset().info) }
        }
        let (fast, reference) = try both(infos)
        XCTAssertEqual(fast, reference)
    }
}
