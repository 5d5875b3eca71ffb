import Foundation
import GymCore
import RadioScene
import XCTest

final class MeasurementModelTests: XCTestCase {
    let ula = UniformLinearArray(position: Vector3(0, 0, 2.8), boresightAzimuthRadians: 0, elementCount: 32)
    let user = Vector3(6, 1.5, 2.8)

    /// The line-of-sight path to `user` and a weaker (3 dB) copy `extra` metres longer in the same direction.
    private func pathPair(extra: Double) -> [PropagationPath] {
        let los = Reference.lineOfSight(from: ula.position, to: user)
        var echo = los
        echo.lengthMetres += extra
        echo.reflectionAmplitude = pow(10, -3.0 / 20)
        echo.reflectionCount = 1
        echo.lastSurface = .wallXMax
        return [los, echo]
    }

    private func cluster(
        _ paths: [PropagationPath], bandwidth: Double, steeredTo u: Double
    ) -> (powerWatts: Double, lengthMetres: Double, frequency: Double, isLineOfSight: Bool, count: Int) {
        let model = MeasurementModel(linkBudget: Reference.linkBudget(bandwidthHertz: bandwidth), detectionThresholdDB: 10)
        return paths.withUnsafeBufferPointer { model.strongestCluster(paths: $0, array: ula, steeredFrequency: u) }
    }

    /// Received power of a path by hand: P_tx · G_element(ψ) · G_array · (λ/4πd)² · |Γ|².
    private func power(_ p: PropagationPath, steeredTo u: Double) -> Double {
        let lambda = Reference.c / 60e9
        let n = 32.0, x = Double.pi * 0.5 * (p.departureDirection.y - u)
        let array = abs(sin(x)) < 1e-12 ? n : pow(sin(n * x), 2) / (n * sin(x) * sin(x))
        return 0.01 * pow(10, 0.5) * p.departureDirection.x * array
            * pow(lambda / (4 * Double.pi * p.lengthMetres) * p.reflectionAmplitude, 2)
    }

    func testMeasurement_TwoPaths5cmApart_MergeAt400MHzWithCoherentPowerAndWeightedRange() {
        let paths = pathPair(extra: 0.05)
        let u = paths[0].departureDirection.y
        let merged = cluster(paths, bandwidth: 400e6, steeredTo: u)  // c/B = 0.75 m > 5 cm
        XCTAssertEqual(merged.count, 2)
        XCTAssertTrue(merged.isLineOfSight)
        let p1 = power(paths[0], steeredTo: u), p2 = power(paths[1], steeredTo: u)
        let k = 2 * Double.pi * 60e9 / Reference.c
        let coherent = p1 + p2 + 2 * (p1 * p2).squareRoot() * cos(k * 0.05)
        assertRelativelyEqual(merged.powerWatts, coherent, relative: 1e-9)
        XCTAssertEqual(
            merged.lengthMetres, (p1 * paths[0].lengthMetres + p2 * paths[1].lengthMetres) / (p1 + p2), accuracy: 1e-12)
        // Merging biases the range towards the echo.
        XCTAssertGreaterThan(merged.lengthMetres, paths[0].lengthMetres + 0.01)
    }

    func testMeasurement_TwoPaths20cmApart_MergeAt400MHzAndResolveAt3GHz() {
        let paths = pathPair(extra: 0.20)
        let u = paths[0].departureDirection.y
        XCTAssertEqual(cluster(paths, bandwidth: 400e6, steeredTo: u).count, 2)
        let resolved = cluster(paths, bandwidth: 3e9, steeredTo: u)  // c/B ≈ 0.10 m < 20 cm
        XCTAssertEqual(resolved.count, 1)
        XCTAssertTrue(resolved.isLineOfSight)
        XCTAssertEqual(resolved.lengthMetres, paths[0].lengthMetres, accuracy: 1e-12)
        assertRelativelyEqual(resolved.powerWatts, power(paths[0], steeredTo: u), relative: 1e-9)
    }

