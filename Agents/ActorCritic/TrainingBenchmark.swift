// ActorCritic: training-throughput benchmarks — PPO with the 64-64 MLP and recurrent PPO with a GRU-64, on a real env.
import Dispatch
import GymCore
import NeuralNet

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures how fast the learners train: env-steps per second of whole PPO iterations (rollout + update) and the
/// GFLOP/s of the update phase's matrix products.
///
/// FLOPs count the matrix products only (2·in·out per row and layer for forward, for `∂W`, and for `∂x` where it
/// is computed — not for a network's first layer); activations, the loss and Adam are not counted.
///
/// ```swift
/// let result = try TrainingBenchmark.ppo(envs: envs, configuration: PPOConfiguration(), threads: 2, iterations: 20)
/// print(result.envStepsPerSecond, result.updateGFLOPs)
/// ```
public enum TrainingBenchmark {
    /// The figures of one benchmark.
    public struct Result: Sendable, Codable {
        /// What was measured.
        public var name: String
        /// Threads the update was split over.
        public var threads: Int
        /// The matrix backend.
        public var backend: String
        /// Env steps (rollout) per wall-clock second of whole iterations.
        public var envStepsPerSecond: Double
        /// Env steps per CPU-second of this process (robust when other work shares the cores).
        public var envStepsPerCPUSecond: Double
        /// The share of the wall-clock time spent in the update phase.
        public var updateFraction: Double
        /// Matrix-product GFLOP per wall-clock second of the update phase.
        public var updateGFLOPs: Double
        /// Iterations timed (after one untimed warm-up iteration).
        public var iterations: Int
        enum CodingKeys: String, CodingKey {
            case name, threads, backend, iterations
            case envStepsPerSecond = "env_steps_per_second", envStepsPerCPUSecond = "env_steps_per_cpu_second"
            case updateFraction = "update_fraction", updateGFLOPs = "update_gflops"
        }
    }

    /// Matrix-product FLOPs per row of one forward + backward pass through an MLP of the given widths.
    public static func mlpTrainingFLOPs(sizes: [Int]) -> Double {
        var flops = 0.0
        for l in 0 ..< sizes.count - 1 {
            let product = 2 * Double(sizes[l] * sizes[l + 1])
            flops += product * (l == 0 ? 2 : 3)
        }
        return flops
    }

