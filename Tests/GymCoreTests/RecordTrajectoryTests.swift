import Foundation
import GymCore
import XCTest

final class RecordTrajectoryTests: XCTestCase {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gymcore-\(UUID().uuidString)")

    override func setUpWithError() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func testJSONLines_OneLinePerResetAndStep() throws {
        let path = directory.appendingPathComponent("run.jsonl").path
        var env = try RecordTrajectory(Counter(length: 2), path: path)
        _ = env.reset(seed: 1)
        _ = try env.step(1)
        _ = try env.step(0)
        try env.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        let step = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
        XCTAssertEqual(step?["episode"] as? Int, 0)
        XCTAssertEqual(step?["step"] as? Int, 2)
        XCTAssertEqual(step?["action"] as? Int, 0)
        XCTAssertEqual(step?["reward"] as? Double, 2)
        XCTAssertEqual(step?["terminated"] as? Bool, true)
        XCTAssertEqual(step?["truncated"] as? Bool, false)
        XCTAssertEqual(step?["observation"] as? [Double], [2])
        XCTAssertEqual((step?["info"] as? [String: Any])?["position"] as? Int, 2)
        let reset = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        XCTAssertNil(reset?["action"])
        XCTAssertEqual(reset?["step"] as? Int, 0)
    }

    func testFlushesAtEpisodeEnd() throws {
        let path = directory.appendingPathComponent("flush.jsonl").path
        var env = try RecordTrajectory(Counter(length: 1), path: path)
        _ = env.reset()
        _ = try env.step(0)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count, 2)
        try env.close()
    }

    func testCSV_HeaderAndRows() throws {
        let path = directory.appendingPathComponent("run.csv").path
        var env = try RecordTrajectory(Counter(length: 2), path: path, format: .csv)
        _ = env.reset()
        _ = try env.step(1)
        try env.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, [
            "episode,step,action,reward,terminated,truncated,obs_0,info",
            #"0,0,,,,,0.0,"{""goal"":2,""position"":0}""#,
            #"0,1,1,1.0,false,false,1.0,"{""goal"":2,""position"":1}""#,
        ])
    }

    func testUnopenableFile_ThrowsNamingThePath() {
        let path = directory.appendingPathComponent("missing/dir/run.jsonl").path
        XCTAssertThrowsError(try RecordTrajectory(Counter(length: 1), path: path)) { error in
            XCTAssertEqual(error as? RecordTrajectoryError, .cannotOpen(path: path, reason: "No such file or directory"))
        }
    }

    func testCloseTwice_Throws() throws {
        let env = try RecordTrajectory(Counter(length: 1), path: directory.appendingPathComponent("c.jsonl").path)
        try env.close()
        XCTAssertThrowsError(try env.close()) { error in
            XCTAssertEqual(error as? RecordTrajectoryError, .closed(path: env.path))
        }
    }
}
