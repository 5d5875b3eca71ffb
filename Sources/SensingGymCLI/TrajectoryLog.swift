import ArgumentParser
import Foundation
import SensingGym

/// Writes evaluation steps as JSON lines: `{"policy","episode","action","reward","terminated","truncated","info"}`.
final class TrajectoryLog {
    private let handle: FileHandle
    private let encoder = JSONEncoder()
    private let path: String

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw ValidationError("cannot write trajectories to '\(path)'") }
        self.handle = handle
        encoder.outputFormatting = [.sortedKeys]
    }

    private struct Line: Encodable {
        var policy: String
        var episode: Int
        var action: [Double]
        var reward: Double
        var terminated: Bool
        var truncated: Bool
        var info: ProbeInfo
    }

    /// Appends one step.
    func write(policy: String, episode: Int, action: FlatAction, transition t: Transition<ProbeInfo>) {
        let values: [Double]
        switch action {
        case .index(let i): values = [Double(i)]
        case .indices(let v): values = v.map(Double.init)
        case .values(let v): values = v.map(Double.init)
        }
        let line = Line(
            policy: policy, episode: episode, action: values, reward: t.reward, terminated: t.terminated,
            truncated: t.truncated, info: t.info)
        if let data = try? encoder.encode(line) { handle.write(data + Data("\n".utf8)) }
    }

    /// Flushes and closes the file.
    func close() throws {
        try handle.synchronize()
        try handle.close()
    }
}
