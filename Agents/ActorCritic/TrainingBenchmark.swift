// ActorCritic: training-throughput benchmarks — PPO with the 64-64 MLP on a real env, and a GRU-64 policy update.
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

    /// Times a recurrent PPO-shaped workload with a GRU-64 policy: per iteration a rollout of `numSteps` steps of
    /// `numEnvs` rows through the GRU and its heads, then `updateEpochs` × `numMinibatches` BPTT updates (each
    /// minibatch a subset of the envs over the whole sequence, as CleanRL's recurrent PPO), with a categorical
    /// head's gradient on synthetic advantages and an Adam step. Synthetic observations: it measures the learner,
    /// not an env (this repository has no recurrent PPO trainer yet).
    /// - Parameters:
    ///   - observationSize: The observation width.
    ///   - actionCount: The number of discrete actions.
    ///   - hiddenSize: The GRU width (64).
    ///   - configuration: `numEnvs`, `numSteps`, `numMinibatches`, `updateEpochs` are used.
    ///   - iterations: Timed iterations (after one warm-up).
    public static func gru(
        observationSize: Int, actionCount: Int, hiddenSize: Int = 64, configuration: PPOConfiguration, iterations: Int
    ) -> Result {
        var rng = Xoshiro256StarStar(seed: configuration.seed)
        let gru = GRUCell(inputSize: observationSize, hiddenSize: hiddenSize, using: &rng)
        let actor = Linear(inFeatures: hiddenSize, outFeatures: actionCount, gain: 0.01, using: &rng)
        let critic = Linear(inFeatures: hiddenSize, outFeatures: 1, gain: 1, using: &rng)
        let head = CategoricalHead(actionCounts: [actionCount])
        let parameters = ParameterSet(["gru": gru.parameters, "actor": actor.parameters, "critic": critic.parameters])
        let adam = Adam(parameters: parameters, learningRate: 2.5e-4)
        let (envs, steps) = (configuration.numEnvs, configuration.numSteps)
        let rowsPerMinibatch = max(1, envs / configuration.numMinibatches)
        var observations = [Tensor](repeating: Tensor(shape: [envs, observationSize]), count: steps)
        for t in 0 ..< steps { GaussianSampler.fill(&observations[t].scalars, using: &rng) }
        let minibatchObservations = (0 ..< steps).map { t in
            Tensor(shape: [rowsPerMinibatch, observationSize], scalars: Array(observations[t].scalars.prefix(rowsPerMinibatch * observationSize)))
        }
        var advantages = [Float](repeating: 0, count: rowsPerMinibatch)
        GaussianSampler.fill(&advantages, using: &rng)
        var actions = [Int](repeating: 0, count: rowsPerMinibatch)

        func iteration() -> (updateSeconds: Double, updateFLOPs: Double) {
            // Rollout: all envs, step by step, inference only.
            var h = Tensor(shape: [envs, hiddenSize])
            for t in 0 ..< steps {
                h = gru.step(observations[t], hidden: h)
                let logits = actor.forward(h)
                _ = critic.forward(h)
                actions = Array(head.sample(logits: logits, using: &rng).prefix(rowsPerMinibatch))
            }
            gru.clearTape()
            // Update: BPTT over the whole sequence for each minibatch of envs.
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0 ..< configuration.updateEpochs * configuration.numMinibatches {
                parameters.zeroGrad()
                var hidden = Tensor(shape: [rowsPerMinibatch, hiddenSize])
                var gradHidden: [Tensor] = []
                gradHidden.reserveCapacity(steps)
                for t in 0 ..< steps {
                    hidden = gru.step(minibatchObservations[t], hidden: hidden)
                    let logits = actor.forward(hidden)
                    let values = critic.forward(hidden)
                    let gradLogits = head.gradient(
                        logits: logits, actions: actions, gradLogProb: advantages, gradEntropy: advantages)
                    var gradH = actor.backward(gradLogits)
                    let gradFromValue = critic.backward(values)
                    for i in 0 ..< gradH.count { gradH.scalars[i] += gradFromValue.scalars[i] }
                    gradHidden.append(gradH)
                }
                _ = gru.backwardThroughTime(gradHidden: gradHidden)
                parameters.clipGradientNorm(maxNorm: 0.5)
                adam.step()
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let h3 = Double(3 * hiddenSize)
            // Per row and step: GRU forward 2·3H·(in + H), backward ∂W and ∂x of both products, heads forward + backward.
            let gruFLOPs = 3 * 2 * h3 * Double(observationSize + hiddenSize)
            let headFLOPs = 3 * 2 * Double(hiddenSize * (actionCount + 1))
            let rows = Double(configuration.updateEpochs * configuration.numMinibatches * rowsPerMinibatch * steps)
            return (seconds, rows * (gruFLOPs + headFLOPs))
        }

        _ = iteration()
        var updateSeconds = 0.0, updateFLOPs = 0.0
        let cpuStart = processCPUSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0 ..< iterations {
            let (seconds, flops) = iteration()
            updateSeconds += seconds
            updateFLOPs += flops
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = processCPUSeconds() - cpuStart
        let total = Double(iterations * envs * steps)
        return Result(
            name: "GRU-\(hiddenSize) policy, PPO-shaped (synthetic observations)", threads: 1,
            backend: Kernels.backend.rawValue, envStepsPerSecond: total / wall, envStepsPerCPUSecond: total / max(cpu, 1e-9),
            updateFraction: updateSeconds / wall, updateGFLOPs: updateFLOPs / updateSeconds / 1e9, iterations: iterations)
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
