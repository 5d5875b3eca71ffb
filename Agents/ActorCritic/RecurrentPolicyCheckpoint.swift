// ActorCritic: a trained recurrent agent with its configuration and progress, in one atomic, checksummed file.
import Foundation
import GymCore
import NeuralNet

/// A ``RecurrentActorCriticAgent``, its training configuration and progress, saved as a NeuralNet ``Checkpoint``
/// (the same atomic, CRC-checked format as ``PolicyCheckpoint``, kind `sensinggym.recurrent-actor-critic.v1`).
///
/// Metadata: algorithm (`ppo-gru`, `rl2`), env id, scenario, global step, iteration, the configuration and
/// action space as JSON, the GRU width, the observation statistics, and any ``extra`` entries a meta-learner
/// adds (RL²: the task family, the training tasks, the trial length).
///
/// ```swift
/// try ppo.checkpoint(envID: id, scenario: name).save(to: "runs/gru/agent.sgnn")
/// let loaded = try RecurrentPolicyCheckpoint.load(from: "runs/gru/agent.sgnn")
/// ```
public struct RecurrentPolicyCheckpoint {
    /// The checkpoint's kind tag.
    public static let kind = "sensinggym.recurrent-actor-critic.v1"
    /// The metadata keys the type itself writes (everything else is ``extra``).
    static let ownKeys: Set<String> = [
        PolicyCheckpoint.kindKey, "algorithm", "env_id", "scenario", "global_step", "iteration", "observation_size",
        "gru_hidden_size", "configuration", "action_space", "observation_statistics", "return_statistics", "adam.step",
    ]

    /// The agent (restored weights and observation statistics when loaded).
    public let agent: RecurrentActorCriticAgent
    /// The configuration it was trained with.
    public let configuration: PPOConfiguration
    /// `ppo-gru` or `rl2`.
    public let algorithm: String
    /// The env id it was trained on.
    public let envID: String
    /// The scenario (or task family) it was trained on.
    public let scenario: String
    /// Environment steps taken when it was saved.
    public let globalStep: Int
    /// Iterations completed when it was saved.
    public let iteration: Int
    /// Further metadata (meta-learners' task lists and trial lengths).
    public let extra: [String: String]
    /// The underlying tensors and metadata.
    public let contents: Checkpoint

    /// Captures an agent and its optimizer with the run's configuration and progress.
    public init(
        agent: RecurrentActorCriticAgent, optimizer: Adam?, configuration: PPOConfiguration, algorithm: String,
        envID: String, scenario: String, globalStep: Int, iteration: Int, extra: [String: String] = [:]
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
        metadata[PolicyCheckpoint.kindKey] = Self.kind
        metadata["algorithm"] = algorithm
        metadata["env_id"] = envID
        metadata["scenario"] = scenario
        metadata["global_step"] = String(globalStep)
        metadata["iteration"] = String(iteration)
        metadata["observation_size"] = String(agent.observationSize)
        metadata["gru_hidden_size"] = String(agent.hiddenSize)
        metadata["configuration"] = PolicyCheckpoint.json(configuration)
        metadata["action_space"] = PolicyCheckpoint.json(agent.actionSpace)
        if let statistics = agent.observationStatistics {
            metadata["observation_statistics"] = PolicyCheckpoint.json(statistics)
        }
        if let statistics = agent.returnStatistics { metadata["return_statistics"] = PolicyCheckpoint.json(statistics) }
        contents = Checkpoint(parameters: agent.parameters, optimizer: optimizer, metadata: metadata)
    }

    /// Writes the checkpoint atomically (temp file, `fsync`, `rename`).
    /// - Throws: ``CheckpointError/io(operation:path:errno:)``.
    public func save(to path: String) throws { try contents.save(to: path) }

    /// Reads a checkpoint and rebuilds its agent.
    /// - Throws: ``CheckpointError`` for a missing, truncated or corrupt file; ``ActorCriticError`` for a valid
    ///   checkpoint of another kind.
    public static func load(from path: String) throws -> RecurrentPolicyCheckpoint {
        try RecurrentPolicyCheckpoint(contents: Checkpoint.load(from: path))
    }

    /// Rebuilds the agent from decoded checkpoint contents.
    /// - Throws: ``ActorCriticError/incompatibleCheckpoint(_:)`` or ``CheckpointError`` when an entry is missing.
    public init(contents: Checkpoint) throws {
        let metadata = contents.metadata
        guard metadata[PolicyCheckpoint.kindKey] == Self.kind else {
            throw ActorCriticError.incompatibleCheckpoint(
                "not a recurrent agent checkpoint (kind \(metadata[PolicyCheckpoint.kindKey] ?? "missing"), expected \(Self.kind))")
        }
        func field(_ key: String) throws -> String { try PolicyCheckpoint.field(metadata, key) }
        func count(_ key: String) throws -> Int { try PolicyCheckpoint.count(metadata, key, minimum: 1) }
        let configuration: PPOConfiguration = try PolicyCheckpoint.decode(try field("configuration"), "configuration")
        let actionSpace: SpaceDescription = try PolicyCheckpoint.decode(try field("action_space"), "action_space")
        let observationSize = try count("observation_size")
        let agent = try RecurrentActorCriticAgent(
            observationSize: observationSize, actionSpace: actionSpace, hiddenSize: try count("gru_hidden_size"),
            configuration: configuration)
        try contents.restore(into: agent.parameters)
        agent.observationStatistics = try PolicyCheckpoint.statistics(metadata, "observation_statistics", size: observationSize)
        agent.returnStatistics = try PolicyCheckpoint.statistics(metadata, "return_statistics", size: 1)
        self.agent = agent
        self.configuration = configuration
        algorithm = try field("algorithm")
        envID = try field("env_id")
        scenario = try field("scenario")
        globalStep = try PolicyCheckpoint.count(metadata, "global_step")
        iteration = try PolicyCheckpoint.count(metadata, "iteration")
        extra = metadata.filter { !Self.ownKeys.contains($0.key) }
        self.contents = contents
    }
}
