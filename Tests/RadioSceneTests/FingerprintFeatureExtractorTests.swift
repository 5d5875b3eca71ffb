import GymCore
import XCTest
@testable import RadioScene

final class FingerprintFeatureExtractorTests: XCTestCase {
    /// The office with line of sight only (reflection order 0).
    func losOnlyOffice() throws -> Scenario {
        var s = try FingerprintTestScenarios.office()
        s.room.maxReflectionOrder = 0
        return s
    }

    func testLoS_RSSFollowsFriis_ToAIsDistanceOverC() throws {
        let scenario = try losOnlyOffice()
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let ap = scenario.accessPoints[0].position
        let c = PhysicalConstants.speedOfLightMetresPerSecond
        let lambda = c / scenario.radio.carrierHz
        for receiver in [Vector3(0, 0, 1.5), Vector3(5.3, 4.1, 1.5), Vector3(-6, -5, 1.5)] {
            let f = extractor.maxPowerPath(accessPoint: 0, receiver: receiver)
            let d = (receiver - ap).length
            let friisDBm = scenario.radio.txPowerDBm + 20 * log10(lambda / (4 * Double.pi * d))
                - (scenario.radio.absorptionDBPerM ?? 0) * d
            XCTAssertEqual(f.rssDBm, friisDBm, accuracy: 1e-9)
            XCTAssertEqual(f.toaSeconds, d / c, accuracy: 1e-18)
            XCTAssertTrue(f.isLineOfSight)
            XCTAssertEqual(f.mergedPathCount, 1)
            XCTAssertEqual(f.elevationRadians, asin((receiver.z - ap.z) / d), accuracy: 1e-12)
        }
    }

    func testLoS_DoublingTheDistanceCosts6dBPlusAbsorption() throws {
        var scenario = try losOnlyOffice()
        scenario.radio.absorptionDBPerM = 0
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let ap = scenario.accessPoints[0].position
        let direction = (Vector3(0, 0, 1.5) - ap).normalized
        let near = extractor.maxPowerPath(accessPoint: 0, receiver: ap + direction * 5)
        let far = extractor.maxPowerPath(accessPoint: 0, receiver: ap + direction * 10)
        XCTAssertEqual(near.rssDBm - far.rssDBm, 20 * log10(2.0), accuracy: 1e-9)
        XCTAssertEqual(far.toaSeconds, 2 * near.toaSeconds, accuracy: 1e-18)
    }

    func testAzimuth_IsMeasuredFromTheAPBoresight() throws {
        let scenario = try losOnlyOffice()
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let ap = scenario.accessPoints[1].position
        let boresight = scenario.boresightRadians(of: scenario.accessPoints[1])
        // A receiver straight along the boresight has azimuth 0; 30° to its left has +30°.
        let ahead = ap + Vector3(cos(boresight), sin(boresight), 0) * 6 + Vector3(0, 0, 1.5 - ap.z)
        XCTAssertEqual(extractor.maxPowerPath(accessPoint: 1, receiver: ahead).azimuthRadians, 0, accuracy: 1e-12)
        let left = boresight + Double.pi / 6
        let leftPoint = ap + Vector3(cos(left), sin(left), 0) * 6 + Vector3(0, 0, 1.5 - ap.z)
        XCTAssertEqual(
            extractor.maxPowerPath(accessPoint: 1, receiver: leftPoint).azimuthRadians, Double.pi / 6, accuracy: 1e-12)
    }

    func testFullModel_MaxPowerPathIsLoSInTheOpenRoom() throws {
        // With reflections on, the MP path in the middle of the office is still the (resolved) line of sight.
        let scenario = try FingerprintTestScenarios.office()
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let receiver = Vector3(0.3, -1.1, 1.5)
        for index in 0..<2 {
            let f = extractor.maxPowerPath(accessPoint: index, receiver: receiver)
            let d = (receiver - scenario.accessPoints[index].position).length
            XCTAssertTrue(f.isLineOfSight)
            XCTAssertEqual(f.toaSeconds * PhysicalConstants.speedOfLightMetresPerSecond, d, accuracy: 1e-9)
        }
        XCTAssertEqual(extractor.featureNames.count, 8)
        XCTAssertEqual(extractor.featureNames[0], "ap0_rss_dbm")
        XCTAssertEqual(extractor.featureNames[7], "ap1_toa_s")
    }

    func testNoise_MatchesTheCramerRaoBound() throws {
        let scenario = try FingerprintTestScenarios.office()
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let receiver = Vector3(4, 3, 1.5)
        let exact = extractor.maxPowerPath(accessPoint: 0, receiver: receiver)
        let expected = CramerRaoBound.rangeStdMetres(
            energySNR: exact.arrayEnergySNR, bandwidthHertz: scenario.radio.bandwidthHz)
        var rng = Xoshiro256StarStar(seed: 5)
        let c = PhysicalConstants.speedOfLightMetresPerSecond
        let errors = (0..<4000).compactMap { _ in
            extractor.measure(accessPoint: 0, receiver: receiver, noise: true, using: &rng).map {
                ($0.toaSeconds - exact.toaSeconds) * c
            }
        }
        XCTAssertEqual(errors.count, 4000)
        let mean = errors.reduce(0, +) / Double(errors.count)
        let std = (errors.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(errors.count)).squareRoot()
        XCTAssertEqual(std, expected, accuracy: 0.05 * expected)
        XCTAssertEqual(mean, 0, accuracy: 4 * expected / Double(errors.count).squareRoot())
        // Without noise the measurement is the exact MP path.
        XCTAssertEqual(extractor.measure(accessPoint: 0, receiver: receiver, noise: false, using: &rng), exact)
    }

    func testDetectionThreshold_MissesWeakPaths() throws {
        var scenario = try FingerprintTestScenarios.office()
        scenario.radio.detectionThresholdDB = 200
        var rng = Xoshiro256StarStar(seed: 1)
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        XCTAssertNil(extractor.features(at: Vector3(0, 0, 1.5), noise: false, using: &rng))
    }

    func testImpairments_ClockBiasShiftsToA() throws {
        var scenario = try FingerprintTestScenarios.office()
        scenario.impairments = ImpairmentSpec(clockBiasNs: 1.5, phaseCalibrationErrorDeg: 0)
        let extractor = FingerprintFeatureExtractor(scenario: scenario)
        let impairments = FingerprintImpairments(scenario: scenario, seed: 3)
        var rng = Xoshiro256StarStar(seed: 1)
        let receiver = Vector3(1, 2, 1.5)
        let clean = extractor.maxPowerPath(accessPoint: 1, receiver: receiver)
        let biased = try XCTUnwrap(
            extractor.measure(accessPoint: 1, receiver: receiver, noise: false, impairments: impairments, using: &rng))
        XCTAssertEqual(biased.toaSeconds - clean.toaSeconds, 1.5e-9, accuracy: 1e-18)
        XCTAssertEqual(biased.azimuthRadians, clean.azimuthRadians)
    }
}
