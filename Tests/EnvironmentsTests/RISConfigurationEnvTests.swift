import Foundation
import GymCore
import GymTestSupport
import RadioScene
import XCTest

@testable import Environments

final class RISConfigurationEnvTests: XCTestCase {
    func factory() throws -> Scenario { try ScenarioLibrary.resolve("indoor-factory-ris") }

    func testCodebookEnvKeepsTheContract() throws {
        let scenario = try factory()
        checkEnvContract(make: { RISConfigurationEnv(scenario: scenario) }, steps: 600, seed: 5, invalidActions: [-1, 100_000])
    }

    func testPhasesEnvKeepsTheContract() throws {
        let scenario = try factory()
        let m = RISPhaseConfigurationEnv(scenario: scenario).actionSpace.size
        // Random phases almost never reach the user: half of the actions are codebook beams, so probes land.
        checkEnvContract(
            make: { RISPhaseConfigurationEnv(scenario: scenario) }, steps: 300, seed: 2,
            validAction: { rng, env in
                guard rng.nextUnitDouble() < 0.5 else { return env.actionSpace.sample(using: &rng) }
                let u = Double(Int(rng.next(upperBound: UInt64(16))) * 2 - 15) / 16
                let v = Double(Int(rng.next(upperBound: UInt64(16))) * 2 - 15) / 16
                return env.codebookPhases(u: u * 0.7, v: v * 0.7)
            },
            invalidActions: [[Float](repeating: 4, count: m), [0, 0]])
    }

    func testDefaultPanelHas256ElementsAndAbout200Beams() throws {
        let env = RISConfigurationEnv(scenario: try ScenarioLibrary.resolve("wrf-office-16x15"))
        XCTAssertEqual(env.core.links[0].surface.elementCount, 256)
        let risBeams = env.actionSpace.n - env.directCount
        XCTAssertEqual(env.directCount, 2 * (8 + 32), "the APs' direct beams come first")
        XCTAssertGreaterThan(risBeams, 180)
        XCTAssertLessThan(risBeams, 256)
    }

    /// With line of sight blocked, a misconfigured RIS leaves the user undetected and a well-configured one finds it.
    func testMisconfiguredRISGivesNoDetectionAndAWellConfiguredOneDoes() throws {
        var scenario = try factory()
        scenario.impairments = nil
        scenario.user.mobility = "stationary"
        var env = RISPhaseConfigurationEnv(scenario: scenario)
        var detectedWell = 0, detectedRandom = 0, trials = 0
        for seed in 0..<30 {
            _ = env.reset(seed: UInt64(seed))
            let user = env.core.episode.userPosition
            let link = env.core.links[0]
            guard env.core.isOpen(panel: 0, user: user), user.y > 10 else { continue }
            // Line of sight from the AP is blocked by the racks for these users.
            let blocked = env.core.episode.room.isBlocked(from: scenario.accessPoints[0].position, to: user)
            if !blocked { continue }
            trials += 1
            let focus = link.surface.focusingPhases(from: link.source, to: user).map { Float($0) }
            if try env.step(focus).info.detected { detectedWell += 1 }
            _ = env.reset(seed: UInt64(seed))
            // Misconfigured: focused on a spot 8 m along the wall from the user.
            let wrong = Vector3(user.x + (user.x > 20 ? -8 : 8), user.y, user.z)
            let misfocus = link.surface.focusingPhases(from: link.source, to: wrong).map { Float($0) }
            if try env.step(misfocus).info.detected { detectedRandom += 1 }
        }
        XCTAssertGreaterThan(trials, 5)
        XCTAssertEqual(detectedWell, trials)
        XCTAssertEqual(detectedRandom, 0)
    }

    func testFailuresAreDrawnPerEpisodeWithTheScenarioProbability() throws {
        var independent = try factory()
        independent.impairments?.risElementFailureProbability = 0.05
        independent.impairments?.risFailurePattern = "independent"
        var env = RISConfigurationEnv(scenario: independent)
        var failed = 0, total = 0
        for seed in 0..<10 {
            _ = env.reset(seed: UInt64(seed))
            failed += env.core.links.map(\.failedElements.count).reduce(0, +)
            total += env.core.links.map(\.surface.elementCount).reduce(0, +)
        }
        XCTAssertEqual(Double(failed) / Double(total), 0.05, accuracy: 0.01)
        // Clustered (the factory's): whole rows fail, a share uniform in [0, 0.3] per episode, so 0.15 on average.
        env = RISConfigurationEnv(scenario: try factory())
        var shares: [Double] = []
        for seed in 0..<200 {
            _ = env.reset(seed: UInt64(seed))
            let link = env.core.links[0]
            shares.append(Double(link.failedElements.count) / Double(link.surface.elementCount))
            XCTAssertEqual(link.failedElements.count % link.surface.columns, 0, "whole rows fail")
        }
        XCTAssertEqual(shares.reduce(0, +) / Double(shares.count), 0.15, accuracy: 0.02)
        XCTAssertLessThanOrEqual(shares.max() ?? 1, 0.3 + 1e-9)
        var ideal = try factory()
        ideal.impairments = nil
        env = RISConfigurationEnv(scenario: ideal)
        _ = env.reset(seed: 1)
        XCTAssertTrue(env.core.links.allSatisfy { $0.failedElements.isEmpty })
    }

    func testSweepingTheCodebookLocatesTheUser() throws {
        var scenario = try factory()
        scenario.user.mobility = "stationary"
        scenario.impairments = nil
        var env = RISConfigurationEnv(scenario: scenario)
        var reached = 0
        for seed in 0..<5 {
            _ = env.reset(seed: UInt64(seed))
            var best = (0, -Double.infinity)
            let user = env.core.episode.userPosition
            for a in 0..<env.actionSpace.n {
                let g = env.predictedGain(action: a, x: user.x, y: user.y)
                if g > best.1 { best = (a, g) }
            }
            var info: ProbeInfo?
            for _ in 0..<20 {
                let t = try env.step(best.0)
                info = t.info
                if t.terminated || t.truncated { break }
            }
            if let info, info.errorMetres < 0.5 { reached += 1 }
        }
        XCTAssertGreaterThanOrEqual(reached, 3)
    }

    func testRegistryMakesBothActionFormsAndRejectsOthers() throws {
        let codebook = try SensingGymRegistry.shared.make(RISConfigurationEnv.id, scenario: "indoor-factory-ris")
        guard case .discrete = codebook.actionSpace.described else { return XCTFail("codebook is Discrete") }
        let phases = try SensingGymRegistry.shared.make(
            RISConfigurationEnv.id, scenario: "indoor-factory-ris", kwargs: ["action": "phases"])
        guard case .box = phases.actionSpace.described else { return XCTFail("phases is a Box") }
        XCTAssertThrowsError(
            try SensingGymRegistry.shared.make(RISConfigurationEnv.id, kwargs: ["action": "beams"]))
    }

    func testEveryBuiltInScenarioRuns100Steps() throws {
        for name in ScenarioLibrary.names {
            var env = try SensingGymRegistry.make(RISConfigurationEnv.id, scenario: name)
            var rng = Xoshiro256StarStar(seed: 1)
            _ = env.reset(seed: 3)
            for _ in 0..<100 {
                let t = try env.step(env.actionSpace.sample(using: &rng))
                XCTAssertTrue(t.reward.isFinite, name)
                if t.terminated || t.truncated { _ = env.reset() }
            }
        }
    }
}
