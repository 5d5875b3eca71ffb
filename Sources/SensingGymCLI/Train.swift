import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym train`: train a PPO or A2C agent on a vector of environments, with a CSV log and checkpoints.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a PPO, A2C or recurrent PPO agent; writes train.csv (CleanRL metric names) and agent.sgnn checkpoints.",
        discussion: """
            Hyperparameters default to CleanRL's ppo.py (PPO) or SB3's A2C (A2C); the checkpoint stores them all.
            ppo-gru is recurrent PPO (CleanRL's ppo_atari_lstm.py with a GRU): a tanh encoder, a GRU of width
            --hidden (one number, default 64) carried across each episode, truncated BPTT over whole rollouts, and
            minibatches of whole env sequences (--num-envs must be a multiple of 4, the minibatch count).
            Checkpoints are written atomically every --checkpoint-every iterations and at the end; --resume continues
            from one (weights, Adam state, observation statistics, step count; the envs restart fresh episodes).
            Example: sensing-gym train --env BeamSelection-v1 --scenario wrf-office-16x15 --algo ppo \
            --total-steps 200000 --num-envs 8 --seed 1 --out runs/beam-ppo
            """)

    @OptionGroup var envOptions: EnvOptions

    @Option(help: "Algorithm: ppo, a2c or ppo-gru (recurrent PPO).")
    var algo: String = "ppo"

    @Option(help: "Total environment steps over all envs (CleanRL's total_timesteps).")
    var totalSteps: Int = 200_000

    @Option(help: "Parallel environments.")
    var numEnvs: Int = 8

    @Option(help: "Steps per env per rollout (default: 128 for ppo, 5 for a2c).")
    var numSteps: Int?

    @Option(help: "Initial learning rate (default: 2.5e-4 for ppo, 7e-4 for a2c; annealed linearly to 0).")
    var learningRate: Float?

    @Option(help: "Entropy bonus weight (default: 0.01 for ppo, 0 for a2c).")
    var entCoef: Double?

    @Option(help: "Hidden widths of actor and critic, comma separated (ppo-gru: the GRU width, one number; default 64,64 or 64).")
    var hidden: String?

    @Option(help: "Write a checkpoint every this many iterations (and always at the end).")
    var checkpointEvery: Int = 25

    @Option(help: "Output directory for train.csv and agent.sgnn (default: runs/<env>__<algo>__<seed>).")
    var out: String?

    @Option(help: "Threads each PPO minibatch is split over; the same seed and thread count give the same weights bit for bit.")
    var threads: Int = 2

    @Option(help: "Resume from this checkpoint (its configuration is kept; --total-steps may extend the run).")
    var resume: String?

    func validate() throws {
        guard Self.algorithms.contains(algo) else {
            throw ValidationError("--algo must be one of \(Self.algorithms.joined(separator: ", ")), got '\(algo)'")
        }
        guard totalSteps > 0 else { throw ValidationError("--total-steps must be positive, got \(totalSteps)") }
        try Bounds.check("--total-steps", totalSteps, 1...1_000_000_000_000)
        guard numEnvs > 0 else { throw ValidationError("--num-envs must be positive, got \(numEnvs)") }
        try Bounds.check("--threads", threads, 1...64)
        try Bounds.check("--num-envs", numEnvs, 1...4096)
        if let numSteps { try Bounds.check("--num-steps", numSteps, 1...1_000_000) }
        if numEnvs * (numSteps ?? 128) > 1 << 22 {
            throw ValidationError("--num-envs × --num-steps must be at most \(1 << 22) (the rollout buffer), got \(numEnvs * (numSteps ?? 128))")
        }
        if let learningRate { try Bounds.check("--learning-rate", learningRate, 1e-9...10) }
        if let entCoef { try Bounds.check("--ent-coef", entCoef, 0...100) }
        guard checkpointEvery > 0 else { throw ValidationError("--checkpoint-every must be positive") }
        try Bounds.check("--checkpoint-every", checkpointEvery, 1...1_000_000_000)
        guard let sizes = hiddenSizes else {
            throw ValidationError("--hidden must be positive integers like 64,64, got '\(hidden ?? "")'")
        }
        try Bounds.check("--hidden (layers)", sizes.count, 1...(algo == "ppo-gru" ? 1 : 16))
        for size in sizes { try Bounds.check("--hidden (width)", size, 1...4096) }
        if algo == "ppo-gru", resume == nil, numEnvs % 4 != 0 {
            throw ValidationError("ppo-gru splits minibatches by env: --num-envs must be a multiple of 4, got \(numEnvs)")
        }
    }

    /// The algorithms `--algo` takes.
    static let algorithms = ["ppo", "a2c", "ppo-gru"]

    private var hiddenSizes: [Int]? {
        let text = hidden ?? (algo == "ppo-gru" ? "64" : "64,64")
        let sizes = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return sizes.compactMap { $0 }
    }

    func run() throws {
        var checkpoint: TrainedAgentCheckpoint? = nil
        if let resume { checkpoint = try TrainedAgentCheckpoint.loadForCommand(resume, purpose: "resume from") }
        let algorithm = checkpoint?.algorithm ?? algo
        let envID = checkpoint?.envID ?? envOptions.env
        let scenarioName = checkpoint?.scenario ?? envOptions.scenario
        var config: PPOConfiguration
        switch checkpoint {
        case let .feedForward(c)?: config = c.configuration
        case let .recurrent(c)?: config = c.configuration
        case .maml?: throw CommandFailure("\(resume ?? "") is a meta-training checkpoint: continue it with meta-train --resume")
        case nil: config = makeConfiguration()
        }
        config.totalTimesteps = totalSteps
        guard SensingGymRegistry.ids.contains(envID) else {
            throw ValidationError("unknown environment '\(envID)'; known: \(SensingGymRegistry.ids.joined(separator: ", "))")
        }
        let envs: VectorEnv<AnyEnv<ProbeInfo>>
        do {
            envs = try VectorEnv(count: config.numEnvs) { _ in try SensingGymRegistry.make(envID, scenario: scenarioName) }
        } catch {
            throw ValidationError("cannot make \(envID) with scenario \(scenarioName): \(error)")
        }
        let directory = out ?? "runs/\(envID)__\(algorithm)__\(config.seed)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let run = TrainingRun(
            directory: directory, algorithm: algorithm, envID: envID, scenario: scenarioName,
            checkpointEvery: checkpointEvery)
        switch (algorithm, checkpoint) {
        case (RecurrentPPO<VectorEnv<AnyEnv<ProbeInfo>>>.name, _):
            var resumeFrom: RecurrentPolicyCheckpoint? = nil
            if case let .recurrent(c)? = checkpoint { resumeFrom = c }
            try run.train(RecurrentPPO(configuration: config, envs: envs), resume: resumeFrom)
        case let (_, .feedForward(c)?):
            if algorithm == A2C<VectorEnv<AnyEnv<ProbeInfo>>>.name {
                try run.train(A2C(configuration: config, envs: envs), threads: threads, resume: c)
            } else {
                try run.train(PPO(configuration: config, envs: envs), threads: threads, resume: c)
            }
        default:
            if algorithm == A2C<VectorEnv<AnyEnv<ProbeInfo>>>.name {
                try run.train(A2C(configuration: config, envs: envs), threads: threads, resume: nil)
            } else {
                try run.train(PPO(configuration: config, envs: envs), threads: threads, resume: nil)
            }
        }
    }

    private func makeConfiguration() -> PPOConfiguration {
        var config = algo == "a2c" ? PPOConfiguration.a2c : PPOConfiguration()
        config.seed = envOptions.seed
        config.numEnvs = numEnvs
        if let numSteps { config.numSteps = numSteps }
        if let learningRate { config.learningRate = learningRate }
        if let entCoef { config.entCoef = entCoef }
        if let hiddenSizes { config.hiddenSizes = hiddenSizes }
        return config
    }
}

/// The output side of one `train` invocation: log, progress bar, checkpoints, summary.
private struct TrainingRun {
    let directory: String
    let algorithm: String
    let envID: String
    let scenario: String
    let checkpointEvery: Int

    var checkpointPath: String { directory + "/agent.sgnn" }

    /// Trains a feed-forward learner (PPO, A2C), resumed from `resume` if given.
    func train<A: ActorCriticAlgorithm>(_ learner: A, threads: Int, resume: PolicyCheckpoint?) throws {
        let session = learner.session
        session.threads = threads
        if let resume {
            do { try session.restore(from: resume) } catch { throw CommandFailure("cannot resume: \(error)") }
        }
        session.restartClock()
        try drive(
            total: session.configuration.numIterations * session.configuration.batchSize,
            iterations: { try learner.train(afterIteration: $0) },
            save: { try session.checkpoint(algorithm: algorithm, envID: envID, scenario: scenario).save(to: checkpointPath) },
            counters: { (session.globalStep, session.iteration) })
    }

    /// Trains recurrent PPO, resumed from `resume` if given.
    func train<Envs>(_ learner: RecurrentPPO<Envs>, resume: RecurrentPolicyCheckpoint?) throws {
        if let resume {
            do { try learner.restore(from: resume) } catch { throw CommandFailure("cannot resume: \(error)") }
        }
        learner.restartClock()
        try drive(
            total: learner.configuration.numIterations * learner.configuration.batchSize,
            iterations: { try learner.train(afterIteration: $0) },
            save: { try learner.checkpoint(envID: envID, scenario: scenario).save(to: checkpointPath) },
            counters: { (learner.globalStep, learner.iteration) })
    }

    /// Runs the iterations with the log, progress bar and checkpoints, then prints the summary.
    private func drive(
        total: Int, iterations: ((TrainingMetrics) throws -> Void) throws -> Void, save: @escaping () throws -> Void,
        counters: () -> (steps: Int, iterations: Int)
    ) throws {
        let loop = TrainingLoop(label: algorithm, logPath: directory + "/train.csv", checkpointEvery: checkpointEvery)
        let (last, meanReturn) = try loop.run(total: total, iterations: iterations, save: save)
        let (steps, done) = counters()
        print(String(
            format: "%@ on %@ (%@): %d steps in %d iterations, %.0f steps/s; episodic return (last 10 iterations) %.2f",
            algorithm, envID, scenario, steps, done, last?.stepsPerSecond ?? 0, meanReturn))
        print("log: \(directory)/train.csv  checkpoint: \(checkpointPath)")
        print("evaluate: sensing-gym evaluate --checkpoint \(checkpointPath) --episodes 500 --baselines")
    }
}