    /// The resolution in path length is c/B ≈ 9.99 cm at 3 GHz (DESIGN §3), so 5 cm apart still merge there.
    func testMeasurement_TwoPaths5cmApart_StillMergeAt3GHz_BelowRangeResolutionCOverB() {
        let paths = pathPair(extra: 0.05)
        XCTAssertEqual(cluster(paths, bandwidth: 3e9, steeredTo: paths[0].departureDirection.y).count, 2)
        // Just beyond c/B they separate.
        let apart = pathPair(extra: Reference.c / 3e9 + 1e-4)
        XCTAssertEqual(cluster(apart, bandwidth: 3e9, steeredTo: apart[0].departureDirection.y).count, 1)
    }

    func testMeasurement_EqualLengthPaths_MergeOnlyWithinTheAngularResolution() {
        // Angular resolution of a 32-element half-wavelength ULA: 1/(N·d/λ) = 1/16 in sin θ.
        let los = Reference.lineOfSight(from: ula.position, to: user)
        let u = los.departureDirection.y
        func twin(offset: Double) -> PropagationPath {
            var p = los
            let v = u + offset
            p.departureDirection = Vector3((1 - v * v).squareRoot(), v, 0)
            p.reflectionAmplitude = 0.5
            p.reflectionCount = 1
            return p
        }
        XCTAssertEqual(cluster([los, twin(offset: 0.03)], bandwidth: 400e6, steeredTo: u).count, 2)
        XCTAssertEqual(cluster([los, twin(offset: 0.10)], bandwidth: 400e6, steeredTo: u).count, 1)
    }

    func testMeasurement_WeakPath_IsMissed() {
        let model = MeasurementModel(linkBudget: Reference.linkBudget(), detectionThresholdDB: 10)
        // Far away and 60° off a beam steered the other way: far below the threshold.
        let los = Reference.lineOfSight(from: ula.position, to: Vector3(30, 40, 2.8))
        var rng = Xoshiro256StarStar(seed: 1)
        let m = [los].withUnsafeBufferPointer {
            model.measure(paths: $0, array: ula, steeredFrequency: -0.9, using: &rng)
        }
        XCTAssertFalse(m.detected)
        XCTAssertLessThan(m.energySNRdB, 10)
        XCTAssertEqual(m.rangeStdMetres, .infinity)
    }

