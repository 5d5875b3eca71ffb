import Foundation
import GymCore
import GymTestSupport
import RadioScene
import XCTest

@testable import Environments

/// `BeamSelection-v1` with a fingerprint localizer as its position estimator (`estimator: wknn|rf|wrf`).
final class FingerprintEstimatorEnvTests: XCTestCase {
    static func wknnEnv() throws -> BeamSelectionEnv {
        try BeamSelectionEnv(scenario: try Scenarios.load(Scenarios.room), estimator: .wknn)
    }

    // MARK: - Contract

    func testFingerprintEstimator_WKNN_Room8x6_KeepsTheEnvContract() throws {
        _ = try Self.wknnEnv()  // fit once, outside the checker's timing
        checkEnvContract(make: { try Self.wknnEnv() }, steps: 600, seed: 7, invalidActions: [-1, 80])
    }

    func testFingerprintEstimator_ThroughTheRegistry_KeepsTheEnvContract() throws {
        let spec = EnvSpec(id: BeamSelectionEnv.id, scenario: Scenarios.room, kwargs: ["estimator": "wknn"])
        checkEnvContract(
            make: { try SensingGymRegistry.shared.make(spec) }, steps: 300, seed: 3, invalidActions: [.index(80)])
    }

    // MARK: - Accuracy

    /// Oracle beams on AP 0 then AP 1, 50 episodes of the 8×6 room: no fix after the first probe (the belief is
    /// still the room prior), a fix after the second. Stated bound: every error < 0.15 m, mean < 0.05 m
    /// (measured: mean 2.9 cm, max 6.9 cm; the model's held-out mean 2.8 cm).
    func testFingerprintEstimator_WKNN_ErrorAfterProbingEachAP_IsWithinTheBound() throws {
        var env = try Self.wknnEnv()
        let room = env.episode.room
        var errors: [Double] = []
        for seed in 0..<50 as Range<UInt64> {
            _ = env.reset(seed: seed)
            let first = try env.step(oracleAction(env, ap: 0))
            XCTAssertEqual(first.info.outcome, .accepted, "seed \(seed)")
            XCTAssertNil(env.fingerprintEstimator?.lastFix, "seed \(seed): a fix from one AP")
            XCTAssertEqual(first.info.estimateX, (room.minCorner.x + room.maxCorner.x) / 2, accuracy: 1e-12)
            XCTAssertEqual(first.info.estimateY, (room.minCorner.y + room.maxCorner.y) / 2, accuracy: 1e-12)
            let second = try env.step(oracleAction(env, ap: 1))
            XCTAssertEqual(second.info.outcome, .accepted, "seed \(seed)")
            XCTAssertNotNil(env.fingerprintEstimator?.lastFix, "seed \(seed): no fix after both APs")
            XCTAssertLessThan(second.info.errorMetres, 0.15, "seed \(seed)")
            errors.append(second.info.errorMetres)
        }
        XCTAssertLessThan(errors.reduce(0, +) / Double(errors.count), 0.05)
        let model = try XCTUnwrap(env.fingerprintEstimator?.model)
        XCTAssertEqual(model.referencePointCount, 39 * 29, "the 0.2 m grid of the 8×6 room, 0.2 m from the walls")
        XCTAssertLessThan(model.heldOutMeanErrorMetres, 0.05)
    }

    /// The belief's covariance is calibrated: after probing both APs (oracle beams, 100 episodes) the true error
    /// lies inside the 95 % radius in ≥ 85 % of episodes, and RMS error and √(mean trace) agree within a factor
    /// 1.5. (WKNN: held-out covariance, measured 98 %; WRF: scaled vote spread, 94 % at 0.2 m; raw, the spread
    /// overstated the RMS error 3.5×.)
    func testFingerprintEstimator_Covariance_IsCalibratedOnTheRoom() throws {
        let scenario = try Scenarios.load(Scenarios.room)
        let envs = [try Self.wknnEnv(), try BeamSelectionEnv(scenario: scenario, estimator: .wrf, gridSpacingMetres: 0.4)]
        for var env in envs {
            let name = env.fingerprintEstimator?.model.localizer.name ?? "?"
            var squaredErrors = 0.0, traces = 0.0, inside = 0.0, n = 0.0
            for seed in 0..<100 as Range<UInt64> {
                _ = env.reset(seed: seed)
                _ = try env.step(oracleAction(env, ap: 0))
                let r = try env.step(oracleAction(env, ap: 1))
                let fix = try XCTUnwrap(env.fingerprintEstimator?.lastFix, "\(name) seed \(seed)")
                squaredErrors += r.info.errorMetres * r.info.errorMetres
                traces += fix.covariance[0] + fix.covariance[2]
                if r.info.errorMetres < r.info.errorRadius95Metres { inside += 1 }
                n += 1
            }
            XCTAssertGreaterThanOrEqual(inside / n, 0.85, name)
            let ratio = (squaredErrors / traces).squareRoot()
            XCTAssertGreaterThan(ratio, 1 / 1.5, name)
            XCTAssertLessThan(ratio, 1.5, name)
        }
    }

