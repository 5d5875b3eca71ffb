// ActorCritic: the agent — actor MLP, critic MLP and the action distribution the action space calls for.
import GymCore
import NeuralNet

/// An actor-critic agent: an actor MLP whose output parameterises the action distribution, a separate critic
/// MLP estimating the state value, and optional running observation normalisation (CleanRL's `Agent`).
///
/// The head follows the action space: `Discrete(n)` and `MultiDiscrete(nvec)` use a ``CategoricalHead`` (one
/// categorical per component), `Box` a ``DiagonalGaussianHead`` with a state-independent log standard deviation.
/// Actions travel as rows of `Float`s, ``actionWidth`` per sample (component indices for categorical spaces),
/// and become ``FlatAction``s with ``flatAction(_:row:)``, which clips Box actions to the bounds.
///
/// ```swift
/// let agent = try ActorCriticAgent(observationSize: 137, actionSpace: .discrete(n: 64, start: 0),
///                                  configuration: PPOConfiguration())
/// let step = agent.act(observations: batch, using: &rng)        // sampled actions, log-probs, values
/// let greedy = agent.deterministicActions(observations: batch)  // the mode, for evaluation
/// ```
public final class ActorCriticAgent {
    /// The width of one observation.
    public let observationSize: Int
    /// The action space the agent acts in.
    public let actionSpace: SpaceDescription
    /// The hidden widths of actor and critic.
    public let hiddenSizes: [Int]
    /// The policy network: observations → logits (categorical) or means (Gaussian).
    public let actor: MLP
    /// The value network: observations → one value per row.
    public let critic: MLP
    /// Running mean and variance of raw observations (`nil`: observations are used as they come).
    public var observationStatistics: RunningMeanStd?
    /// Normalised observations are clipped to `±observationClip`.
    public let observationClip: Float = 10
    let head: Head

    /// The action distribution: categorical over logits, or diagonal Gaussian around the actor's means.
    enum Head {
        case categorical(CategoricalHead)
        case gaussian(DiagonalGaussianHead, low: [Float], high: [Float])
    }

    /// Creates an agent with CleanRL's initialisation (orthogonal, gain √2 hidden, 0.01 policy output, 1 value).
    /// - Parameters:
    ///   - observationSize: The width of one observation.
    ///   - actionSpace: `Discrete`, `MultiDiscrete` or `Box`.
    ///   - configuration: Supplies ``PPOConfiguration/hiddenSizes``, ``PPOConfiguration/normalizeObservations``,
    ///     ``PPOConfiguration/initialLogStd`` and the seed of the weights.
    /// - Throws: ``ActorCriticError/unsupportedActionSpace(_:)`` for a `Dict` action space.
    public init(observationSize: Int, actionSpace: SpaceDescription, configuration: PPOConfiguration) throws {
        precondition(observationSize > 0, "ActorCriticAgent needs a positive observation size")
        self.observationSize = observationSize
        self.actionSpace = actionSpace
        self.hiddenSizes = configuration.hiddenSizes
        let outputs: Int
        switch actionSpace {
        case let .discrete(n, _):
            head = .categorical(CategoricalHead(actionCounts: [n]))
            outputs = n
        case let .multiDiscrete(nvec):
            head = .categorical(CategoricalHead(actionCounts: nvec))
            outputs = nvec.reduce(0, +)
        case let .box(low, high, _):
            head = .gaussian(
                DiagonalGaussianHead(actionDimension: low.count, initialLogStd: configuration.initialLogStd),
                low: low, high: high)
            outputs = low.count
        case .dict:
            throw ActorCriticError.unsupportedActionSpace("Dict action spaces are not supported; flatten them to a Box")
        }
        var rng = Xoshiro256StarStar(seed: configuration.seed ^ 0xA6E7_0000_0000_0001)
        actor = MLP(sizes: [observationSize] + hiddenSizes + [outputs], activation: .tanh, outputGain: 0.01, using: &rng)
        critic = MLP(sizes: [observationSize] + hiddenSizes + [1], activation: .tanh, outputGain: 1, using: &rng)
        observationStatistics = configuration.normalizeObservations ? RunningMeanStd(size: observationSize) : nil
    }

    /// Every trainable parameter: `actor.*`, `critic.*` and, for Gaussian policies, `head.logStd`.
    public var parameters: ParameterSet {
        var children = ["actor": actor.parameters, "critic": critic.parameters]
        if case let .gaussian(gaussian, _, _) = head { children["head"] = gaussian.parameters }
        return ParameterSet(children)
    }

    /// The number of `Float`s per action row: components for categorical spaces, dimensions for Box.
    public var actionWidth: Int {
        switch head {
        case let .categorical(categorical): return categorical.componentCount
        case let .gaussian(gaussian, _, _): return gaussian.actionDimension
        }
    }

    // MARK: - Observations

    /// Normalises raw observations (rows of ``observationSize``) with the running statistics, in place.
    /// - Parameters:
    ///   - observations: Env-major rows; overwritten with `clip((x − mean) / √(var + 1e-8), ±10)`.
    ///   - update: Whether the rows first update the statistics (training) or not (evaluation).
    public func normalize(_ observations: inout [Float], update: Bool) {
        guard var statistics = observationStatistics else { return }
        ObservationNormalization.apply(
            &observations, width: observationSize, statistics: &statistics, update: update, clip: observationClip)
        if update { observationStatistics = statistics }
    }

