import Foundation
import GymCore
import RadioScene
import XCTest

/// The direct-path test: no path is shorter than the line of sight, so a reliable detection shorter than the
/// track's predicted line of sight says the track is wrong (``ExtendedKalmanFilter/contradictsDirectPath(_:observation:)``).
final class ExtendedKalmanFilterDirectPathTests: XCTestCase {
    /// AP 0 of the 8 × 6 m room; user antenna at 1.5 m.
    let observation = RangeAngleObservation(
        array: UniformLinearArray(position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: atan2(2.8, 3.82), elementCount: 32),
        userHeightMetres: 1.5)

    /// A detection of range `range` (std 5 mm) and, when `angle` is given, that angle (std 2 mrad).
    private func detection(range: Double, angle: Double?, outlierProbability: Double = 0) -> ProbeMeasurement {
        ProbeMeasurement(
            detected: true, rangeMetres: range, angleRadians: angle ?? 0, receivedPowerWatts: 1e-9, energySNRdB: 30,
            rangeStdMetres: 0.005, angleStdRadians: angle == nil ? .infinity : 0.002, isLineOfSight: true,
            mergedPathCount: 1, outlierProbability: outlierProbability)
    }

    /// A tracker with no track yet (the room prior), started from a fix at range `range` along the bearing of (4, 3).
    private func trackStarted(atRange range: Double) -> ExtendedKalmanFilter {
        var ekf = ExtendedKalmanFilter(
            mean: SIMD4(4, 3, 0, 0), covariance: Matrix4(diagonal: SIMD4(5, 3, 1, 1)), accelerationNoiseDensity: 0,
            validRegion: Reference.room())
        let bearing = observation.evaluate(x: 4, y: 3).angle
        XCTAssertEqual(ekf.update(detection(range: range, angle: bearing), observation: observation), .accepted)
        return ekf
    }

    /// The true line-of-sight range of the user at (4, 3).
    private var trueRange: Double { observation.evaluate(x: 4, y: 3).range }

    /// A track started 0.8 m too far along the bearing (a ceiling bounce taken for the line of sight) is
    /// contradicted by the line of sight's range, with or without an angle, and dropped at once: it rests on its
    /// starting fix alone.
    func testYoungTrackFromAReflection_IsDroppedByTheFirstShorterDetection() {
        var ekf = trackStarted(atRange: trueRange + 0.8)
        let starts = ekf.trackStartCount
        XCTAssertTrue(ekf.contradictsDirectPath(detection(range: trueRange, angle: nil), observation: observation))
        XCTAssertTrue(ekf.recordContradiction())
        XCTAssertFalse(ekf.isInitialised)
        XCTAssertEqual(ekf.trackStartCount, starts, "dropping starts nothing: the next fix does")
    }

    /// Longer detections (reflections, merged clusters) never contradict a track, however far; nor do detections
    /// too likely to be outliers, missed probes, or a tracker without a track.
    func testLongerOrUnreliableDetections_DoNotContradict() {
        let ekf = trackStarted(atRange: trueRange)
        for extra in [0.0, 0.01, 0.5, 5] {
            XCTAssertFalse(ekf.contradictsDirectPath(detection(range: trueRange + extra, angle: nil), observation: observation))
        }
        XCTAssertFalse(ekf.contradictsDirectPath(
            detection(range: trueRange - 1, angle: nil, outlierProbability: 0.01), observation: observation))
        XCTAssertFalse(ekf.contradictsDirectPath(
            .missed(receivedPowerWatts: 1e-15, energySNRdB: -5), observation: observation))
        let noTrack = ExtendedKalmanFilter(
            mean: SIMD4(4, 3, 0, 0), covariance: Matrix4(diagonal: SIMD4(5, 3, 1, 1)), accelerationNoiseDensity: 0)
        XCTAssertFalse(noTrack.contradictsDirectPath(detection(range: 0.5, angle: nil), observation: observation))
    }