    // MARK: - Reward

    /// r = ½ ln det P⁻ − ½ ln det P⁺ − cost with P⁻ the belief predicted one slot (a copy of the tracker) and P⁺
    /// the estimator's covariance when it made a fix this step; a refresh without a fix gains 0; a miss costs.
    func testFingerprintEstimator_Reward_IsTheLogDetGainOfTheEstimatorsCovariance() throws {
        let scenario = try Scenarios.load(Scenarios.room)
        // WRF (vote-spread covariance) on a 0.4 m grid, to keep its fit short in debug builds.
        let envs = [try Self.wknnEnv(), try BeamSelectionEnv(scenario: scenario, estimator: .wrf, gridSpacingMetres: 0.4)]
        let cost = InformationGainReward(scenario: scenario).cost(
            energyJoules: 0, bandwidthHertz: scenario.radio.bandwidthHz, durationSeconds: scenario.radio.probeDurationS)
        for var env in envs {
            let name = env.fingerprintEstimator?.model.localizer.name ?? "?"
            var rng = Xoshiro256StarStar(seed: 17)
            _ = env.reset(seed: 17)
            var fixes = 0, refreshes = 0, misses = 0
            for t in 0..<400 {
                let previous = env.episode.tracker
                var predicted = env.episode.tracker
                predicted.predict(dt: scenario.episode.slotDurationS)
                let action = t % 2 == 0 ? oracleAction(env, ap: (t / 2) % 2) : env.actionSpace.sample(using: &rng)
                let r = try env.step(action)
                XCTAssertTrue(r.reward.isFinite, "\(name) t=\(t)")
                XCTAssertEqual(r.info.costNats, cost)
                // A refresh makes a fix once every AP has features this episode.
                let everyAP = env.fingerprintEstimator?.isFresh.allSatisfy { $0 } ?? false
                let p = env.episode.tracker.covariance
                if r.info.outcome == .accepted, everyAP, let fix = env.fingerprintEstimator?.lastFix {
                    fixes += 1
                    XCTAssertEqual([p[0, 0], p[0, 1], p[1, 1]], [fix.covariance[0], fix.covariance[1], fix.covariance[2]])
                    XCTAssertEqual([env.episode.tracker.mean[0], env.episode.tracker.mean[1]], [fix.x, fix.y])
                } else {
                    if r.info.outcome == .accepted { refreshes += 1 } else { misses += 1 }
                    XCTAssertEqual(p, predicted.covariance, "\(name) t=\(t): the belief changed without a fix")
                }
                // Net of motion and capped at the target, whatever became of the probe.
                let gain = env.episode.reward.informationGain(
                    previousLogDet: positionLogDet(previous.covariance), currentLogDet: positionLogDet(p))
                XCTAssertEqual(r.info.informationGainNats, gain, accuracy: 1e-9, "\(name) t=\(t)")
                XCTAssertEqual(r.reward, gain - cost, accuracy: 1e-9, "\(name) t=\(t)")
                if r.terminated || r.truncated { _ = env.reset(seed: nil) }
            }
            XCTAssertGreaterThan(fixes, 100, name)
            XCTAssertGreaterThan(misses, 20, name)
        }
    }

    // MARK: - Default unchanged

