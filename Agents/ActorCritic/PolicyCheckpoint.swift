// ActorCritic: a trained agent with its configuration and progress, in one atomic, checksummed file.
import Foundation
import GymCore
import NeuralNet

/// An actor-critic agent, its training configuration and progress, saved as a NeuralNet ``Checkpoint``.
///
/// The file holds the agent's parameters (`actor.*`, `critic.*`, `head.*`), Adam's moments, and metadata: the
/// algorithm, env id, scenario, global step, iteration, the configuration as JSON (CleanRL's field names), the
/// action space as JSON and the observation statistics as JSON. Saving is atomic (temp file, `fsync`, `rename`),
/// so an interrupted save leaves the previous file loadable. Loading checks the magic, version and CRC first, so
/// a truncated or corrupt file is a thrown ``CheckpointError``, never a crash.
///
/// ```swift
/// try session.checkpoint(algorithm: "ppo", envID: id, scenario: name).save(to: "runs/ppo/agent.sgnn")
/// let loaded = try PolicyCheckpoint.load(from: "runs/ppo/agent.sgnn")
/// var policy = LearnedPolicy<AnyEnv<ProbeInfo>>(agent: loaded.agent, name: loaded.algorithm)
/// ```
public struct PolicyCheckpoint {
    /// The checkpoint's kind tag, stored under ``kindKey``.
    public static let kind = "sensinggym.actor-critic.v1"
    /// The metadata key of the kind tag.
    public static let kindKey = "kind"

    /// The agent (restored weights and observation statistics when loaded).
    public let agent: ActorCriticAgent
    /// The configuration it was trained with.
    public let configuration: PPOConfiguration
    /// `ppo` or `a2c`.
    public let algorithm: String
    /// The env id it was trained on.
    public let envID: String
    /// The scenario it was trained on.
    public let scenario: String
    /// Environment steps taken when it was saved.
    public let globalStep: Int
    /// Iterations completed when it was saved.
    public let iteration: Int
    /// Further metadata (a multi-task run's task family and training tasks).
    public let extra: [String: String]
    /// The underlying tensors and metadata.
    public let contents: Checkpoint
    /// The metadata keys the type itself writes (everything else is ``extra``).
    static let ownKeys: Set<String> = [
        kindKey, "algorithm", "env_id", "scenario", "global_step", "iteration", "observation_size", "configuration",
        "action_space", "observation_statistics", "adam.step",
    ]

    /// Captures an agent and its optimizer with the run's configuration and progress.
    public init(
        agent: ActorCriticAgent, optimizer: Adam?, configuration: PPOConfiguration, algorithm: String, envID: String,
        scenario: String, globalStep: Int, iteration: Int, extra: [String: String] = [:]
    ) {
        self.agent = agent
        self.configuration = configuration
        self.algorithm = algorithm
        self.envID = envID
        self.scenario = scenario
        self.globalStep = globalStep
        self.iteration = iteration
        self.extra = extra.filter { !Self.ownKeys.contains($0.key) }
        var metadata = self.extra
        for (key, value) in [
            Self.kindKey: Self.kind, "algorithm": algorithm, "env_id": envID, "scenario": scenario,
            "global_step": String(globalStep), "iteration": String(iteration),
            "observation_size": String(agent.observationSize),
        ] { metadata[key] = value }
        metadata["configuration"] = Self.json(configuration)
        metadata["action_space"] = Self.json(agent.actionSpace)
        if let statistics = agent.observationStatistics { metadata["observation_statistics"] = Self.json(statistics) }
        contents = Checkpoint(parameters: agent.parameters, optimizer: optimizer, metadata: metadata)
    }

    /// Writes the checkpoint atomically.
    /// - Parameters:
    ///   - path: The destination file; its directory must exist.
    ///   - writeHook: Called after each written chunk; throwing aborts the save and leaves `path` as it was.
    /// - Throws: ``CheckpointError/io(operation:path:errno:)`` or the hook's error.
    public func save(to path: String, writeHook: Checkpoint.WriteHook? = nil) throws {
        try contents.save(to: path, writeHook: writeHook)
    }

    /// The file's bytes (what ``save(to:writeHook:)`` writes).
    public func encoded() -> [UInt8] { contents.encoded() }