    /// Times `iterations` PPO iterations (after one warm-up) on `envs` with the agent's MLPs.
    /// - Parameters:
    ///   - name: The label of the result.
    ///   - envs: The envs, count equal to the configuration's `numEnvs`.
    ///   - configuration: The hyperparameters (CleanRL's defaults for the figures).
    ///   - threads: The session's ``TrainingSession/threads``.
    ///   - iterations: Timed iterations.
    /// - Throws: ``ActorCriticError`` or ``EnvError``.
    public static func ppo<Envs: EnvBatch>(
        name: String, envs: Envs, configuration: PPOConfiguration, threads: Int, iterations: Int
    ) throws -> Result where Envs.Info: EpisodeOutcome {
        var config = configuration
        config.totalTimesteps = (iterations + 1) * config.batchSize
        let ppo = try PPO(configuration: config, envs: envs)
        ppo.session.threads = threads
        _ = try ppo.iterate()
        let agent = ppo.session.agent
        let rowFLOPs = mlpTrainingFLOPs(sizes: agent.actor.sizes) + mlpTrainingFLOPs(sizes: agent.critic.sizes)
        var updateSeconds = 0.0, updateFLOPs = 0.0
        let cpuStart = processCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0 ..< iterations {
            _ = try ppo.iterate()
            updateSeconds += ppo.session.lastPhases.updateSeconds
            updateFLOPs += Double(ppo.session.lastPhases.updateRows) * rowFLOPs
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = processCPUSeconds() - cpuStart
        let steps = Double(iterations * config.batchSize)
        return Result(
            name: name, threads: threads, backend: Kernels.backend.rawValue, envStepsPerSecond: steps / wall,
            envStepsPerCPUSecond: steps / max(cpu, 1e-9), updateFraction: updateSeconds / wall,
            updateGFLOPs: updateFLOPs / updateSeconds / 1e9, iterations: iterations)
    }

    /// Times `iterations` recurrent PPO iterations (after one warm-up) on `envs` with the GRU agent
    /// (``RecurrentPPO``: rollout with the hidden state carried, then BPTT over whole env sequences).
    ///
    /// FLOPs per replayed row: the encoder's forward and `∂W`, the GRU's two products (input and hidden) forward,
    /// `∂W` and `∂x`, and the two heads' forward, `∂W` and `∂x`.
    /// - Parameters:
    ///   - name: The label of the result.
    ///   - envs: The envs, count equal to the configuration's `numEnvs`.
    ///   - configuration: The hyperparameters; `hiddenSizes[0]` is the GRU width.
    ///   - iterations: Timed iterations.
    /// - Throws: ``ActorCriticError`` or ``EnvError``.
    public static func recurrentPPO<Envs: EnvBatch>(
        name: String, envs: Envs, configuration: PPOConfiguration, iterations: Int
    ) throws -> Result where Envs.Info: EpisodeOutcome {
        var config = configuration
        config.totalTimesteps = (iterations + 1) * config.batchSize
        let ppo = try RecurrentPPO(configuration: config, envs: envs)
        _ = try ppo.iterate()
        let agent = ppo.agent
        let (input, hidden, outputs) = (Double(agent.observationSize), Double(agent.hiddenSize), Double(agent.actorHead.outFeatures + 1))
        let rowFLOPs = 2 * 2 * input * hidden + 3 * 2 * 3 * hidden * (hidden + hidden) + 3 * 2 * hidden * outputs
        // Every row of a minibatch's sequences is replayed, valid or not.
        let replayedRows = Double(config.updateEpochs * config.batchSize)
        var updateSeconds = 0.0
        let cpuStart = processCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0 ..< iterations {
            _ = try ppo.iterate()
            updateSeconds += ppo.lastPhases.updateSeconds
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = processCPUSeconds() - cpuStart
        let steps = Double(iterations * config.batchSize)
        return Result(
            name: name, threads: 1, backend: Kernels.backend.rawValue, envStepsPerSecond: steps / wall,
            envStepsPerCPUSecond: steps / max(cpu, 1e-9), updateFraction: updateSeconds / wall,
            updateGFLOPs: replayedRows * Double(iterations) * rowFLOPs / updateSeconds / 1e9, iterations: iterations)
    }

    /// The speed of one matrix product on one backend.
    public struct ProductResult: Sendable, Codable {
        /// `forward`, `weight-gradient` or `input-gradient`.
        public var product: String
        /// The `sgemm` shape.
        public var m: Int, n: Int, k: Int
        /// The backend.
        public var backend: String
        /// Microseconds per product (median of the timed repetitions).
        public var microseconds: Double
        /// GFLOP per second at that median.
        public var gflops: Double
    }

    /// Times the three products of a Linear layer (`X·Wᵀ`, `Gᵀ·X`, `G·W`) for each batch size, hidden width 64 and
    /// the given input width, on each backend (one thread).
    /// - Parameters:
    ///   - batches: Batch sizes (rows).
    ///   - inputWidth: The layer's input width (137 for BeamSelection's first layer, 64 for the second).
    ///   - backends: The backends to time.
    public static func products(
        batches: [Int] = [64, 256, 512], inputWidths: [Int] = [137, 64], hidden: Int = 64,
        backends: [MatrixBackend] = MatrixBackend.allCases
    ) -> [ProductResult] {
        var rng = Xoshiro256StarStar(seed: 5)
        var results: [ProductResult] = []
        let saved = Kernels.backend
        defer { Kernels.backend = saved }
        for batch in batches {
            for width in inputWidths {
                // (name, transA, transB, m, n, k)
                let shapes = [
                    ("forward", false, true, batch, hidden, width), ("weight-gradient", true, false, hidden, width, batch),
                    ("input-gradient", false, false, batch, width, hidden),
                ]
                for (name, transA, transB, m, n, k) in shapes {
                    var a = [Float](repeating: 0, count: m * k), b = [Float](repeating: 0, count: k * n)
                    GaussianSampler.fill(&a, using: &rng)
                    GaussianSampler.fill(&b, using: &rng)
                    var c = [Float](repeating: 0, count: m * n)
                    for backend in backends {
                        Kernels.backend = backend
                        let repetitions = max(50, 40_000_000 / (m * n * k))
                        var samples: [Double] = []
                        a.withUnsafeBufferPointer { ap in
                            b.withUnsafeBufferPointer { bp in
                                c.withUnsafeMutableBufferPointer { cp in
                                    guard let ap = ap.baseAddress, let bp = bp.baseAddress, let cp = cp.baseAddress else { return }
                                    for round in 0 ..< 11 {
                                        let start = DispatchTime.now().uptimeNanoseconds
                                        for _ in 0 ..< repetitions / 10 {
                                            Kernels.gemm(
                                                transA: transA, transB: transB, m: m, n: n, k: k, a: ap,
                                                lda: transA ? m : k, b: bp, ldb: transB ? k : n, beta: 0, c: cp, ldc: n)
                                        }
                                        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                                        if round > 0 { samples.append(seconds / Double(repetitions / 10)) }
                                    }
                                }
                            }
                        }
                        let median = samples.sorted()[samples.count / 2]
                        results.append(
                            ProductResult(
                                product: name, m: m, n: n, k: k, backend: backend.rawValue, microseconds: median * 1e6,
                                gflops: 2 * Double(m * n * k) / median / 1e9))
                    }
                }
            }
        }
        return results
    }

    /// CPU time this process has used (all threads), seconds.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