    /// A model without a lower bound on its paths' lengths (the protocol's default `directPathRange`, nil) never
    /// contradicts, however short the detection.
    func testModelWithoutADirectPath_NeverContradicts() {
        struct NotDirect: PositionObservationModel {
            var base: RangeAngleObservation
            var userHeightMetres: Double { base.userHeightMetres }
            func evaluate(x: Double, y: Double) -> (
                range: Double, angle: Double, rangeGradient: SIMD2<Double>, angleGradient: SIMD2<Double>
            ) { base.evaluate(x: x, y: y) }
            func impliedPosition(range: Double, angle: Double) -> (x: Double, y: Double)? {
                base.impliedPosition(range: range, angle: angle)
            }
        }
        let ekf = trackStarted(atRange: trueRange + 0.8)
        XCTAssertNil(NotDirect(base: observation).directPathRange(x: 4, y: 3))
        XCTAssertFalse(ekf.contradictsDirectPath(detection(range: trueRange, angle: nil), observation: NotDirect(base: observation)))
    }

    /// On a correct track, line-of-sight detections with their reported noise contradict it at about the gate's
    /// one-sided rate (χ²₁ 0.999 → 0.05 %): under 0.3 % of 20 000 draws.
    func testCorrectTrack_LineOfSightDetectionsRarelyContradict() {
        let ekf = trackStarted(atRange: trueRange)
        var rng = Xoshiro256StarStar(seed: 11)
        var contradictions = 0
        for _ in 0..<20_000 {
            let m = detection(range: trueRange + 0.005 * rng.nextGaussian(), angle: nil)
            if ekf.contradictsDirectPath(m, observation: observation) { contradictions += 1 }
        }
        XCTAssertLessThan(contradictions, 60, "\(contradictions) of 20 000")
    }

    /// A track with a fused measurement beyond its start is dropped only after ``trackLossCount`` contradictions
    /// in a row; an accepted fix between them resets the count.
    func testEstablishedTrack_IsDroppedAfterTrackLossCountContradictions() {
        var ekf = trackStarted(atRange: trueRange + 0.8)
        let bearing = observation.evaluate(x: 4, y: 3).angle
        XCTAssertEqual(ekf.update(detection(range: trueRange + 0.8, angle: bearing), observation: observation), .accepted)
        for _ in 1..<ExtendedKalmanFilter.trackLossCount { XCTAssertFalse(ekf.recordContradiction()) }
        XCTAssertEqual(ekf.update(detection(range: trueRange + 0.8, angle: bearing), observation: observation), .accepted)
        for _ in 1..<ExtendedKalmanFilter.trackLossCount { XCTAssertFalse(ekf.recordContradiction()) }
        XCTAssertTrue(ekf.isInitialised)
        XCTAssertTrue(ekf.recordContradiction())
        XCTAssertFalse(ekf.isInitialised)
    }

    /// An RIS probe's bound is the path through the panel's centre less twice its half-diagonal (triangle
    /// inequality): a detection shorter than the centre path by less than that never contradicts, one shorter by
    /// more (and beyond the noise) does.
    func testRISBound_AllowsThePanelsExtent() {
        let surface = ReconfigurableIntelligentSurface(
            centre: Vector3(4, 5.95, 2), normalAzimuthRadians: -Double.pi / 2, columns: 32, rows: 16,
            wavelengthMetres: 0.01)
        let ris = RISObservation(accessPoint: Vector3(0.18, 0.2, 2.8), surface: surface, userHeightMetres: 1.5)
        let rho = 0.5 * (pow(31 * 0.005, 2) + pow(15 * 0.005, 2)).squareRoot()
        XCTAssertEqual(ris.halfDiagonalMetres, rho, accuracy: 1e-12)
        let centrePath = ris.evaluate(x: 4, y: 3).range
        XCTAssertEqual(ris.directPathRange(x: 4, y: 3)?.range ?? 0, centrePath - 2 * rho, accuracy: 1e-12)
        let ekf = ExtendedKalmanFilter(
            mean: SIMD4(4, 3, 0, 0), covariance: Matrix4(diagonal: SIMD4(1e-6, 1e-6, 0.01, 0.01)),
            accelerationNoiseDensity: 0, trustedPrior: true)
        XCTAssertFalse(ekf.contradictsDirectPath(detection(range: centrePath - 1.9 * rho, angle: nil), observation: ris))
        XCTAssertTrue(ekf.contradictsDirectPath(detection(range: centrePath - 2 * rho - 0.05, angle: nil), observation: ris))
    }
}
