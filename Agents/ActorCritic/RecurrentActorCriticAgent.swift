// ActorCritic: the recurrent agent — tanh encoder, GRU, categorical actor head and value head (recurrent PPO, RL²).
import GymCore
import NeuralNet

/// A recurrent actor-critic agent: `x → tanh(Linear) → GRU → {actor logits, value}`, with running observation
/// normalisation, for discrete and multi-discrete action spaces (CleanRL's `ppo_atari_lstm.py` agent, a GRU in
/// place of the LSTM).
///
/// Actor and critic share the encoder and the GRU; the heads are linear (orthogonal init, gain 0.01 for the
/// logits, 1 for the value, as CleanRL). The agent keeps the hidden state of the rows it acts on
/// (``hiddenState``); ``act(observations:episodeStarts:using:)`` zeroes the rows whose episode starts, then
/// advances it. Training replays a rollout from the hidden state it started with:
/// ``evaluateSequence(observations:actions:episodeStarts:initialHidden:)`` then
/// ``backwardSequence(gradLogProb:gradEntropy:gradValues:)`` back-propagate through time over the whole
/// sequence (truncated at the rollout's start).
///
/// ```swift
/// let agent = try RecurrentActorCriticAgent(observationSize: 12, actionSpace: .discrete(n: 5, start: 0),
///                                           hiddenSize: 64, configuration: PPOConfiguration())
/// let step = agent.act(observations: batch, episodeStarts: starts, using: &rng)
/// ```
public final class RecurrentActorCriticAgent: RolloutPolicy {
    /// The width of one observation.
    public let observationSize: Int
    /// The action space (`Discrete` or `MultiDiscrete`).
    public let actionSpace: SpaceDescription
    /// The width of the encoder layer.
    public let encoderSize: Int
    /// The GRU's hidden units.
    public let hiddenSize: Int
    /// Observations → encoder features (tanh applied after).
    public let encoder: Linear
    /// The recurrent core.
    public let gru: GRUCell
    /// Hidden state → logits.
    public let actorHead: Linear
    /// Hidden state → value.
    public let criticHead: Linear
    /// Running mean and variance of raw observations (`nil`: observations are used as they come).
    public var observationStatistics: RunningMeanStd?
    /// Normalised observations are clipped to `±observationClip`.
    public let observationClip: Float = 10
    /// The hidden state of the rows the agent acts on, `[rows, hiddenSize]` (zero rows until the first act).
    public var hiddenState: Tensor
    /// Running mean and variance of the value targets: the critic head predicts `(V − mean) / std`, and
    /// ``act(observations:episodeStarts:using:)`` and ``bootstrapValues(observations:episodeStarts:)`` return `V`
    /// (value normalisation, as PopArt without its output-preserving correction: van Hasselt et al., 2016). `nil`:
    /// the head predicts `V` itself.
    public var returnStatistics: RunningMeanStd?
    let head: CategoricalHead

    /// Creates an agent with CleanRL's initialisation (orthogonal; gain √2 encoder, 1 GRU, 0.01 logits, 1 value).
    /// - Parameters:
    ///   - observationSize: The width of one observation.
    ///   - actionSpace: `Discrete` or `MultiDiscrete`.
    ///   - hiddenSize: The GRU's hidden units (default 64); the encoder has the same width.
    ///   - configuration: Supplies ``PPOConfiguration/normalizeObservations`` and the seed of the weights.
    /// - Throws: ``ActorCriticError/unsupportedActionSpace(_:)`` for `Box` and `Dict` action spaces.
    public init(
        observationSize: Int, actionSpace: SpaceDescription, hiddenSize: Int = 64, configuration: PPOConfiguration
    ) throws {
        precondition(observationSize > 0 && hiddenSize > 0, "RecurrentActorCriticAgent needs positive sizes")
        self.observationSize = observationSize
        self.actionSpace = actionSpace
        self.hiddenSize = hiddenSize
        encoderSize = hiddenSize
        switch actionSpace {
        case let .discrete(n, _): head = CategoricalHead(actionCounts: [n])
        case let .multiDiscrete(nvec): head = CategoricalHead(actionCounts: nvec)
        case .box, .dict:
            throw ActorCriticError.unsupportedActionSpace(
                "the recurrent agent has a categorical head only; got \(actionSpace)")
        }
        var rng = Xoshiro256StarStar(seed: configuration.seed ^ 0xA6E7_0000_0000_0052)
        encoder = Linear(inFeatures: observationSize, outFeatures: hiddenSize, gain: Float(2).squareRoot(), using: &rng)
        gru = GRUCell(inputSize: hiddenSize, hiddenSize: hiddenSize, gain: 1, using: &rng)
        actorHead = Linear(inFeatures: hiddenSize, outFeatures: head.logitCount, gain: 0.01, using: &rng)
        criticHead = Linear(inFeatures: hiddenSize, outFeatures: 1, gain: 1, using: &rng)
        observationStatistics = configuration.normalizeObservations ? RunningMeanStd(size: observationSize) : nil
        hiddenState = Tensor(shape: [0, hiddenSize])
    }