    func testLineOfSightCheck_WallReflection_ReadsItsReflectionLossBelowLineOfSight() {
        let room = Reference.room(walls: 6)
        let ap = UniformLinearArray(
            position: Vector3(0.18, 0.2, 2.8), boresightAzimuthRadians: atan2(2.8, 3.82), elementCount: 32)
        let user = Vector3(5, 3.5, 1.5)
        let model = MeasurementModel(
            linkBudget: Reference.linkBudget(absorptionDBPerMetre: 0.015), detectionThresholdDB: 10)
        let observation = RangeAngleObservation(array: ap, userHeightMetres: 1.5)
        var paths: [PropagationPath] = []
        ImageMethodTracer(room: room, maxOrder: 1).trace(from: ap.position, to: user, into: &paths)

        func noiseFreeExcess(_ path: PropagationPath) -> Double? {
            let u = ap.spatialFrequency(of: path.departureDirection)
            let c = [path].withUnsafeBufferPointer { model.strongestCluster(paths: $0, array: ap, steeredFrequency: u) }
            let m = ProbeMeasurement(
                detected: true, rangeMetres: c.lengthMetres, angleRadians: asin(c.frequency),
                receivedPowerWatts: Decibels.watts(fromDBm: 10 * log10(c.powerWatts / 1e-3)), energySNRdB: 30, rangeStdMetres: 0.001, angleStdRadians: 0.001,
                isLineOfSight: c.isLineOfSight, mergedPathCount: 1)
            return model.lineOfSightPowerExcessDB(of: m, array: ap, steeredFrequency: u, observation: observation)
        }
        guard let los = paths.first(where: \.isLineOfSight),
            let wall = paths.first(where: { $0.lastSurface == .wallXMax })
        else { return XCTFail("tracer lost a path") }
        XCTAssertEqual(noiseFreeExcess(los) ?? .nan, 0, accuracy: 1e-9)
        // The image behind the x = 8 wall is at the user's height: same beam gain and length as LoS there.
        XCTAssertEqual(noiseFreeExcess(wall) ?? .nan, -6, accuracy: 1e-9)
    }
    /// The mechanism behind the tracker's overconfidence on the WRF office (see BeamSelectionEnvTests): 10 m from
    /// an AP at 2.8 m, a user at 1.5 m has its ceiling bounce (3 m ceiling) 6 cm behind LoS and 0.4° apart, so the
    /// two merge and the range is biased by several millimetres, many times the CRLB σ the tracker uses.
    func testMeasurement_LineOfSightAndCeilingBounceAt10m_MergeAndBiasTheRangeBeyondTheCRLB() {
        let w = Material(name: "concrete", reflectionLossDB: 6)
        let office = Room(
            minCorner: Vector3(-8, -8, 0), maxCorner: Vector3(8, 7, 3),
            materials: [w, w, w, w, Material(name: "floor", reflectionLossDB: 8), Material(name: "ceiling", reflectionLossDB: 10)])
        let azimuth = atan2(-0.5 + 6.72, 0 + 7.64)
        let ap = UniformLinearArray(position: Vector3(-7.64, -6.72, 2.8), boresightAzimuthRadians: azimuth, elementCount: 32)
        let user = Vector3(-7.64 + 10 * cos(azimuth + 0.2), -6.72 + 10 * sin(azimuth + 0.2), 1.5)
        let model = MeasurementModel(linkBudget: Reference.linkBudget(absorptionDBPerMetre: 0.015), detectionThresholdDB: 10)
        var paths: [PropagationPath] = []
        ImageMethodTracer(room: office, maxOrder: 1).trace(from: ap.position, to: user, into: &paths)
        guard let los = paths.first(where: \.isLineOfSight), let ceiling = paths.first(where: { $0.lastSurface == .ceiling })
        else { return XCTFail("tracer lost a path") }
        XCTAssertLessThan(ceiling.lengthMetres - los.lengthMetres, Reference.c / 3e9)
        let u = ap.spatialFrequency(of: los.departureDirection)
        let cluster = paths.withUnsafeBufferPointer { model.strongestCluster(paths: $0, array: ap, steeredFrequency: u) }
        XCTAssertTrue(cluster.isLineOfSight)
        XCTAssertEqual(cluster.count, 2, "LoS should merge with the ceiling bounce")
        let bias = cluster.lengthMetres - los.lengthMetres
        let sigma = CramerRaoBound.rangeStdMetres(
            energySNR: model.linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts), bandwidthHertz: 3e9)
        XCTAssertGreaterThan(bias, 0.002)
        XCTAssertGreaterThan(bias, 5 * sigma, "bias \(bias) m vs CRLB σ \(sigma) m")
    }
}

/// The v1 receiver: what a probe can tell, and its fading.
final class ReceiverModelTests: XCTestCase {
    /// Rician K from the power's moments over 100 000 draws within 5 % (K = √(1 − γ)/(1 − √(1 − γ)), γ = Var P / (E P)²).
    func testRicianFading_KFactorFromMomentsWithinFivePercent() {
        var rng = Xoshiro256StarStar(seed: 77)
        for kDB in [0.0, 7.0, 12.0] {
            let k = Decibels.linear(fromDB: kDB)
            var sum = 0.0, sum2 = 0.0
            let n = 100_000
            for _ in 0..<n {
                let p = RicianFading.powerGain(k: k, using: &rng)
                sum += p
                sum2 += p * p
            }
            let mean = sum / Double(n), variance = sum2 / Double(n) - mean * mean
            let gamma = variance / (mean * mean)
            let estimated = (1 - gamma).squareRoot() / (1 - (1 - gamma).squareRoot())
            XCTAssertEqual(mean, 1, accuracy: 0.01, "K = \(kDB) dB")
            XCTAssertEqual(estimated, k, accuracy: 0.05 * k, "K = \(kDB) dB")
        }
    }

