import Environments
import Foundation
import XCTest

@testable import GymBridge

/// Protocol 1.1 `make`: registry options, `autoreset`, `max_episode_steps` and the scene description.
final class BridgeMakeOptionsTests: XCTestCase {
    private var running: RunningServer!
    private var client: WireClient!

    override func setUpWithError() throws {
        running = try RunningServer()
        client = try WireClient(running.endpoint)
    }

    override func tearDown() {
        running.stop()
    }

    func testHello_ListsTheMinorVersionAndEveryEnvsOptions() throws {
        let hello = try client.call("\"op\":\"hello\"")
        XCTAssertEqual(hello.header["protocol_minor"] as? Int, BridgeServer.protocolMinorVersion)
        let options = try XCTUnwrap(hello.header["env_options"] as? [String: [String: String]])
        XCTAssertEqual(Set(options.keys), Set(SensingGymRegistry.ids))
        XCTAssertEqual(Set(options[BeamSelectionEnv.id]?.keys ?? [:].keys), ["estimator", "estimator_grid_m"])
        XCTAssertEqual(hello.header["autoreset_modes"] as? [String], ["next_step", "same_step"])
    }

    func testMake_OptionsReachTheFactory() throws {
        let made = try client.call(
            "\"op\":\"make\",\"env\":\"\(RISConfigurationEnv.id)\",\"options\":{\"action\":\"phases\"}")
        XCTAssertTrue(made.ok, "\(made.header)")
        XCTAssertEqual((made.header["action_space"] as? [String: Any])?["type"] as? String, "Box")
        XCTAssertEqual(made.header["options"] as? [String: String], ["action": "phases"])
        let numeric = try client.call(
            "\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"options\":{\"estimator\":\"wknn\",\"estimator_grid_m\":0.5}")
        XCTAssertEqual(numeric.header["options"] as? [String: String], ["estimator": "wknn", "estimator_grid_m": "0.5"])
    }

    func testMake_UnknownOptionOrBadValue_IsBadOption() throws {
        let unknown = try client.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"options\":{\"estimatr\":1}")
        XCTAssertEqual(unknown.code, "bad_option")
        let message = try XCTUnwrap((unknown.header["error"] as? [String: Any])?["message"] as? String)
        XCTAssertTrue(message.contains("'estimatr'") && message.contains("estimator_grid_m"), message)
        let value = try client.call(
            "\"op\":\"make\",\"env\":\"\(RISConfigurationEnv.id)\",\"options\":{\"action\":\"sideways\"}")
        XCTAssertEqual(value.code, "bad_option")
        let type = try client.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"options\":{\"estimator\":[1]}")
        XCTAssertEqual(type.code, "bad_header")
        let mode = try client.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"autoreset\":\"later\"")
        XCTAssertEqual(mode.code, "bad_header")
    }

    func testSameStep_FoldsTheNextStepResetIntoTheEndingStep() throws {
        let next = try client.make(1, extra: ",\"infos\":false")
        let same = try client.make(1, extra: ",\"infos\":true,\"autoreset\":\"same_step\"")
        XCTAssertTrue(try client.call("\"op\":\"reset\",\"session\":\"\(next)\",\"seed\":7").ok)
        XCTAssertTrue(try client.call("\"op\":\"reset\",\"session\":\"\(same)\",\"seed\":7").ok)
        for _ in 0..<200 {
            let a = try client.step(next, actions: [0])
            let b = try client.step(same, actions: [0])
            XCTAssertEqual(b.frames.count, 5)
            XCTAssertEqual(a.frames[1], b.frames[1])
            XCTAssertEqual(a.frames[2], b.frames[2])
            XCTAssertEqual(a.frames[3], b.frames[3])
            let ended = a.frames[2] != [0] || a.frames[3] != [0]
            guard ended else {
                XCTAssertEqual(a.frames[0], b.frames[0])
                XCTAssertTrue(b.frames[4].isEmpty)
                continue
            }
            XCTAssertEqual(b.frames[4], a.frames[0], "final_obs is the ending step's observation")
            XCTAssertEqual((b.header["final_infos"] as? [Any])?.count, 1)
            let reset = try client.step(next, actions: [0])  // next_step resets on the following step
            XCTAssertEqual(b.frames[0], reset.frames[0], "same_step returns the new episode's first observation")
            return
        }
        XCTFail("no episode ended in 200 steps")
    }

    func testMaxEpisodeSteps_TruncatesOnTheServer() throws {
        let session = try client.make(2, extra: ",\"infos\":false,\"max_episode_steps\":1")
        XCTAssertTrue(try client.call("\"op\":\"reset\",\"session\":\"\(session)\",\"seed\":1").ok)
        XCTAssertEqual(try client.step(session, actions: [0, 0]).frames[3], [1, 1])
        let zero = try client.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\",\"max_episode_steps\":0")
        XCTAssertEqual(zero.code, "bad_header")
    }

    func testRemoteEnv_SendsRegistryOptions() throws {
        let env = try RemoteEnv(
            endpoint: running.endpoint, env: RISConfigurationEnv.id, options: ["action": "phases"], timeout: 10)
        guard case .box = env.actionSpace.described else { return XCTFail("\(env.actionSpace)") }
        XCTAssertThrowsError(
            try RemoteEnv(endpoint: running.endpoint, env: RISConfigurationEnv.id, options: ["acton": "phases"])
        ) { error in
            guard case .server(code: "bad_option", _)? = error as? RemoteEnvError else { return XCTFail("\(error)") }
        }
    }

    func testMake_DescribesTheScene() throws {
        let made = try client.call("\"op\":\"make\",\"env\":\"\(BeamSelectionEnv.id)\"")
        let scene = try XCTUnwrap(made.header["scene"] as? [String: Any])
        XCTAssertEqual((scene["access_points"] as? [Any])?.count, 2)
        XCTAssertFalse((scene["beam_angles_rad"] as? [Double] ?? []).isEmpty)
        XCTAssertNotNil((scene["room"] as? [String: Any])?["max"])
        XCTAssertNil(scene["waveform_target_accuracy_m"], "the office sets no Waveform target of its own")
    }

    /// A scene that sets Waveform-v1's own target says so beside the scenario's (the lab: 1 cm against 5 cm).
    func testMake_SceneCarriesWaveformsOwnTarget() throws {
        let made = try client.call("\"op\":\"make\",\"env\":\"\(WaveformEnv.id)\",\"scenario\":\"lab-140ghz\"")
        let scene = try XCTUnwrap(made.header["scene"] as? [String: Any])
        XCTAssertEqual(scene["target_accuracy_m"] as? Double, 0.05)
        XCTAssertEqual(scene["waveform_target_accuracy_m"] as? Double, 0.01)
    }
}