    /// Every trainable parameter: `encoder.*`, `gru.*`, `actor.*`, `critic.*`.
    public var parameters: ParameterSet {
        ParameterSet([
            "encoder": encoder.parameters, "gru": gru.parameters, "actor": actorHead.parameters,
            "critic": criticHead.parameters,
        ])
    }

    /// The number of `Float`s per action row (one per categorical component).
    public var actionWidth: Int { head.componentCount }

    /// Sets the hidden state of `rows` rows to zero (before a batch of fresh episodes or trials).
    public func resetHiddenState(rows: Int) { hiddenState = Tensor(shape: [rows, hiddenSize]) }

    // MARK: - Acting

    /// Normalises raw observations in place with the running statistics (as ``ActorCriticAgent``).
    public func normalize(_ observations: inout [Float], update: Bool) {
        guard var statistics = observationStatistics else { return }
        ObservationNormalization.apply(
            &observations, width: observationSize, statistics: &statistics, update: update, clip: observationClip)
        if update { observationStatistics = statistics }
    }

    /// Samples actions, zeroing the hidden state of the rows whose episode starts, and advances the hidden state.
    public func act(observations: Tensor, episodeStarts: [Bool], using rng: inout some RandomNumberGenerator)
        -> (actions: [Float], logProbs: [Float], values: [Float])
    {
        let hidden = advance(observations, episodeStarts: episodeStarts)
        hiddenState = hidden
        let distribution = head.distribution(logits: actorHead.forward(hidden))
        let indices = head.sample(distribution: distribution, using: &rng)
        let logProbs = head.evaluate(distribution: distribution, actions: indices).logProb
        return (indices.map { Float($0) }, logProbs, denormalized(criticHead.forward(hidden).scalars))
    }

    /// The most likely action of each row, advancing the hidden state (for evaluation).
    public func deterministicActions(observations: Tensor, episodeStarts: [Bool]) -> [Float] {
        let hidden = advance(observations, episodeStarts: episodeStarts)
        hiddenState = hidden
        return head.mode(logits: actorHead.forward(hidden)).map { Float($0) }
    }

    /// The values of the rows after one more step, leaving ``hiddenState`` as it is.
    public func bootstrapValues(observations: Tensor, episodeStarts: [Bool]) -> [Float] {
        denormalized(criticHead.forward(advance(observations, episodeStarts: episodeStarts)).scalars)
    }

    /// Critic outputs as values: `mean + std · output` under ``returnStatistics``.
    func denormalized(_ outputs: [Float]) -> [Float] {
        guard let (mean, std) = valueNormalization else { return outputs }
        return outputs.map { mean + std * $0 }
    }

    /// `(mean, std)` of the value targets, when normalised.
    var valueNormalization: (mean: Float, std: Float)? {
        returnStatistics.map { (Float($0.mean[0]), Float(($0.variance[0] + 1e-8).squareRoot())) }
    }

    /// The env action of row `row` (component indices offset by the space's start).
    public func flatAction(_ actions: [Float], row: Int) -> FlatAction {
        let width = actionWidth
        let slice = actions[(row * width) ..< ((row + 1) * width)]
        if case let .discrete(_, start) = actionSpace { return .index(start + Int(slice[slice.startIndex])) }
        return .indices(slice.map { Int($0) })
    }

