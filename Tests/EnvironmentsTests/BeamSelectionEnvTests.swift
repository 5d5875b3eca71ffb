import Environments
import Foundation
import GymCore
import GymTestSupport
import RadioScene
import XCTest

final class BeamSelectionEnvTests: XCTestCase {
    // MARK: - The contract checker, on both rooms

    func testBeamSelection_Office_KeepsTheEnvContract() throws {
        let scenario = try Scenarios.load(Scenarios.office)
        checkEnvContract(make: { BeamSelectionEnv(scenario: scenario) }, steps: 1000, seed: 7, invalidActions: [-1, 80])
    }

    func testBeamSelection_Room8x6_KeepsTheEnvContract() throws {
        let scenario = try Scenarios.load(Scenarios.room)
        checkEnvContract(make: { BeamSelectionEnv(scenario: scenario) }, steps: 1000, seed: 11, invalidActions: [-1, 80])
    }

    // MARK: - Spaces

    func testBeamSelection_Spaces_AreAPsTimesBeamsAndTheDocumentedBox() throws {
        for name in Scenarios.both {
            let env = BeamSelectionEnv(scenario: try Scenarios.load(name))
            XCTAssertEqual(env.actionSpace.n, 2 * (8 + 32))
            XCTAssertEqual(env.observationSpace.size, 9 + 2 * 2 * (8 + 32))
            XCTAssertEqual(env.observationSpace.shape, [169])
            XCTAssertEqual(Array(env.observationSpace.low[0..<9]), [-2, -2, -5, -5, -6, -6, -1, 0, -1])
            XCTAssertEqual(Array(env.observationSpace.high[0..<9]), [2, 2, 5, 5, 2, 2, 1, 1, 1])
        }
    }

    // MARK: - Determinism, including info

    func testBeamSelection_SameSeed_GivesTheSameTrajectoryBitForBitOver1000Steps() throws {
        let scenario = try Scenarios.load(Scenarios.office)
        func run(seed: UInt64) -> [(obs: [UInt32], reward: UInt64, flags: (Bool, Bool), info: ProbeInfo)] {
            var env = BeamSelectionEnv(scenario: scenario)
            var actions = Xoshiro256StarStar(seed: 99)
            var trace: [(obs: [UInt32], reward: UInt64, flags: (Bool, Bool), info: ProbeInfo)] = []
            var (obs, info) = env.reset(seed: seed)
            trace.append((obs.map(\.bitPattern), 0, (false, false), info))
            for _ in 0..<1000 {
                guard let r = try? env.step(env.actionSpace.sample(using: &actions)) else {
                    XCTFail("a valid action threw")
                    break
                }
                trace.append((r.observation.map(\.bitPattern), r.reward.bitPattern, (r.terminated, r.truncated), r.info))
                if r.terminated || r.truncated {
                    (obs, info) = env.reset(seed: nil)
                    trace.append((obs.map(\.bitPattern), 0, (false, false), info))
                }
            }
            return trace
        }
        let a = run(seed: 2024), b = run(seed: 2024), c = run(seed: 2025)
        XCTAssertEqual(a.count, b.count)
        for (i, (x, y)) in zip(a, b).enumerated() {
            guard x.obs == y.obs, x.reward == y.reward, x.flags == y.flags, x.info == y.info else {
                return XCTFail("runs with the same seed differ at event \(i): \(x.info) vs \(y.info)")
            }
        }
        XCTAssertGreaterThan(a.filter { $0.flags.0 || $0.flags.1 }.count, 3, "too few episodes ended to test resets")
        XCTAssertNotEqual(a.first?.info.trueX, c.first?.info.trueX, "seeds 2024 and 2025 placed the user identically")
        XCTAssertTrue(zip(a, c).contains { $0.obs != $1.obs }, "different seeds gave identical observations")
    }

    // MARK: - Errors

    func testBeamSelection_OutOfRangeAction_ThrowsInvalidActionNamingIt() throws {
        let scenario = try Scenarios.load(Scenarios.room)
        var env = BeamSelectionEnv(scenario: scenario)
        var twin = env
        _ = env.reset(seed: 3)
        _ = twin.reset(seed: 3)
        for action in [-1, 80, Int.max] {
            do {
                _ = try env.step(action)
                XCTFail("action \(action) was accepted")
            } catch {
                guard case .invalidAction(let message) = error else { return XCTFail("\(action) threw \(error)") }
                XCTAssertTrue(message.contains("\(action)"), "'\(message)' does not name the action \(action)")
                XCTAssertTrue(message.contains("Discrete(80)"), "'\(message)' does not name the space")
            }
        }
        // The rejected actions changed nothing.
        let a = try env.step(5), b = try twin.step(5)
        XCTAssertEqual(a.observation, b.observation)
        XCTAssertEqual(a.reward, b.reward)
        XCTAssertEqual(a.info, b.info)
    }

