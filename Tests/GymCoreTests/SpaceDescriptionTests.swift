import Foundation
import GymCore
import XCTest

final class SpaceDescriptionTests: XCTestCase {
    func testDiscrete_EncodesExactJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(Discrete(4).spaceDescription), as: UTF8.self)
        XCTAssertEqual(json, #"{"n":4,"start":0,"type":"Discrete"}"#)
    }

    func testRoundTrip_AllKinds() throws {
        let descriptions: [SpaceDescription] = [
            Discrete(4, start: 1).spaceDescription,
            MultiDiscrete([4, 4]).spaceDescription,
            Box(low: -1, high: 1, shape: [2, 3]).spaceDescription,
            DictSpace([(key: "m", space: Box(low: 0, high: 1, shape: [2])),
                       (key: "c", space: Box(low: -2, high: 2, shape: [1]))]).spaceDescription,
        ]
        for description in descriptions {
            let decoded = try JSONDecoder().decode(SpaceDescription.self, from: JSONEncoder().encode(description))
            XCTAssertEqual(decoded, description)
        }
    }

    func testUnboundedBox_TravelsAsGreatestFinite() throws {
        let description = Box(low: -.infinity, high: .infinity, shape: [1]).spaceDescription
        let decoded = try JSONDecoder().decode(SpaceDescription.self, from: JSONEncoder().encode(description))
        XCTAssertEqual(decoded, .box(low: [-.greatestFiniteMagnitude], high: [.greatestFiniteMagnitude], shape: [1]))
    }

    func testUnknownType_Throws() {
        XCTAssertThrowsError(try JSONDecoder().decode(SpaceDescription.self, from: Data(#"{"type":"Tuple"}"#.utf8)))
    }
}
