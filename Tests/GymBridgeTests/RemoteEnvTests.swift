import Dispatch
import Environments
import Foundation
import GymCore
import XCTest

@testable import GymBridge

final class RemoteEnvTests: XCTestCase {
    func testRemoteEnv_MatchesTheInProcessEnvBitForBitIncludingInfos() throws {
        let running = try RunningServer()
        defer { running.stop() }
        var remote = try RemoteEnv(endpoint: running.endpoint, env: "BeamSelection-v1", timeout: 10)
        defer { remote.close() }
        var local = try SensingGymRegistry.make("BeamSelection-v1")
        XCTAssertEqual(remote.observationSpace, local.observationSpace)
        XCTAssertEqual(remote.actionSpace, local.actionSpace)
        var generator = Xoshiro256StarStar(seed: 8)
        var episodes = 0
        for episode in 0..<6 {
            let seed: UInt64? = episode % 2 == 0 ? UInt64(100 + episode) : nil
            let (remoteObservation, remoteInfo) = remote.reset(seed: seed)
            let (localObservation, localInfo) = local.reset(seed: seed)
            XCTAssertEqual(remoteObservation.map(\.bitPattern), localObservation.map(\.bitPattern))
            XCTAssertEqual(remoteInfo, localInfo)
            while true {
                let action = local.actionSpace.sample(using: &generator)
                let r = try remote.step(action)
                let l = try local.step(action)
                XCTAssertEqual(r.observation.map(\.bitPattern), l.observation.map(\.bitPattern))
                XCTAssertEqual(r.reward.bitPattern, l.reward.bitPattern)
                XCTAssertEqual(r.terminated, l.terminated)
                XCTAssertEqual(r.truncated, l.truncated)
                XCTAssertEqual(r.info, l.info)
                if r.terminated || r.truncated { break }
            }
            episodes += 1
        }
        XCTAssertEqual(episodes, 6)
    }

    func testRemoteEnv_KeepsTheEnvContractOnBadActionsAndEndedEpisodes() throws {
        let running = try RunningServer()
        defer { running.stop() }
        var env = try RemoteEnv(endpoint: running.endpoint, env: "BeamSelection-v1", timeout: 10)
        defer { env.close() }
        XCTAssertThrowsError(try env.step(.index(0))) { error in
            guard case .needsReset = error as? EnvError else { return XCTFail("\(error)") }
        }
        _ = env.reset(seed: 1)
        XCTAssertThrowsError(try env.step(.index(10_000))) { error in
            guard case .invalidAction = error as? EnvError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try env.step(.values([0.5])))
        var ended = false
        for t in 0..<1000 where !ended {
            let result = try env.step(.index(t % 64))
            ended = result.terminated || result.truncated
        }
        XCTAssertTrue(ended)
        XCTAssertThrowsError(try env.step(.index(0))) { error in
            guard case .needsReset = error as? EnvError else { return XCTFail("\(error)") }
        }
    }

    func testRemoteEnv_ReportsServerErrorsAndTimeouts() throws {
        let running = try RunningServer()
        XCTAssertThrowsError(try RemoteEnv(endpoint: running.endpoint, env: "Nope-v0", timeout: 5)) { error in
            guard case .server(code: "unknown_env", _)? = error as? RemoteEnvError else { return XCTFail("\(error)") }
        }
        var env = try RemoteEnv(endpoint: running.endpoint, env: "BeamSelection-v1", timeout: 0.5)
        _ = try env.connectReset(seed: 2)
        running.stop()
        let start = DispatchTime.now().uptimeNanoseconds
        XCTAssertThrowsError(try env.step(.index(1))) { error in
            guard case .needsReset = error as? EnvError else { return XCTFail("\(error)") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        XCTAssertLessThan(seconds, 1.5)
        guard case .timeout? = env.lastError else { return XCTFail("lastError: \(String(describing: env.lastError))") }
        let (observation, _) = env.reset(seed: 3)
        XCTAssertTrue(observation.allSatisfy(\.isNaN))
        XCTAssertThrowsError(try env.connectReset(seed: 3))
    }

    func testRemoteEnv_CloseFreesTheSession() throws {
        let running = try RunningServer()
        defer { running.stop() }
        let monitor = try WireClient(running.endpoint)
        let env = try RemoteEnv(endpoint: running.endpoint, env: "BeamSelection-v1", timeout: 5)
        XCTAssertEqual(try monitor.stats()["sessions"] as? Int, 1)
        env.close()
        XCTAssertEqual(try monitor.stats()["sessions"] as? Int, 0)
    }
}
