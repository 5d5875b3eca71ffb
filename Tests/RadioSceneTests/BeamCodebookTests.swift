import Foundation
import RadioScene
import XCTest

final class BeamCodebookTests: XCTestCase {
    func testCodebook_SpatialFrequencies_TileMinusOneToOneUniformly() {
        for k in [1, 2, 7, 32] {
            let codebook = BeamCodebook(beamCount: k)
            XCTAssertEqual(codebook.count, k)
            for (i, u) in codebook.spatialFrequencies.enumerated() {
                XCTAssertEqual(u, -1 + (2 * Double(i) + 1) / Double(k), accuracy: 1e-15, "K = \(k), beam \(i)")
            }
            // Symmetric about boresight.
            XCTAssertEqual(codebook.spatialFrequencies.reduce(0, +), 0, accuracy: 1e-12)
        }
    }

    func testCodebook_NearestBeam_OfEachBeamsOwnFrequency_IsThatBeam() {
        let codebook = BeamCodebook(beamCount: 32)
        for k in 0..<32 {
            XCTAssertEqual(codebook.nearestBeam(toFrequency: codebook.spatialFrequencies[k]), k)
            XCTAssertEqual(codebook.nearestBeam(toFrequency: codebook.spatialFrequencies[k] + 0.9 / 32), k)
            XCTAssertEqual(codebook.nearestBeam(toFrequency: codebook.spatialFrequencies[k] - 0.9 / 32), k)
        }
        XCTAssertEqual(codebook.nearestBeam(toFrequency: -1.5), 0)
        XCTAssertEqual(codebook.nearestBeam(toFrequency: 1.5), 31)
    }
}