    func testBeamSelection_StepBeforeResetOrAfterTheEnd_ThrowsNeedsReset() throws {
        var env = BeamSelectionEnv(scenario: try Scenarios.load(Scenarios.room))
        XCTAssertThrowsError(try env.step(0)) { error in
            guard case .needsReset = error as? EnvError else { return XCTFail("\(error)") }
        }
        _ = env.reset(seed: 1)
        var ended = false
        for _ in 0..<64 where !ended {
            let r = try env.step(oracleAction(env, ap: 0))
            ended = r.terminated || r.truncated
        }
        XCTAssertTrue(ended, "the episode did not end within its 64-probe budget")
        XCTAssertThrowsError(try env.step(0)) { error in
            guard case .needsReset(let message) = error as? EnvError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("reset"), message)
        }
        _ = env.reset(seed: nil)
        XCTAssertNoThrow(try env.step(0))
    }

    // MARK: - Episode end

    func testBeamSelection_TerminatedAndTruncated_FollowTheAccuracyTargetAndTheBudget() throws {
        for name in Scenarios.both {
            let original = try Scenarios.load(name)
            // The same room with an accuracy target no tracker reaches: every episode must be truncated.
            var unreachable = original
            unreachable.episode.targetAccuracyM = 1e-9
            for scenario in [original, unreachable] {
                var env = BeamSelectionEnv(scenario: scenario)
                var rng = Xoshiro256StarStar(seed: 5)
                var (terminations, truncations) = (0, 0)
                for episode in 0..<8 {
                    let (obs, info) = env.reset(seed: episode == 0 ? 5 : nil)
                    XCTAssertEqual(info.probesUsed, 0)
                    XCTAssertEqual(obs[7], 1, "a fresh episode has its whole budget")
                    XCTAssertGreaterThan(info.errorRadius95Metres, scenario.episode.targetAccuracyM)
                    var length = 0
                    // Half the episodes aim at the user, half probe at random.
                    for t in 1...scenario.episode.probeBudget {
                        let action = episode % 2 == 0 ? oracleAction(env, ap: t % 2) : env.actionSpace.sample(using: &rng)
                        let r = try env.step(action)
                        length = t
                        XCTAssertEqual(r.info.probesUsed, t)
                        XCTAssertEqual(r.terminated, r.info.errorRadius95Metres < scenario.episode.targetAccuracyM, "\(name) t=\(t)")
                        XCTAssertEqual(r.truncated, t >= scenario.episode.probeBudget, "\(name) t=\(t)")
                        XCTAssertEqual(
                            r.observation[7], Float(scenario.episode.probeBudget - t) / Float(scenario.episode.probeBudget))
                        if r.terminated { terminations += 1 }
                        if r.truncated { truncations += 1 }
                        if r.terminated || r.truncated { break }
                    }
                    if scenario == unreachable {
                        XCTAssertEqual(length, scenario.episode.probeBudget, "\(name): ended early without reaching the target")
                    }
                }
                if scenario == unreachable {
                    XCTAssertEqual(terminations, 0, "\(name): terminated below a 1 nm target")
                    XCTAssertEqual(truncations, 8, name)
                } else {
                    XCTAssertGreaterThanOrEqual(terminations, 4, "\(name): aiming at the user did not reach the target")
                }
            }
        }
    }

    // MARK: - Reward

    /// Through the env: r_t = ½ max(ln det P⁺_{t−1}, L*) − ½ max(ln det P⁺_t, L*) − cost, net of motion and
    /// capped at the target's L* (``InformationGainReward``), whatever became of the probe; a rejected or missed
    /// probe leaves the prediction as the posterior (so it pays for the slot's motion).
    func testBeamSelection_Reward_IsNetOfMotionAndCappedAtTheTarget() throws {
        for name in Scenarios.both {
            let scenario = try Scenarios.load(name)
            var env = BeamSelectionEnv(scenario: scenario)
            var rng = Xoshiro256StarStar(seed: 17)
            _ = env.reset(seed: 17)
            var outcomes: [ProbeInfo.Outcome: Int] = [:]
            let cost = env.episode.reward.cost(
                energyJoules: 0, bandwidthHertz: scenario.radio.bandwidthHz, durationSeconds: scenario.radio.probeDurationS)
            let target = 2 * log(scenario.episode.targetAccuracyM * scenario.episode.targetAccuracyM / 5.991_464_547_107_979)
            for t in 0..<600 {
                let previous = env.episode.tracker
                var predicted = previous
                predicted.predict(dt: scenario.episode.slotDurationS)
                let action = t % 3 == 0 ? oracleAction(env, ap: t % 2) : env.actionSpace.sample(using: &rng)
                let r = try env.step(action)
                outcomes[r.info.outcome, default: 0] += 1
                XCTAssertEqual(r.info.costNats, cost)
                let posterior = env.episode.tracker.covariance
                let gain = 0.5 * (max(positionLogDet(previous.covariance), target) - max(positionLogDet(posterior), target))
                XCTAssertEqual(r.info.informationGainNats, gain, accuracy: 1e-9, "\(name) t=\(t)")
                XCTAssertEqual(r.reward, gain - cost, accuracy: 1e-9, "\(name) t=\(t)")
                if r.info.outcome != .accepted {
                    XCTAssertEqual(posterior, predicted.covariance, "a rejected probe changed the covariance")
                    XCTAssertLessThanOrEqual(r.info.informationGainNats, 1e-12, "a rejected probe gained")
                }
                if r.terminated || r.truncated { _ = env.reset(seed: nil) }
            }
            XCTAssertGreaterThan(outcomes[.accepted] ?? 0, 10, "\(name): \(outcomes)")
            XCTAssertGreaterThan(outcomes[.missed, default: 0] + outcomes[.awaitingFix, default: 0], 10, "\(name): \(outcomes)")
        }
    }

    // MARK: - Observation

    /// Every observation entry is recomputed here from the tracker, the outcome of the last probe and the
    /// history of actions: nothing else (in particular not the true position) can be in it.
    func testBeamSelection_Observation_IsTrackerStateAndProbeHistoryOnly() throws {
        let scenario = try Scenarios.load(Scenarios.office)
        var env = BeamSelectionEnv(scenario: scenario)
        var rng = Xoshiro256StarStar(seed: 23)
        let beams = env.actionSpace.n, budget = Float(scenario.episode.probeBudget)
        let lo = scenario.room.min, hi = scenario.room.max
        var (obs, _) = env.reset(seed: 23)
        var lastProbed = [Int?](repeating: nil, count: beams)
        var lastDetected = [Bool](repeating: false, count: beams)
        var lastOutcome: Float = 0
        for t in 0..<400 {
            let k = env.episode.tracker
            let sx = k.covariance[0, 0].squareRoot(), sy = k.covariance[1, 1].squareRoot()
            let expected: [Float] = [
                Float(2 * (k.mean[0] - lo.x) / (hi.x - lo.x) - 1), Float(2 * (k.mean[1] - lo.y) / (hi.y - lo.y) - 1),
                Float(k.mean[2] / 2), Float(k.mean[3] / 2), Float(log10(sx)), Float(log10(sy)),
                Float(k.covariance[0, 1] / (sx * sy)), Float(budget - Float(env.episode.probesUsed)) / budget, lastOutcome,
            ]
            for i in 0..<9 {
                XCTAssertEqual(obs[i], expected[i], accuracy: 1e-5 * max(1, abs(expected[i])), "t=\(t) tracker entry \(i)")
            }
            for b in 0..<beams {
                let snr = obs[9 + b], recency = obs[9 + beams + b]
                if let when = lastProbed[b] {
                    XCTAssertEqual(recency, min(1, Float(env.episode.probesUsed - when) / budget), "t=\(t) beam \(b)")
                    if lastDetected[b] { XCTAssertTrue((-1...2).contains(snr)) } else { XCTAssertEqual(snr, -1) }
                } else {
                    XCTAssertEqual(snr, -1, "t=\(t) beam \(b) never probed")
                    XCTAssertEqual(recency, 1, "t=\(t) beam \(b) never probed")
                }
            }
            let action = env.actionSpace.sample(using: &rng)
            let r = try env.step(action)
            obs = r.observation
            lastProbed[action] = r.info.probesUsed
            lastDetected[action] = r.info.detected
            lastOutcome = r.info.outcome == .accepted
                ? 1 : (r.info.outcome == .missed || r.info.outcome == .awaitingFix ? 0 : -1)
            if r.terminated || r.truncated {
                obs = env.reset(seed: nil).observation
                lastProbed = [Int?](repeating: nil, count: beams)
                lastDetected = [Bool](repeating: false, count: beams)
                lastOutcome = 0
            }
        }
    }

    // MARK: - Tracker consistency on the scenario's own channel

    /// Runs `episodes` episodes aiming every probe at the user; returns the share of terminations whose true
    /// error exceeds the tracker's own 95 % radius (≈ 5 % for a consistent tracker) and the mean position NEES.
    private func terminalConsistency(_ scenario: Scenario, episodes: Int) throws -> (outside: Double, nees: Double) {
        var env = BeamSelectionEnv(scenario: scenario)
        var (outside, terminations, nees) = (0, 0, 0.0)
        for episode in 0..<episodes {
            _ = env.reset(seed: episode == 0 ? 41 : nil)
            for t in 1...scenario.episode.probeBudget {
                let r = try env.step(oracleAction(env, ap: t % 2))
                guard r.terminated || r.truncated else { continue }
                if r.terminated {
                    terminations += 1
                    if r.info.errorMetres > r.info.errorRadius95Metres { outside += 1 }
                    let p = env.episode.tracker.covariance
                    let e0 = r.info.estimateX - r.info.trueX, e1 = r.info.estimateY - r.info.trueY
                    nees += (p[1, 1] * e0 * e0 - 2 * p[0, 1] * e0 * e1 + p[0, 0] * e1 * e1)
                        / (p[0, 0] * p[1, 1] - p[0, 1] * p[0, 1])
                }
                break
            }
        }
        XCTAssertGreaterThanOrEqual(terminations, episodes * 97 / 100, "aiming at the user must reach the target")
        return (Double(outside) / Double(max(terminations, 1)), nees / Double(max(terminations, 1)))
    }

    /// Control: with reflections suppressed (80 dB losses) the tracker's 95 % radius holds the true error.
    func testBeamSelection_ChannelWithoutReflections_TrueErrorInsideThe95PercentRadius() throws {
        for name in Scenarios.both {
            var scenario = try Scenarios.load(name)
            for surface in [\Scenario.room.walls, \Scenario.room.floor, \Scenario.room.ceiling] {
                scenario[keyPath: surface] = Material(name: "absorber", reflectionLossDB: 80)
            }
            // Without multipath there is no bias to cover: the Cramér–Rao bound alone must then be consistent.
            scenario.radio.receiver?.rangeFloorFraction = 0
            scenario.radio.receiver?.angleFloorFraction = 0
            let c = try terminalConsistency(scenario, episodes: 200)
            XCTAssertLessThanOrEqual(c.outside, 0.10, "\(name): \(c)")
            XCTAssertEqual(c.nees, 2, accuracy: 0.6, "\(name): \(c)")
        }
    }

    /// On the scenarios' own multipath channel the LoS path merges with the ceiling reflection (within c/B ≈ 10 cm
    /// in length and 1/(N·d/λ) in sin θ whenever the user is more than ~6 m from the AP), which biases the range
    /// by millimetres, far above the sub-millimetre CRLB. Without the tracker's multipath floor
    /// (`tracker.range_std_floor_m`, `angle_std_floor_rad`) 60 % (office) and 39 % (8×6 room) of terminations had
    /// a true error beyond `errorRadius95` (mean NEES ≈ 50–100); with it the 95 % radius must hold.
    func testBeamSelection_MultipathChannel_TrueErrorInsideThe95PercentRadius() throws {
        for name in Scenarios.both {
            let c = try terminalConsistency(try Scenarios.load(name), episodes: 200)
            XCTAssertLessThanOrEqual(c.outside, 0.10, "\(name): share outside the 95 % radius, mean NEES: \(c)")
        }
    }

    // MARK: - Registry

    func testRegistry_BeamSelection_MakesBothScenariosAndRejectsBadOnes() throws {
        XCTAssertTrue(SensingGymRegistry.ids.contains(BeamSelectionEnv.id))
        for name in Scenarios.both {
            var env = try SensingGymRegistry.make("BeamSelection-v1", scenario: name)
            XCTAssertEqual(env.observationSpace.size, 9 + 2 * 2 * (8 + 32))
            let (obs, _) = env.reset(seed: 1)
            XCTAssertTrue(env.observationSpace.contains(obs))
        }
        XCTAssertThrowsError(try SensingGymRegistry.make("BeamSelection-v1", scenario: "nowhere")) { error in
            XCTAssertEqual((error as? ScenarioError)?.field, "(scenario)", "\(error)")
        }
        XCTAssertThrowsError(try SensingGymRegistry.make("NoSuchEnv-v9"))
    }
}