    /// One GRU step from ``hiddenState`` (resized to the batch if it differs), without taping it.
    private func advance(_ observations: Tensor, episodeStarts: [Bool]) -> Tensor {
        let rows = observations.rowCount
        if hiddenState.shape != [rows, hiddenSize] { resetHiddenState(rows: rows) }
        var features = encoder.forward(observations)
        VectorMath.tanh(&features.scalars)
        let hidden = gru.step(features, hidden: hiddenState, episodeStarts: episodeStarts)
        gru.clearTape()
        return hidden
    }

    // MARK: - Training

    /// Replays `T` steps of `B` sequences from `initialHidden` and returns log-probabilities of the stored actions,
    /// entropies and the critic head's outputs (normalised values when ``returnStatistics`` is set), `T·B` each,
    /// time-major (row `t·B + b`). Caches what the backward pass needs.
    /// - Parameters:
    ///   - observations: `T·B × observationSize`, normalised as when acting, time-major.
    ///   - actions: `T·B × actionWidth`, time-major.
    ///   - episodeStarts: `T·B` flags, time-major: where set, the hidden state is zeroed before that step.
    ///   - initialHidden: `[B, hiddenSize]`, the hidden state before the first step.
    public func evaluateSequence(
        observations: [Float], actions: [Float], episodeStarts: [Bool], initialHidden: Tensor
    ) -> (logProb: [Float], entropy: [Float], values: [Float]) {
        let batch = initialHidden.rowCount
        let steps = episodeStarts.count / max(batch, 1)
        precondition(steps * batch == episodeStarts.count && observations.count == steps * batch * observationSize,
                     "evaluateSequence: inconsistent sequence shapes")
        var features = encoder.forward(Tensor(shape: [steps * batch, observationSize], scalars: observations))
        VectorMath.tanh(&features.scalars)
        cachedFeatures = features
        let outputs = sequence.forward(
            inputs: features.scalars, steps: steps, batch: batch, initialHidden: initialHidden.scalars,
            episodeStarts: episodeStarts)
        let hiddenRows = Tensor(shape: [steps * batch, hiddenSize], scalars: outputs)
        let distribution = head.distribution(logits: actorHead.forward(hiddenRows))
        let values = criticHead.forward(hiddenRows).scalars
        cachedDistribution = distribution
        cachedActions = actions.map { Int($0) }
        let (logProb, entropy) = head.evaluate(distribution: distribution, actions: cachedActions)
        return (logProb, entropy, values)
    }

    /// Back-propagates `Σ gradLogProb·logπ + gradEntropy·H + gradValues·V` through the last
    /// ``evaluateSequence(observations:actions:episodeStarts:initialHidden:)`` — heads, GRU (through time) and
    /// encoder — accumulating every parameter's gradient.
    public func backwardSequence(gradLogProb: [Float], gradEntropy: [Float], gradValues: [Float]) {
        guard let distribution = cachedDistribution else {
            preconditionFailure("backwardSequence needs a preceding evaluateSequence")
        }
        let rows = gradValues.count
        let gradLogits = head.gradient(
            distribution: distribution, actions: cachedActions, gradLogProb: gradLogProb, gradEntropy: gradEntropy)
        var gradHidden = actorHead.backward(gradLogits)
        let fromCritic = criticHead.backward(Tensor(shape: [rows, 1], scalars: gradValues))
        for i in 0 ..< gradHidden.scalars.count { gradHidden.scalars[i] += fromCritic.scalars[i] }
        var gradFeatures = Tensor(shape: [rows, encoderSize], scalars: sequence.backward(gradOutputs: gradHidden.scalars))
        for i in 0 ..< gradFeatures.scalars.count {
            let y = cachedFeatures.scalars[i]
            gradFeatures.scalars[i] *= 1 - y * y
        }
        encoder.accumulateParameterGradients(gradFeatures)
        cachedDistribution = nil
    }

    private lazy var sequence = GRUSequence(cell: gru)
    private var cachedFeatures = Tensor(shape: [0, 0])
    private var cachedActions: [Int] = []
    private var cachedDistribution: CategoricalHead.Distribution?
}
