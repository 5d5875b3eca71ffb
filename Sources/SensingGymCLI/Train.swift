import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym train`: train a PPO or A2C agent on a vector of environments, with a CSV log and checkpoints.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a PPO or A2C agent; writes train.csv (CleanRL metric names) and agent.sgnn checkpoints.",
        discussion: """
            Hyperparameters default to CleanRL's ppo.py (PPO) or SB3's A2C (A2C); the checkpoint stores them all.
            Checkpoints are written atomically every --checkpoint-every iterations and at the end; --resume continues
            from one (weights, Adam state, observation statistics, step count; the envs restart fresh episodes).
            Example: sensing-gym train --env BeamSelection-v1 --scenario wrf-office-16x15 --algo ppo \
            --total-steps 200000 --num-envs 8 --seed 1 --out runs/beam-ppo
            """)

    @OptionGroup var envOptions: EnvOptions

    @Option(help: "Algorithm: ppo or a2c.")
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

    @Option(help: "Hidden widths of actor and critic, comma separated.")
    var hidden: String = "64,64"

    @Option(help: "Write a checkpoint every this many iterations (and always at the end).")
    var checkpointEvery: Int = 25

    @Option(help: "Output directory for train.csv and agent.sgnn (default: runs/<env>__<algo>__<seed>).")
    var out: String?

    @Option(help: "Threads each PPO minibatch is split over; the same seed and thread count give the same weights bit for bit.")
    var threads: Int = 2

    @Option(help: "Resume from this checkpoint (its configuration is kept; --total-steps may extend the run).")
    var resume: String?

    func validate() throws {
        guard ["ppo", "a2c"].contains(algo) else { throw ValidationError("--algo must be ppo or a2c, got '\(algo)'") }
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
        guard let sizes = hiddenSizes else { throw ValidationError("--hidden must be positive integers like 64,64, got '\(hidden)'") }
        try Bounds.check("--hidden (layers)", sizes.count, 1...16)
        for size in sizes { try Bounds.check("--hidden (width)", size, 1...4096) }
    }

    private var hiddenSizes: [Int]? {
        let sizes = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return sizes.compactMap { $0 }
    }

    func run() throws {
        var checkpoint: PolicyCheckpoint? = nil
        if let resume { checkpoint = try PolicyCheckpoint.loadForCommand(resume, purpose: "resume from") }
        let algorithm = checkpoint?.algorithm ?? algo
        let envID = checkpoint?.envID ?? envOptions.env
        let scenarioName = checkpoint?.scenario ?? envOptions.scenario
        var config = checkpoint?.configuration ?? makeConfiguration()
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
            checkpointEvery: checkpointEvery, threads: threads, resume: checkpoint)
        switch algorithm {
        case A2C<VectorEnv<AnyEnv<ProbeInfo>>>.name: try run.train(A2C(configuration: config, envs: envs))
        default: try run.train(PPO(configuration: config, envs: envs))
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
    let threads: Int
    let resume: PolicyCheckpoint?

    var checkpointPath: String { directory + "/agent.sgnn" }

    func train<A: ActorCriticAlgorithm>(_ learner: A) throws {
        let session = learner.session
        session.threads = threads
        if let resume {
            do {
                try session.restore(from: resume)
            } catch {
                throw CommandFailure("cannot resume: \(error)")
            }
        }
        let config = session.configuration
        let log = try TrainingLog(path: directory + "/train.csv")
        let total = config.numIterations * config.batchSize
        var progress = ProgressReporter(label: algorithm, total: total)
        var recentReturns: [Double] = []
        var last: TrainingMetrics?
        session.restartClock()
        func save() throws {
            try session.checkpoint(algorithm: algorithm, envID: envID, scenario: scenario).save(to: checkpointPath)
        }
        try learner.train { metrics in
            try log.append(metrics)
            progress.update(min(metrics.globalStep, total))
            if let value = metrics.episodicReturn { recentReturns = Array((recentReturns + [value]).suffix(10)) }
            last = metrics
            if metrics.iteration % checkpointEvery == 0 { try save() }
        }
        try save()
        try log.close()
        let meanReturn = recentReturns.isEmpty ? Double.nan : recentReturns.reduce(0, +) / Double(recentReturns.count)
        print(String(
            format: "%@ on %@ (%@): %d steps in %d iterations, %.0f steps/s; episodic return (last 10 iterations) %.2f",
            algorithm, envID, scenario, session.globalStep, session.iteration, last?.stepsPerSecond ?? 0, meanReturn))
        print("log: \(directory)/train.csv  checkpoint: \(checkpointPath)")
        print("evaluate: sensing-gym evaluate --checkpoint \(checkpointPath) --episodes 500 --baselines")
    }
}