    /// Reads a checkpoint and rebuilds its agent with the stored weights and observation statistics.
    /// - Parameter path: The file.
    /// - Throws: ``CheckpointError`` for a missing, truncated or corrupt file, ``ActorCriticError`` for a file
    ///   that is a valid checkpoint but not of an actor-critic agent.
    public static func load(from path: String) throws -> PolicyCheckpoint {
        try PolicyCheckpoint(contents: Checkpoint.load(from: path))
    }

    /// Rebuilds the agent from decoded checkpoint contents.
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` or ``CheckpointError`` when an entry is missing.
    public init(contents: Checkpoint) throws {
        let metadata = contents.metadata
        guard metadata[Self.kindKey] == Self.kind else {
            throw ActorCriticError.incompatibleCheckpoint(
                "not an actor-critic agent checkpoint (kind \(metadata[Self.kindKey] ?? "missing"), expected \(Self.kind))")
        }
        func field(_ key: String) throws -> String { try Self.field(metadata, key) }
        func integer(_ key: String) throws -> Int { try Self.count(metadata, key) }
        let configuration: PPOConfiguration = try Self.decode(try field("configuration"), "configuration")
        let actionSpace: SpaceDescription = try Self.decode(try field("action_space"), "action_space")
        let observationSize = try integer("observation_size")
        guard observationSize > 0 else { throw ActorCriticError.incompatibleCheckpoint("observation_size is 0") }
        let agent = try ActorCriticAgent(
            observationSize: observationSize, actionSpace: actionSpace, configuration: configuration)
        try contents.restore(into: agent.parameters)
        agent.observationStatistics = try Self.statistics(metadata, "observation_statistics", size: observationSize)
        self.agent = agent
        self.configuration = configuration
        self.algorithm = try field("algorithm")
        self.envID = try field("env_id")
        self.scenario = try field("scenario")
        self.globalStep = try integer("global_step")
        self.iteration = try integer("iteration")
        self.extra = metadata.filter { !Self.ownKeys.contains($0.key) }
        self.contents = contents
    }

    /// Copies the stored weights, observation statistics and Adam state into a training run's agent and optimizer.
    /// - Throws: ``CheckpointError`` when an entry is missing or has another shape (nothing is changed then).
    func restoreTraining(into target: ActorCriticAgent, optimizer: Adam) throws {
        try contents.restore(into: target.parameters, optimizer: optimizer)
        target.observationStatistics = agent.observationStatistics
    }

    // MARK: - JSON metadata

    /// The metadata entry `key`.
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` when it is missing.
    static func field(_ metadata: [String: String], _ key: String) throws -> String {
        guard let value = metadata[key] else { throw ActorCriticError.incompatibleCheckpoint("metadata \(key) is missing") }
        return value
    }

    /// The metadata entry `key` as a count of at least `minimum` (0 or 1).
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` when it is missing or not such a count.
    static func count(_ metadata: [String: String], _ key: String, minimum: Int = 0) throws -> Int {
        guard let value = Int(try field(metadata, key)), value >= minimum else {
            throw ActorCriticError.incompatibleCheckpoint("metadata \(key) is not a \(minimum > 0 ? "positive " : "")count")
        }
        return value
    }

    /// Running statistics stored as JSON under `key`, checked to hold `size` entries; nil when absent.
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` when they do not decode or have another size.
    static func statistics(_ metadata: [String: String], _ key: String, size: Int) throws -> RunningMeanStd? {
        guard let text = metadata[key] else { return nil }
        let statistics: RunningMeanStd = try decode(text, key)
        guard statistics.size == size else {
            throw ActorCriticError.incompatibleCheckpoint("\(key) has \(statistics.size) entries, expected \(size)")
        }
        return statistics
    }

    /// The JSON of a metadata value, keys sorted (also MetaRL's checkpoint metadata).
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding these plain value types cannot fail; an empty string would fail loudly on load.
        guard let data = try? encoder.encode(value) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a metadata value, naming the key when it does not decode (also MetaRL's checkpoint metadata).
    static func decode<T: Decodable>(_ text: String, _ key: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw ActorCriticError.incompatibleCheckpoint("metadata \(key) does not decode: \(error)")
        }
    }
}