    /// No `estimator`, or `estimator=ekf`, makes the plain EKF env: same trajectory, bit for bit.
    func testFingerprintEstimator_DefaultAndEKF_GiveTheEKFTrajectoryBitForBit() throws {
        func trace(_ make: () throws -> AnyEnv<ProbeInfo>) throws -> [UInt64] {
            var env = try make()
            var rng = Xoshiro256StarStar(seed: 5)
            var bits: [UInt64] = []
            var (observation, _) = env.reset(seed: 9)
            for _ in 0..<300 {
                let r = try env.step(env.actionSpace.sample(using: &rng))
                bits.append(r.reward.bitPattern)
                observation = r.observation
                bits += observation.map { UInt64($0.bitPattern) }
                if r.terminated || r.truncated { (observation, _) = env.reset(seed: nil) }
            }
            return bits
        }
        let scenario = try Scenarios.load(Scenarios.room)
        let reference = try trace { AnyEnv(BeamSelectionEnv(scenario: scenario), id: BeamSelectionEnv.id) }
        let plain = try trace { try SensingGymRegistry.make(BeamSelectionEnv.id, scenario: Scenarios.room) }
        let ekf = try trace {
            try SensingGymRegistry.shared.make(BeamSelectionEnv.id, scenario: Scenarios.room, kwargs: ["estimator": "ekf"])
        }
        let wknn = try trace {
            try SensingGymRegistry.shared.make(BeamSelectionEnv.id, scenario: Scenarios.room, kwargs: ["estimator": "wknn"])
        }
        XCTAssertEqual(plain, reference)
        XCTAssertEqual(ekf, reference)
        XCTAssertNotEqual(wknn, reference, "estimator=wknn was ignored")
        for kwargs in [[:], ["estimator": "ekf"]] as [[String: String]] {
            let env = try SensingGymRegistry.makeBeamSelection(EnvSpec(id: BeamSelectionEnv.id, kwargs: kwargs))
            XCTAssertNil(env.fingerprintEstimator, "\(kwargs)")
        }
    }

    // MARK: - Arguments and sharing

    func testFingerprintEstimator_BadArguments_NameTheArgumentAndTheChoices() throws {
        let cases: [([String: String], RegistryError)] = [
            (["estimator": "kalman"],
             .badArgument(id: BeamSelectionEnv.id, key: "estimator", value: "kalman", expected: "ekf, wknn, rf or wrf")),
            (["estimator": "wknn", "estimator_grid_m": "fine"],
             .badArgument(id: BeamSelectionEnv.id, key: "estimator_grid_m", value: "fine", expected: "Double")),
        ]
        for (kwargs, expected) in cases {
            XCTAssertThrowsError(try SensingGymRegistry.shared.make(BeamSelectionEnv.id, kwargs: kwargs)) { error in
                XCTAssertEqual(error as? RegistryError, expected)
            }
        }
        XCTAssertThrowsError(
            try SensingGymRegistry.shared.make(
                BeamSelectionEnv.id, scenario: Scenarios.room, kwargs: ["estimator": "wknn", "estimator_grid_m": "-1"])
        ) { error in
            XCTAssertTrue(error is FingerprintGenerationError, "\(error)")
        }
    }

    /// Envs made alike share one fitted model; copies share it and keep their own features.
    func testFingerprintEstimator_CopiesAndEnvsMadeAlike_ShareOneFittedModel() throws {
        let spec = EnvSpec(id: BeamSelectionEnv.id, scenario: Scenarios.room, kwargs: ["estimator": "wknn"])
        var a = try SensingGymRegistry.makeBeamSelection(spec)
        let b = try SensingGymRegistry.makeBeamSelection(spec)
        let model = try XCTUnwrap(a.fingerprintEstimator?.model)
        XCTAssertTrue(model === b.fingerprintEstimator?.model)
        _ = a.reset(seed: 1)
        var copy = a
        _ = try copy.step(oracleAction(copy, ap: 0))
        XCTAssertTrue(copy.fingerprintEstimator?.model === model)
        XCTAssertEqual(copy.fingerprintEstimator?.isFresh, [true, false])
        XCTAssertEqual(a.fingerprintEstimator?.isFresh, [false, false], "stepping a copy changed the original")
        let other = try BeamSelectionEnv(scenario: try Scenarios.load(Scenarios.room), estimator: .wknn, gridSpacingMetres: 0.4)
        XCTAssertFalse(other.fingerprintEstimator?.model === model, "a different grid reused the 0.2 m model")
    }
}
