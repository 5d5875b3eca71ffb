import Foundation

/// Records every reset and step to a JSON-lines or CSV file, as Gymnasium's trajectory recorders.
///
/// Each step appends one record: episode number, step number, action (flat form), reward, terminated,
/// truncated, the observation after the step and the info (encoded with `JSONEncoder`, keys sorted). Each reset appends a
/// record with step 0 and the first observation. Output is buffered and flushed when an episode ends, on
/// ``flush()`` and on ``close()``. Errors while writing cannot be thrown from `step` (its errors are
/// ``EnvError``); the first one is kept and thrown by the next ``flush()`` or ``close()``. Copies of a recorder
/// write to the same file.
///
/// ```swift
/// var env = try RecordTrajectory(GridWalk(size: 5), path: "/tmp/run.jsonl")
/// _ = env.reset(seed: 1); _ = try env.step(2)
/// try env.close()
/// ```
public struct RecordTrajectory<Inner: Env>: EnvWrapper {
    /// The wrapped env.
    public private(set) var inner: Inner
    /// The file's path.
    public var path: String { writer.path }
    /// The file's format.
    public let format: TrajectoryFormat
    /// The number of the current episode (0 for the first; -1 before the first reset).
    public private(set) var episode = -1
    /// The steps taken in the current episode.
    public private(set) var episodeStep = 0
    private let writer: TrajectoryWriter
    private let encoder: JSONEncoder

    /// Wraps `inner`, creating (or, with `append`, extending) the file at `path`.
    /// - Throws: ``RecordTrajectoryError/cannotOpen(path:reason:)`` naming the file and the system's reason.
    public init(_ inner: Inner, path: String, format: TrajectoryFormat = .jsonLines, append: Bool = false)
        throws(RecordTrajectoryError)
    {
        self.inner = inner
        self.format = format
        self.writer = try TrajectoryWriter(path: path, append: append)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        self.encoder = encoder
        if format == .csv && !append {
            let observations = (0..<inner.observationSpace.size).map { "obs_\($0)" }.joined(separator: ",")
            writer.append("episode,step,action,reward,terminated,truncated,\(observations),info")
        }
    }

    /// Resets the inner env and records the first observation.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Inner.Info {
        let info = inner.reset(seed: seed, options: options, into: observation)
        episode += 1
        episodeStep = 0
        write(action: nil, transition: nil, observation: observation, info: info)
        return info
    }

    /// Steps the inner env and records the step; flushes when the episode ends.
    public mutating func step(
        _ action: Inner.ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Inner.Info> {
        let t = try inner.step(action, into: observation)
        episodeStep += 1
        write(action: inner.actionSpace.flatAction(from: action), transition: t, observation: observation, info: t.info)
        if t.terminated || t.truncated { try? writer.flush() }
        return t
    }

    /// Writes buffered records to the file.
    /// - Throws: the first write or encoding error since the last flush, or ``RecordTrajectoryError/closed(path:)``.
    public func flush() throws(RecordTrajectoryError) { try writer.flush() }

    /// Flushes and closes the file.
    /// - Throws: the first write or encoding error not yet reported, or ``RecordTrajectoryError/closed(path:)``.
    public func close() throws(RecordTrajectoryError) { try writer.close() }

    // MARK: - Records

    private func write(
        action: FlatAction?, transition: Transition<Inner.Info>?, observation: UnsafeMutableBufferPointer<Float>,
        info: Inner.Info
    ) {
        guard writer.isOpen else { return }
        do {
            switch format {
            case .jsonLines:
                let record = TrajectoryRecord(
                    episode: episode, step: episodeStep, action: action.map(FlatActionValue.init),
                    reward: transition?.reward, terminated: transition?.terminated, truncated: transition?.truncated,
                    observation: Array(observation), info: info)
                writer.append(String(decoding: try encoder.encode(record), as: UTF8.self))
            case .csv:
                let infoJSON = String(decoding: try encoder.encode(info), as: UTF8.self)
                var fields = [String(episode), String(episodeStep), action.map { FlatActionValue($0).csv } ?? ""]
                fields.append(transition.map { "\($0.reward)" } ?? "")
                fields.append(transition.map { "\($0.terminated)" } ?? "")
                fields.append(transition.map { "\($0.truncated)" } ?? "")
                fields += observation.map { "\($0)" }
                fields.append("\"" + infoJSON.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                writer.append(fields.joined(separator: ","))
            }
        } catch {
            writer.record(.encodingFailed(path: writer.path, reason: "\(error)"))
        }
    }
}

/// One JSON line of ``RecordTrajectory``.
private struct TrajectoryRecord<Info: Encodable>: Encodable {
    let episode: Int
    let step: Int
    let action: FlatActionValue?
    let reward: Double?
    let terminated: Bool?
    let truncated: Bool?
    let observation: [Float]
    let info: Info
}

/// A flat action as its JSON value: an integer, an array of integers, or an array of numbers.
private struct FlatActionValue: Encodable {
    let action: FlatAction

    init(_ action: FlatAction) { self.action = action }

    /// The action as one CSV field, components separated by spaces.
    var csv: String {
        switch action {
        case .index(let i): return String(i)
        case .indices(let v): return v.map(String.init).joined(separator: " ")
        case .values(let v): return v.map { "\($0)" }.joined(separator: " ")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch action {
        case .index(let i): try container.encode(i)
        case .indices(let v): try container.encode(v)
        case .values(let v): try container.encode(v)
        }
    }
}
