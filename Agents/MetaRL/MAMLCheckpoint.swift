// MetaRL: a meta-policy with its configuration, training tasks and progress, in one atomic, checksummed file.
import NeuralNet

/// A ``MAMLLearner``'s meta-policy saved as an actor-critic ``PolicyCheckpoint`` plus the meta-learning metadata.
///
/// The file is a NeuralNet ``Checkpoint`` (atomic save: temp file, `fsync`, `rename`; CRC-checked load) holding
/// θ and the observation statistics exactly as a PPO checkpoint does — so `sensing-gym evaluate` can run the
/// non-adapted meta-policy — with the algorithm (`fomaml` or `reptile`) as its algorithm, and under extra keys:
/// `meta_kind`, `meta_configuration` (the ``MAMLConfiguration`` as JSON), `train_tasks` (a JSON array of the
/// training task identifiers, so meta-test can refuse overlapping tasks), `meta_iteration`.
///
/// ```swift
/// try learner.checkpoint().save(to: "runs/meta/meta.sgnn")
/// let loaded = try MAMLCheckpoint.load(from: "runs/meta/meta.sgnn")
/// try loaded.checkHeldOut(testTasks)     // throws MAMLError.overlappingTasks
/// ```
public struct MAMLCheckpoint {
    /// The value of ``kindKey``.
    public static let kind = "sensinggym.maml.v1"
    /// The metadata key of the meta-learning kind tag.
    public static let kindKey = "meta_kind"

    /// The meta-policy as an actor-critic checkpoint (θ, observation statistics, the inner PPO configuration).
    public let policy: PolicyCheckpoint
    /// The meta-learning configuration.
    public let configuration: MAMLConfiguration
    /// The env id the tasks vary.
    public let envID: String
    /// The meta-training task identifiers, in order.
    public let trainTasks: [String]
    /// Meta-iterations completed.
    public let iteration: Int
    /// Environment steps of meta-training.
    public let globalStep: Int

    /// The algorithm it was meta-trained with.
    public var algorithm: MAMLAlgorithm { configuration.algo }

    /// Captures a meta-policy and the run's configuration, tasks and progress.
    public init(
        agent: ActorCriticAgent, configuration: MAMLConfiguration, envID: String, trainTasks: [String], iteration: Int,
        globalStep: Int
    ) {
        var ppo = configuration.ppo
        ppo.seed = configuration.seed
        let base = PolicyCheckpoint(
            agent: agent, optimizer: nil, configuration: ppo, algorithm: configuration.algo.rawValue, envID: envID,
            scenario: "meta-train tasks", globalStep: globalStep, iteration: iteration)
        var contents = base.contents
        contents.metadata[Self.kindKey] = Self.kind
        contents.metadata["meta_configuration"] = PolicyCheckpoint.json(configuration)
        contents.metadata["train_tasks"] = PolicyCheckpoint.json(trainTasks)
        contents.metadata["meta_iteration"] = String(iteration)
        // Rebuilding from the finished contents cannot fail: they were just written by PolicyCheckpoint.
        policy = (try? PolicyCheckpoint(contents: contents)) ?? base
        self.configuration = configuration
        self.envID = envID
        self.trainTasks = trainTasks
        self.iteration = iteration
        self.globalStep = globalStep
    }

    /// Rebuilds a checkpoint from decoded contents.
    /// - Throws: ``MAMLError/incompatibleCheckpoint(_:)`` for a file that is not a MAML checkpoint or lacks an
    ///   entry; ``ActorCriticError`` for metadata that does not decode, or from the policy part; ``CheckpointError``.
    public init(contents: Checkpoint) throws {
        let metadata = contents.metadata
        guard metadata[Self.kindKey] == Self.kind else {
            throw MAMLError.incompatibleCheckpoint(
                "not a MAML-family checkpoint (\(Self.kindKey) \(metadata[Self.kindKey] ?? "missing"), expected \(Self.kind))")
        }
        func field(_ key: String) throws -> String {
            guard let value = metadata[key] else { throw MAMLError.incompatibleCheckpoint("metadata \(key) is missing") }
            return value
        }
        policy = try PolicyCheckpoint(contents: contents)
        configuration = try PolicyCheckpoint.decode(try field("meta_configuration"), "meta_configuration")
        trainTasks = try PolicyCheckpoint.decode(try field("train_tasks"), "train_tasks")
        guard let iteration = Int(try field("meta_iteration")), iteration >= 0 else {
            throw MAMLError.incompatibleCheckpoint("metadata meta_iteration is not a count")
        }
        self.iteration = iteration
        envID = policy.envID
        globalStep = policy.globalStep
    }

    /// Writes the checkpoint atomically (its directory must exist).
    /// - Throws: ``CheckpointError/io(operation:path:errno:)``.
    public func save(to path: String) throws { try policy.contents.save(to: path) }

    /// Reads and verifies a checkpoint.
    /// - Throws: ``CheckpointError`` for a missing, truncated or corrupt file, ``MAMLError`` for one that is not a
    ///   MAML-family checkpoint.
    public static func load(from path: String) throws -> MAMLCheckpoint {
        try MAMLCheckpoint(contents: Checkpoint.load(from: path))
    }

    /// Refuses test tasks that were meta-training tasks.
    /// - Parameter tasks: The meta-test task identifiers.
    /// - Throws: ``MAMLError/overlappingTasks(_:)`` naming every overlapping task, in the order given.
    public func checkHeldOut(_ tasks: [String]) throws {
        let training = Set(trainTasks)
        let overlap = tasks.filter { training.contains($0) }
        guard overlap.isEmpty else { throw MAMLError.overlappingTasks(overlap) }
    }
}
