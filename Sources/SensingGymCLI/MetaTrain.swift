import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym meta-train`: meta-train RL² (or the multi-task PPO baseline) on a task family's training tasks.
struct MetaTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta-train",
        abstract: "Meta-train on a task family's training tasks: rl2 (a GRU policy adapting in its hidden state), fomaml or reptile (an initialisation adapted by policy-gradient steps), or ppo (one policy for all tasks, no adaptation).",
        discussion: """
            rl2: trials of --episodes-per-trial episodes of one training task; the GRU policy sees its previous \
            action, reward and done flag, keeps its hidden state across a trial's episodes, and is trained with \
            recurrent PPO (returns run across the episodes of a trial). ppo: CleanRL's PPO with the 64-64 MLP on \
            episodes of training tasks drawn at random — the non-adapting baseline. fomaml / reptile: first-order MAML \
            or Reptile on the PPO policy (64-64 MLP): per meta-iteration --meta-batch-size tasks, each adapted by \
            --inner-updates policy-gradient steps on --inner-episodes episodes (step --inner-lr), then the outer \
            step (--outer-lr) — Reptile towards the adapted weights, FOMAML along the query gradient at them \
            (--query-episodes fresh episodes).
            Tasks are the family's train split, indices 0 ..< --train-tasks (`sensing-gym scenario sample --family F \
            --split train --seed i` prints task i); the checkpoint records them, and meta-test refuses to score on them.
            Writes <out>/meta-train.csv (CleanRL metric names; charts/episodic_return is a trial's return), \
            <out>/trial-episodes.csv (rl2: return, probes and reached rate by position in the trial) and \
            <out>/agent.sgnn (atomic, every --checkpoint-every iterations and at the end); --resume continues one.
            Example: sensing-gym meta-train --algo rl2 --family beam-rooms --total-steps 5000000 --out runs/meta-rl2
            """)

    @Option(help: "Algorithm: rl2, or ppo (the multi-task baseline without adaptation).")
    var algo: String = "rl2"

    @Option(help: "Task family (`sensing-gym run --help` lists them): \(TaskFamily.names.joined(separator: ", ")).")
    var family: String = TaskFamily.beamRooms.name

    @Option(help: "The family's env id; optional, checked against the family's.")
    var env: String?

    @Option(help: "Training tasks: the family's train split, indices 0 ..< this.")
    var trainTasks: Int = 200

    @Option(help: "Total environment steps over all envs.")
    var totalSteps: Int = 2_000_000

    @Option(help: "rl2: episodes of one task per trial (the hidden state carries across them).")
    var episodesPerTrial: Int = 4

    @Option(help: "Parallel trials (rl2: a multiple of 4, the minibatch count).")
    var numEnvs: Int = 8

    @Option(help: "Steps per env per rollout.")
    var numSteps: Int = 128

    @Option(help: "Initial learning rate, annealed linearly to 0 (default 1e-3 for rl2, 2.5e-4 for ppo).")
    var learningRate: Float?

    @Option(help: "Entropy bonus weight.")
    var entCoef: Double = 0.01

    @Option(help: "Seed of the weights, the task draws and the envs.")
    var seed: UInt64 = 1

    @Option(help: "Output directory.")
    var out: String = "runs/meta"

    @Option(help: "Write a checkpoint every this many iterations (and always at the end).")
    var checkpointEvery: Int = 25

    @Option(help: "Resume from this checkpoint (its configuration and tasks are kept; --total-steps may extend the run).")
    var resume: String?

    @Option(help: "fomaml/reptile: tasks per meta-iteration.")
    var metaBatchSize: Int = 8

    @Option(help: "fomaml/reptile: inner policy-gradient updates per task (k).")
    var innerUpdates: Int = 2

    @Option(help: "fomaml/reptile: complete episodes per inner update.")
    var innerEpisodes: Int = 5

    @Option(help: "fomaml: fresh episodes under the adapted policy for the query gradient.")
    var queryEpisodes: Int = 5

    @Option(help: "fomaml/reptile: the inner SGD step α.")
    var innerLr: Float = 0.5

    @Option(help: "fomaml/reptile: the outer step (Reptile's ε, FOMAML's β).")
    var outerLr: Float = 0.5

    static let algorithms = ["rl2", "ppo", "fomaml", "reptile"]

    func validate() throws {
        guard Self.algorithms.contains(algo) else {
            throw ValidationError("--algo must be one of \(Self.algorithms.joined(separator: ", ")), got '\(algo)'")
        }
        try Bounds.check("--train-tasks", trainTasks, 1...100_000)
        try Bounds.check("--total-steps", totalSteps, 1...1_000_000_000_000)
        try Bounds.check("--episodes-per-trial", episodesPerTrial, 1...1000)
        try Bounds.check("--num-envs", numEnvs, 1...4096)
        try Bounds.check("--num-steps", numSteps, 1...100_000)
        try Bounds.check("--checkpoint-every", checkpointEvery, 1...1_000_000_000)
        if let learningRate { try Bounds.check("--learning-rate", learningRate, 1e-9...10) }
        try Bounds.check("--ent-coef", entCoef, 0...100)
        if algo == "rl2", resume == nil, numEnvs % 4 != 0 {
            throw ValidationError("rl2 splits minibatches by trial: --num-envs must be a multiple of 4, got \(numEnvs)")
        }
    }

    func run() throws {
        let loaded = try resume.map { try TrainedAgentCheckpoint.loadForCommand($0, purpose: "resume from") }
        if case let .maml(m)? = loaded { return try runMAML(resume: m) }
        if loaded == nil, let algorithm = MAMLAlgorithm(rawValue: algo) { return try runMAML(algorithm: algorithm) }
        var config: PPOConfiguration
        var tasks: MetaTrainingTasks
        var algorithm = algo
        var trialLength = episodesPerTrial
        switch loaded {
        case let .recurrent(c)?:
            config = c.configuration
            algorithm = c.algorithm
            trialLength = Int(c.extra["meta_episodes_per_trial"] ?? "") ?? episodesPerTrial
            tasks = try Self.trainingTasks(c.extra)
        case let .feedForward(c)?:
            config = c.configuration
            algorithm = c.algorithm
            tasks = try Self.trainingTasks(c.extra)
        case .maml?:
            return
        case nil:
            config = makeConfiguration()
            let taskFamily = try TaskFamily.named(family)
            tasks = MetaTrainingTasks(family: taskFamily.name, tasks: taskFamily.taskIDs(split: .train, count: trainTasks))
        }
        config.totalTimesteps = totalSteps
        let taskFamily = try TaskFamily.named(tasks.family)
        if let env, env != taskFamily.envID {
            throw ValidationError("family \(taskFamily.name) is an \(taskFamily.envID) family, not \(env)")
        }
        let prototypes = try Self.environments(for: tasks.tasks, of: taskFamily)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let makeTask: (UInt64) -> AnyEnv<ProbeInfo> = { prototypes[Int($0 % UInt64(prototypes.count))] }
        var extra = tasks.metadata
        if algorithm == "ppo" { algorithm = MetaTrainingRun.multiTaskPPO }
        let run = MetaTrainingRun(directory: out, algorithm: algorithm, family: taskFamily, checkpointEvery: checkpointEvery)
        if algorithm == RL2.name {
            extra["meta_episodes_per_trial"] = String(trialLength)
            let learner = try RL2.learner(configuration: config, episodesPerTrial: trialLength, makeTask: makeTask)
            if case let .recurrent(c)? = loaded {
                do { try learner.restore(from: c) } catch { throw CommandFailure("cannot resume: \(error)") }
            }
            try run.train(learner, extra: extra)
        } else {
            let trials = TrialBatch(count: config.numEnvs, episodesPerTrial: 1, appendsPreviousStep: false, makeTask: makeTask)
            let learner = try PPO(configuration: config, envs: trials)
            if case let .feedForward(c)? = loaded {
                do { try learner.session.restore(from: c) } catch { throw CommandFailure("cannot resume: \(error)") }
            }
            try run.train(learner, extra: extra)
        }
    }

    private func makeConfiguration() -> PPOConfiguration {
        var config = PPOConfiguration()
        config.seed = seed
        config.numEnvs = numEnvs
        config.numSteps = numSteps
        config.entCoef = entCoef
        if algo == RL2.name {
            config.hiddenSizes = [64]
            config.learningRate = learningRate ?? 1e-3
        } else if let learningRate {
            config.learningRate = learningRate
        }
        return config
    }

    /// The training tasks a checkpoint recorded.
    static func trainingTasks(_ extra: [String: String]) throws -> MetaTrainingTasks {
        guard let tasks = try MetaTrainingTasks(metadata: extra) else { throw CommandFailure(MetaTestError.notMetaTrained.description) }
        return tasks
    }

    /// Makes the env of a task named by its ``TaskID`` text (the MAML-family learner's task closure).
    static func taskEnvironment(_ family: TaskFamily) -> (String) throws -> AnyEnv<ProbeInfo> {
        { text in
            guard let id = TaskID(text) else { throw CommandFailure("'\(text)' is not a task id (family/split/index)") }
            return try family.makeEnv(task: family.task(id))
        }
    }

    /// One env per task, made (and validated) up front; trials copy them (copy on write).
    static func environments(for ids: [TaskID], of family: TaskFamily) throws -> [AnyEnv<ProbeInfo>] {
        var progress = ProgressReporter(label: "building \(ids.count) \(family.name) tasks", total: ids.count)
        return try ids.enumerated().map { k, id in
            defer { progress.update(k + 1) }
            do {
                return try family.makeEnv(task: family.task(id))
            } catch {
                throw CommandFailure("cannot make task \(id): \(error)")
            }
        }
    }
}

/// The output side of one `meta-train` invocation: logs, progress bar, checkpoints, summary.
private struct MetaTrainingRun {
    /// The multi-task PPO's name in checkpoints and tables.
    static let multiTaskPPO = "ppo-multitask"
    let directory: String
    let algorithm: String
    let family: TaskFamily
    let checkpointEvery: Int

    var checkpointPath: String { directory + "/agent.sgnn" }

    /// Meta-trains RL², logging the trial episodes by their position in the trial.
    func train(_ learner: RecurrentPPO<TrialBatch<ProbeInfo>>, extra: [String: String]) throws {
        let trialLog = try TrialEpisodeLog(path: directory + "/trial-episodes.csv")
        learner.restartClock()
        try drive(
            total: learner.configuration.numIterations * learner.configuration.batchSize,
            iterations: { body in
                try learner.train { metrics in
                    try trialLog.append(step: metrics.globalStep, episodes: learner.envs.drainFinishedEpisodes())
                    try body(metrics)
                }
            },
            save: {
                try learner.checkpoint(envID: family.envID, scenario: family.name, algorithm: RL2.name, extra: extra)
                    .save(to: checkpointPath)
            })
        try trialLog.close()
    }

    /// Trains the multi-task PPO baseline.
    func train(_ learner: PPO<TrialBatch<ProbeInfo>>, extra: [String: String]) throws {
        let session = learner.session
        session.restartClock()
        try drive(
            total: session.configuration.numIterations * session.configuration.batchSize,
            iterations: { try learner.train(afterIteration: $0) },
            save: {
                try PolicyCheckpoint(
                    agent: session.agent, optimizer: session.optimizer, configuration: session.configuration,
                    algorithm: Self.multiTaskPPO, envID: family.envID, scenario: family.name, globalStep: session.globalStep,
                    iteration: session.iteration, extra: extra
                ).save(to: checkpointPath)
            })
    }

    private func drive(
        total: Int, iterations: ((TrainingMetrics) throws -> Void) throws -> Void, save: @escaping () throws -> Void
    ) throws {
        let loop = TrainingLoop(
            label: "\(algorithm) on \(family.name)", logPath: directory + "/meta-train.csv", checkpointEvery: checkpointEvery)
        let (last, mean) = try loop.run(total: total, iterations: iterations, save: save)
        print(String(
            format: "%@ on %@ (%@): %d steps, %.0f steps/s; trial return (last 10 iterations) %.2f",
            algorithm, family.name, family.envID, last?.globalStep ?? 0, last?.stepsPerSecond ?? 0, mean))
        print("log: \(directory)/meta-train.csv  checkpoint: \(checkpointPath)")
        print("meta-test: sensing-gym meta-test --checkpoint \(checkpointPath) --tasks test --adapt-episodes 0,1,2,5,10")
    }
}

/// `trial-episodes.csv`: per iteration and position in the trial, the mean return, probes and reached rate of the
/// trial episodes that ended in it — how much RL² gains from one episode of a task to the next.
private final class TrialEpisodeLog {
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CommandFailure("cannot create \(path)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data("global_step,episode_in_trial,episodes,episodic_return,probes_used,target_reached_rate\n".utf8))
    }

    func append(step: Int, episodes: [TrialBatch<ProbeInfo>.FinishedEpisode]) throws {
        let positions = Dictionary(grouping: episodes, by: \.indexInTrial)
        var text = ""
        for position in positions.keys.sorted() {
            let group = positions[position] ?? []
            let n = Double(group.count)
            text += String(
                format: "%d,%d,%d,%.6g,%.6g,%.6g\n", step, position, group.count,
                group.reduce(0) { $0 + $1.episodicReturn } / n, group.reduce(0) { $0 + Double($1.probesUsed) } / n,
                Double(group.filter(\.terminated).count) / n)
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    func close() throws { try handle.close() }
}