    /// An analog probe's angle information falls as its beam moves off the user, and a beam whose monopulse
    /// region does not hold the user yields no angle at all (a sidelobe never gives an unambiguous angle).
    func testAnalogMonopulse_AngleInformationFallsOffTheUser_AndVanishesOutsideTheBeam() {
        let model = MeasurementModel(linkBudget: Reference.linkBudget(), detectionThresholdDB: 10)
        let ula = UniformLinearArray(position: Vector3(0, 0, 2.8), boresightAzimuthRadians: 0, elementCount: 32)
        let user = Vector3(6, 1.3, 1.5)
        let los = Reference.lineOfSight(from: ula.position, to: user)
        let u = ula.spatialFrequency(of: los.departureDirection)
        var previous = Double.infinity
        for step in 0...8 {
            let steer = u + Double(step) * 0.25 / 32  // quarter-cell steps off the user
            let cluster = [los].withUnsafeBufferPointer {
                model.strongestCluster(paths: $0, array: ula, steeredFrequency: steer)
            }
            let snr = model.linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts)
            let stds = model.reportedStds(energySNR: snr, frequency: cluster.frequency, steeredFrequency: steer, array: ula)
            let information = stds.angleRadians.isFinite ? 1 / (stds.angleRadians * stds.angleRadians) : 0
            if step <= 4 { XCTAssertGreaterThan(information, 0, "offset \(step)/4 cell") }
            if step > 4 { XCTAssertEqual(information, 0, "offset \(step)/4 cell: outside the monopulse region") }
            XCTAssertLessThanOrEqual(information, previous, "offset \(step)/4 cell")
            if step > 0, step <= 4 { XCTAssertLessThan(information, previous, "offset \(step)/4 cell") }
            previous = information
        }
    }

    /// Widening raises a bias std only where it is below the given one, and keeps the white part.
    func testWidenedBias_RaisesOnlyTheSmallerBiasAndKeepsTheWhitePart() {
        let m = ProbeMeasurement(
            detected: true, rangeMetres: 5, angleRadians: 0.1, receivedPowerWatts: 1e-9, energySNRdB: 30,
            rangeStdMetres: 0.005, angleStdRadians: 0.002, isLineOfSight: true, mergedPathCount: 2,
            rangeBiasStdMetres: 0.003, angleBiasStdRadians: 0.001)
        let w = m.widenedBias(rangeMetres: 0.01, angleRadians: 0.0005)
        XCTAssertEqual(w.rangeBiasStdMetres, 0.01)
        XCTAssertEqual(w.rangeStdMetres, (0.005 * 0.005 - 0.003 * 0.003 + 0.01 * 0.01).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(w.angleBiasStdRadians, 0.001, "a smaller bias leaves the angle alone")
        XCTAssertEqual(w.angleStdRadians, 0.002)
        XCTAssertEqual(w.withoutBias.rangeStdMetres, m.withoutBias.rangeStdMetres, accuracy: 1e-15)
    }

    func testWidenedToOutlyingBias_WidensOnlyBeyondThreeOfItsStds() {
        let m = ProbeMeasurement(
            detected: true, rangeMetres: 5, angleRadians: 0.1, receivedPowerWatts: 1e-9, energySNRdB: 30,
            rangeStdMetres: 0.005, angleStdRadians: 0.002, isLineOfSight: true, mergedPathCount: 2,
            rangeBiasStdMetres: 0.003, angleBiasStdRadians: 0.001)
        XCTAssertEqual(m.widenedToOutlyingBias(nil).rangeStdMetres, m.rangeStdMetres, "no prediction, no change")
        // 0.014 m is under 3 × 5 mm: the floors cover it. 0.007 rad is over 3 × 2 mrad: an outlier, widened.
        let w = m.widenedToOutlyingBias((rangeMetres: 0.014, angleRadians: 0.007))
        XCTAssertEqual(w.rangeBiasStdMetres, 0.003)
        XCTAssertEqual(w.rangeStdMetres, 0.005)
        XCTAssertEqual(w.angleBiasStdRadians, 0.007)
        XCTAssertGreaterThan(w.angleStdRadians, 0.007 - 1e-12)
    }
}
