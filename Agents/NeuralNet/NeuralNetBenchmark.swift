// NeuralNet: micro-benchmarks of the policy hot path, for `sensing-gym bench` and tests.

/// Micro-benchmarks of the operations an agent runs per environment step.
public enum NeuralNetBenchmark {
    /// Times one-observation policy inference: an MLP forward pass plus sampling from a categorical head.
    ///
    /// Defaults are CleanRL's discrete PPO actor: two tanh hidden layers of 64 and a 32-way categorical head.
    /// - Parameters:
    ///   - observationSize: The observation width.
    ///   - hiddenSizes: The hidden widths.
    ///   - actionCount: The number of discrete actions.
    ///   - warmUp: Untimed calls first.
    ///   - iterations: Timed calls.
    ///   - rng: The seeded generator for weights, observations and sampling.
    /// - Returns: The latency percentiles of the timed calls.
    public static func forwardLatency(
        observationSize: Int = 16, hiddenSizes: [Int] = [64, 64], actionCount: Int = 32, warmUp: Int = 1_000,
        iterations: Int = 20_000, using rng: inout some RandomNumberGenerator
    ) -> LatencySummary {
        let actor = MLP(sizes: [observationSize] + hiddenSizes + [actionCount], outputGain: 0.01, using: &rng)
        let head = CategoricalHead(actionCounts: [actionCount])
        var observation = Tensor(shape: [1, observationSize])
        GaussianSampler.fill(&observation.scalars, using: &rng)
        var checksum = 0
        let clock = ContinuousClock()
        var durations: [Double] = []
        durations.reserveCapacity(iterations)
        for index in 0 ..< warmUp + iterations {
            let start = clock.now
            let action = head.sample(logits: actor.forward(observation), using: &rng)
            let elapsed = start.duration(to: clock.now)
            checksum &+= action[0]
            if index >= warmUp {
                let (seconds, attoseconds) = elapsed.components
                durations.append(Double(seconds) * 1e9 + Double(attoseconds) * 1e-9)
            }
        }
        // Keep the result observable so the optimiser cannot drop the work.
        if checksum == Int.min { print("") }
        return LatencySummary(nanoseconds: durations)
    }

    /// Times a batched forward pass (`[batch, in]` through the MLP), e.g. a PPO minibatch or a vector-env step.
    /// - Parameters:
    ///   - batch: Rows per forward pass.
    ///   - observationSize: The observation width.
    ///   - hiddenSizes: The hidden widths.
    ///   - outputSize: The output width.
    ///   - iterations: Timed calls.
    ///   - rng: The seeded generator.
    /// - Returns: The latency percentiles of one batched forward pass.
    public static func batchedForwardLatency(
        batch: Int = 256, observationSize: Int = 16, hiddenSizes: [Int] = [64, 64], outputSize: Int = 32,
        iterations: Int = 2_000, using rng: inout some RandomNumberGenerator
    ) -> LatencySummary {
        let mlp = MLP(sizes: [observationSize] + hiddenSizes + [outputSize], outputGain: 0.01, using: &rng)
        var input = Tensor(shape: [batch, observationSize])
        GaussianSampler.fill(&input.scalars, using: &rng)
        let clock = ContinuousClock()
        var durations: [Double] = []
        var sink: Float = 0
        for index in 0 ..< iterations + 100 {
            let start = clock.now
            let output = mlp.forward(input)
            let elapsed = start.duration(to: clock.now)
            sink += output.scalars[0]
            if index >= 100 {
                let (seconds, attoseconds) = elapsed.components
                durations.append(Double(seconds) * 1e9 + Double(attoseconds) * 1e-9)
            }
        }
        if sink.isNaN { print("") }
        return LatencySummary(nanoseconds: durations)
    }
}
