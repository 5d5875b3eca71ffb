import ArgumentParser
import Dispatch
import Foundation
import SensingGym

/// `sensing-gym bench`: environment throughput, single env and vectorised, on this machine.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure environment steps per second (build with -c release for meaningful figures).",
        discussion: """
            Steps random actions (drawn ahead of time) through the allocation-free `step(_:into:)` path, resetting \
            when episodes end. With --compare-cartpole it also times Gymnasium's pure-Python CartPole-v1 in the \
            same run, when python3 and gymnasium are installed.
            """)

    @Option(help: "Environment ids, comma separated (default: all registered).")
    var env: String?

    @Option(help: "Built-in scenario name or YAML path.")
    var scenario: String = ScenarioLibrary.defaultName

    @Option(help: "Vector sizes to measure, comma separated (1 = a single env).")
    var numEnvs: String = "1,64"

    @Option(help: "Wall-clock seconds per measurement.")
    var seconds: Double = 2

    @Flag(inversion: .prefixedNo, help: "Also time Gymnasium's CartPole-v1 (pure Python) for comparison.")
    var compareCartpole = true

    @Flag(help: "Measure training instead: PPO env-steps/s (64-64 MLP, BeamSelection, 8 envs, CleanRL defaults), the update's GFLOP/s, and a GRU-64 policy update.")
    var train = false

    @Flag(help: "Run the RL² bandit benchmark instead: meta-train RL² on 5-armed, 100-pull Bernoulli bandits, then compare with Thompson sampling on held-out bandits (the RL² paper's §4.1).")
    var rl2Bandit = false

    @Option(help: "With --rl2-bandit: meta-training environment steps.")
    var trainSteps: Int = 1_000_000

    @Option(help: "With --rl2-bandit: arms per bandit.")
    var banditArms: Int = 5

    @Option(help: "With --rl2-bandit: pulls per episode.")
    var banditPulls: Int = 100

    @Option(help: "With --train: threads each PPO minibatch is split over.")
    var threads: Int = 2

    @Option(help: "With --train: matrix backend, openblas or simd (the Swift kernels), or both to compare (adds a table of single products).")
    var gemm: String = "openblas"

    @Option(help: "With --train: timed PPO iterations (1024 env steps each) per measurement (the GRU gets a third); 200 measures the steady state — 30 read 20–35 % low.")
    var iterations: Int = 200

    @OptionGroup var output: OutputOptions

    struct Result: Codable {
        var env: String
        var scenario: String
        var numEnvs: Int
        var stepsPerSecond: Double
        var stepsPerCPUSecond: Double
        enum CodingKeys: String, CodingKey {
            case env, scenario, numEnvs = "num_envs", stepsPerSecond = "steps_per_second"
            case stepsPerCPUSecond = "steps_per_cpu_second"
        }
    }

    func run() throws {
        if train { return try runTraining() }
        if rl2Bandit { return try runBandit() }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        try Bounds.check("--seconds", seconds, 0.001...3600)
        let sizes = try numEnvs.split(separator: ",").map { part -> Int in
            guard let n = Int(part), n > 0 else { throw ValidationError("--num-envs takes positive integers, got '\(part)'") }
            try Bounds.check("--num-envs", n, 1...4096)
            return n
        }
        let ids = env.map { $0.split(separator: ",").map(String.init) } ?? SensingGymRegistry.ids
        var results: [Result] = []
        for id in ids {
            guard SensingGymRegistry.ids.contains(id) else { throw ValidationError("unknown environment '\(id)'") }
            for n in sizes {
                let cpuStart = Self.processCPUSeconds()
                let wallStart = DispatchTime.now().uptimeNanoseconds
                let rate = try measure(id: id, numEnvs: n)
                let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
                let cpu = Self.processCPUSeconds() - cpuStart
                // Steps per CPU-second of this process: robust when other work shares the cores.
                let perCPU = cpu > 0 ? rate * wall / cpu : rate
                results.append(
                    Result(env: id, scenario: scenario, numEnvs: n, stepsPerSecond: rate, stepsPerCPUSecond: perCPU))
                if !output.json {
                    print(String(format: "%@  %@  num_envs=%d  %.0f steps/s (wall), %.0f steps per CPU-second",
                                 id, scenario, n, rate, perCPU))
                }
            }
        }
        let cartpole = compareCartpole ? CartPoleReference.stepsPerSecond(seconds: seconds) : nil
        if output.json {
            struct Report: Encodable {
                var results: [Result]
                var cartpolePythonStepsPerSecond: Double?
                enum CodingKeys: String, CodingKey {
                    case results, cartpolePythonStepsPerSecond = "cartpole_python_steps_per_second"
                }
            }
            print(try JSONText.encode(Report(results: results, cartpolePythonStepsPerSecond: cartpole)))
        } else if compareCartpole {
            if let cartpole, let single = results.first(where: { $0.numEnvs == 1 }) {
                print(String(format: "Gymnasium CartPole-v1 (pure Python): %.0f steps/s; %@ is %.1fx faster",
                             cartpole, single.env, single.stepsPerSecond / cartpole))
            } else {
                print("CartPole-v1 comparison skipped: python3 with gymnasium not found")
            }
        }
    }

    /// `--train`: PPO on BeamSelection with the 64-64 MLP, then the GRU-64 update, for each requested backend.
    func runTraining() throws {
        guard threads > 0, iterations > 0 else { throw ValidationError("--threads and --iterations must be positive") }
        let backends: [MatrixBackend]
        if gemm == "both" {
            backends = [.openBLAS, .simd]
        } else if let backend = MatrixBackend(rawValue: gemm) {
            backends = [backend]
        } else {
            throw ValidationError("--gemm takes openblas, simd or both, got '\(gemm)'")
        }
        let envID = env ?? BeamSelectionEnv.id
        let config = PPOConfiguration()
        var results: [TrainingBenchmark.Result] = []
        for backend in backends {
            Kernels.backend = backend
            let envs = try VectorEnv(count: config.numEnvs) { _ in try SensingGymRegistry.make(envID, scenario: scenario) }
            results.append(
                try TrainingBenchmark.ppo(
                    name: "PPO 64-64 MLP, \(envID) \(scenario), \(config.numEnvs) envs", envs: envs, configuration: config,
                    threads: threads, iterations: iterations))
            var gruConfig = config
            gruConfig.hiddenSizes = [64]
            let gruEnvs = try VectorEnv(count: config.numEnvs) { _ in try SensingGymRegistry.make(envID, scenario: scenario) }
            results.append(
                try TrainingBenchmark.recurrentPPO(
                    name: "recurrent PPO, GRU-64, \(envID) \(scenario), \(config.numEnvs) envs", envs: gruEnvs,
                    configuration: gruConfig, iterations: max(1, iterations / 3)))
        }
        Kernels.backend = .openBLAS
        let products = backends.count > 1 ? TrainingBenchmark.products(backends: backends) : []
        if output.json {
            struct Report: Encodable {
                var training: [TrainingBenchmark.Result]
                var products: [TrainingBenchmark.ProductResult]
            }
            print(try JSONText.encode(Report(training: results, products: products)))
            return
        }
        if !products.isEmpty {
            print("Matrix products, one thread (sgemm shape m×n×k; median of 10 timings):")
            for r in products {
                let name = r.product.padding(toLength: 15, withPad: " ", startingAt: 0)
                let backend = r.backend.padding(toLength: 8, withPad: " ", startingAt: 0)
                print(String(format: "  %@ %3d×%3d×%3d  %@ %8.2f µs  %6.1f GFLOP/s", name, r.m, r.n, r.k, backend,
                             r.microseconds, r.gflops))
            }
        }
        for r in results {
            print(String(
                format: "%@  [%@, %d thread%@]: %.0f env-steps/s (%.0f per CPU-second), update %.0f%% of the time at %.1f GFLOP/s",
                r.name, r.backend, r.threads, r.threads == 1 ? "" : "s", r.envStepsPerSecond, r.envStepsPerCPUSecond,
                100 * r.updateFraction, r.updateGFLOPs))
        }
    }

    /// CPU time this process has used (all threads), seconds.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Steps `numEnvs` copies of `id` with random actions for `seconds`; returns env-steps per second.
    func measure(id: String, numEnvs: Int) throws -> Double {
        let prototype = try SensingGymRegistry.make(id, scenario: scenario)
        var rng = Xoshiro256StarStar(seed: 7)
        let actions = (0..<4096).map { _ in prototype.actionSpace.sample(using: &rng) }
        if numEnvs == 1 {
            var env = prototype
            var observation = [Float](repeating: 0, count: env.observationSpace.size)
            return try observation.withUnsafeMutableBufferPointer { buffer in
                _ = env.reset(seed: 1, options: .none, into: buffer)
                var steps = 0
                let start = DispatchTime.now().uptimeNanoseconds
                let deadline = start + UInt64(seconds * 1e9)
                var now = start
                while now < deadline {
                    for _ in 0..<1024 {
                        let t = try env.step(actions[steps & 4095], into: buffer)
                        steps += 1
                        if t.terminated || t.truncated { _ = env.reset(seed: nil, options: .none, into: buffer) }
                    }
                    now = DispatchTime.now().uptimeNanoseconds
                }
                return Double(steps) / (Double(now - start) / 1e9)
            }
        }
        var vector = try VectorEnv(count: numEnvs) { _ in try SensingGymRegistry.make(id, scenario: scenario) }
        vector.reset(seed: 1)
        var batch = [FlatAction](repeating: actions[0], count: numEnvs)
        var steps = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        var now = start
        while now < deadline {
            for _ in 0..<16 {
                for i in 0..<numEnvs { batch[i] = actions[(steps + i) & 4095] }
                try vector.step(batch)
                steps += numEnvs
            }
            now = DispatchTime.now().uptimeNanoseconds
        }
        return Double(steps) / (Double(now - start) / 1e9)
    }
}

/// Times Gymnasium's CartPole-v1 in a Python subprocess, the reference the design's speed target names.
enum CartPoleReference {
    static func stepsPerSecond(seconds: Double) -> Double? {
        let script = """
            import time, gymnasium as gym
            env = gym.make("CartPole-v1").unwrapped
            env.reset(seed=0); n = 0; a = env.action_space; t0 = time.perf_counter()
            while time.perf_counter() - t0 < \(seconds):
                for _ in range(1000):
                    _, _, term, trunc, _ = env.step(n & 1); n += 1
                    if term or trunc: env.reset()
            print(n / (time.perf_counter() - t0))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