    // MARK: - Acting

    /// Samples actions for a batch of (normalised) observations and returns their log-probabilities and values.
    /// - Parameters:
    ///   - observations: `[batch, observationSize]`.
    ///   - rng: The seeded generator of the sampling.
    /// - Returns: `actions` (`batch × actionWidth`), `logProbs` and `values` (`batch` each).
    public func act(observations: Tensor, using rng: inout some RandomNumberGenerator)
        -> (actions: [Float], logProbs: [Float], values: [Float])
    {
        let output = actor.forward(observations)
        let values = critic.forward(observations).scalars
        switch head {
        case let .categorical(categorical):
            let distribution = categorical.distribution(logits: output)
            let indices = categorical.sample(distribution: distribution, using: &rng)
            let logProbs = categorical.evaluate(distribution: distribution, actions: indices).logProb
            return (indices.map { Float($0) }, logProbs, values)
        case let .gaussian(gaussian, _, _):
            let actions = gaussian.sample(mean: output, using: &rng)
            return (actions.scalars, gaussian.evaluate(mean: output, actions: actions).logProb, values)
        }
    }

    /// The most likely action of each row (categorical mode, Gaussian mean), for evaluation.
    /// - Parameter observations: `[batch, observationSize]`, normalised.
    /// - Returns: `batch × actionWidth` floats.
    public func deterministicActions(observations: Tensor) -> [Float] {
        let output = actor.forward(observations)
        switch head {
        case let .categorical(categorical): return categorical.mode(logits: output).map { Float($0) }
        case .gaussian: return output.scalars
        }
    }

    /// The critic's value of each row of (normalised) observations.
    /// - Parameter observations: `[batch, observationSize]`.
    public func values(observations: Tensor) -> [Float] {
        critic.forward(observations).scalars
    }

    /// The action of row `row` of `actions` in the env's flat form; Box actions are clipped to the bounds.
    /// - Parameters:
    ///   - actions: Rows of ``actionWidth`` floats.
    ///   - row: The row.
    public func flatAction(_ actions: [Float], row: Int) -> FlatAction {
        let width = actionWidth
        let slice = actions[(row * width) ..< ((row + 1) * width)]
        switch (actionSpace, head) {
        case let (.discrete(_, start), _): return .index(start + Int(slice[slice.startIndex]))
        case (.multiDiscrete, _): return .indices(slice.map { Int($0) })
        case let (_, .gaussian(_, low, high)):
            return .values(zip(slice, zip(low, high)).map { value, bounds in min(max(value, bounds.0), bounds.1) })
        default: return .indices(slice.map { Int($0) })
        }
    }

    // MARK: - Training

    /// The forward pass of a training minibatch: log-probabilities of the stored actions, entropies and values.
    ///
    /// Caches what ``backward(gradLogProb:gradEntropy:gradValues:)`` needs.
    /// - Parameters:
    ///   - observations: `[batch, observationSize]`, normalised as they were when acting.
    ///   - actions: `batch × actionWidth` floats, as ``act(observations:using:)`` returned them.
    public func evaluate(observations: Tensor, actions: [Float]) -> (logProb: [Float], entropy: [Float], values: [Float]) {
        let output = actor.forward(observations)
        let values = critic.forward(observations).scalars
        cachedOutput = output
        cachedActions = actions
        switch head {
        case let .categorical(categorical):
            let distribution = categorical.distribution(logits: output)
            cachedDistribution = distribution
            let (logProb, entropy) = categorical.evaluate(distribution: distribution, actions: actions.map { Int($0) })
            return (logProb, entropy, values)
        case let .gaussian(gaussian, _, _):
            let (logProb, entropy) = gaussian.evaluate(
                mean: output, actions: Tensor(shape: output.shape, scalars: actions))
            return (logProb, entropy, values)
        }
    }

    /// Back-propagates `Σ gradLogProb·logπ + gradEntropy·H + gradValues·V` through the last
    /// ``evaluate(observations:actions:)``, accumulating every parameter's gradient.
    /// - Parameters:
    ///   - gradLogProb: `∂loss/∂logπ`, one per row.
    ///   - gradEntropy: `∂loss/∂H`, one per row.
    ///   - gradValues: `∂loss/∂V`, one per row.
    public func backward(gradLogProb: [Float], gradEntropy: [Float], gradValues: [Float]) {
        let gradOutput: Tensor
        switch head {
        case let .categorical(categorical):
            gradOutput = categorical.gradient(
                distribution: cachedDistribution ?? categorical.distribution(logits: cachedOutput),
                actions: cachedActions.map { Int($0) }, gradLogProb: gradLogProb, gradEntropy: gradEntropy)
        case let .gaussian(gaussian, _, _):
            gradOutput = gaussian.gradient(
                mean: cachedOutput, actions: Tensor(shape: cachedOutput.shape, scalars: cachedActions),
                gradLogProb: gradLogProb, gradEntropy: gradEntropy)
        }
        actor.accumulateGradients(gradOutput)
        critic.accumulateGradients(Tensor(shape: [gradValues.count, 1], scalars: gradValues))
    }

    private var cachedOutput = Tensor(shape: [0, 0])
    private var cachedActions: [Float] = []
    private var cachedDistribution: CategoricalHead.Distribution?
}
