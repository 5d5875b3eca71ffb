import Foundation
import SensingGym

extension PolicyCheckpoint {
    /// Loads a checkpoint for a command, turning a missing or corrupt file into a one-line failure that names it.
    static func loadForCommand(_ path: String, purpose: String) throws -> PolicyCheckpoint {
        guard case let .feedForward(checkpoint) = try TrainedAgentCheckpoint.loadForCommand(path, purpose: purpose) else {
            throw CommandFailure("cannot \(purpose) \(path): it holds a recurrent (ppo-gru) agent; use --algo ppo-gru")
        }
        return checkpoint
    }
}

/// A checkpoint written by `sensing-gym train` or `meta-train`: a feed-forward (PPO, A2C, multi-task PPO), a
/// recurrent (ppo-gru, RL²) or a MAML-family (first-order MAML, Reptile) agent.
enum TrainedAgentCheckpoint {
    case feedForward(PolicyCheckpoint)
    case recurrent(RecurrentPolicyCheckpoint)
    case maml(MAMLCheckpoint)

    /// Reads the file once and picks the kind from its metadata; a missing, corrupt or foreign file is a one-line
    /// failure that names it.
    static func loadForCommand(_ path: String, purpose: String) throws -> TrainedAgentCheckpoint {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("cannot \(purpose) \(path): no such file")
        }
        do {
            let contents = try Checkpoint.load(from: path)
            if contents.metadata[PolicyCheckpoint.kindKey] == RecurrentPolicyCheckpoint.kind {
                return .recurrent(try RecurrentPolicyCheckpoint(contents: contents))
            }
            if contents.metadata[MAMLCheckpoint.kindKey] == MAMLCheckpoint.kind {
                return .maml(try MAMLCheckpoint(contents: contents))
            }
            return .feedForward(try PolicyCheckpoint(contents: contents))
        } catch {
            throw CommandFailure("cannot \(purpose) \(path): \(error)")
        }
    }

    var algorithm: String {
        switch self {
        case let .feedForward(c): return c.algorithm
        case let .recurrent(c): return c.algorithm
        case let .maml(c): return c.algorithm.rawValue
        }
    }

    var envID: String {
        switch self {
        case let .feedForward(c): return c.envID
        case let .recurrent(c): return c.envID
        case let .maml(c): return c.envID
        }
    }

    var scenario: String {
        switch self {
        case let .feedForward(c): return c.scenario
        case let .recurrent(c): return c.scenario
        case let .maml(c): return c.policy.scenario
        }
    }

    var globalStep: Int {
        switch self {
        case let .feedForward(c): return c.globalStep
        case let .recurrent(c): return c.globalStep
        case let .maml(c): return c.globalStep
        }
    }

    var observationSize: Int {
        switch self {
        case let .feedForward(c): return c.agent.observationSize
        case let .recurrent(c): return c.agent.observationSize
        case let .maml(c): return c.policy.agent.observationSize
        }
    }

    var actionSpace: SpaceDescription {
        switch self {
        case let .feedForward(c): return c.agent.actionSpace
        case let .recurrent(c): return c.agent.actionSpace
        case let .maml(c): return c.policy.agent.actionSpace
        }
    }

    /// The metadata a meta-training run stored, if any.
    var extra: [String: String] {
        switch self {
        case let .feedForward(c): return c.extra
        case let .recurrent(c): return c.extra
        case let .maml(c): return c.policy.extra
        }
    }

    /// Evaluates the agent on `episodes` episodes of `env`: deterministic actions, or sampled ones with
    /// `samplingSeed` (feed-forward agents; a MAML-family checkpoint is its un-adapted meta-policy here).
    func evaluate(
        env: inout AnyEnv<ProbeInfo>, episodes: Int, seed: UInt64, scenario: String, samplingSeed: UInt64? = nil,
        progress: @escaping (Int) -> Void
    ) throws -> EvaluationReport {
        switch self {
        case let .maml(m):
            // The un-adapted meta-policy is a feed-forward checkpoint (named fomaml or reptile).
            return try TrainedAgentCheckpoint.feedForward(m.policy).evaluate(
                env: &env, episodes: episodes, seed: seed, scenario: scenario, samplingSeed: samplingSeed,
                progress: progress)
        case let .feedForward(c):
            var policy = LearnedPolicy<AnyEnv<ProbeInfo>>(agent: c.agent, name: c.algorithm, samplingSeed: samplingSeed)
            return try PolicyEvaluator.evaluate(
                env: &env, policy: &policy, episodes: episodes, seed: seed, envID: c.envID, scenario: scenario,
                progress: progress)
        case let .recurrent(c):
            var policy = RecurrentLearnedPolicy<AnyEnv<ProbeInfo>>(agent: c.agent, name: c.algorithm)
            return try PolicyEvaluator.evaluate(
                env: &env, policy: &policy, episodes: episodes, seed: seed, envID: c.envID, scenario: scenario,
                progress: progress)
        }
    }
}
