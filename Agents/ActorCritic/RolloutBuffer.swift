// ActorCritic: the rollout storage shared by PPO and A2C — collection with next-step autoreset, then GAE(λ).
import GymCore
import NeuralNet

/// `numSteps × numEnvs` transitions of one rollout, their advantages and returns (CleanRL's `obs`, `actions`,
/// `logprobs`, `rewards`, `dones`, `values` tensors), plus the environment state that carries across rollouts.
///
/// Gymnasium 1.x next-step autoreset: after an episode ends, the env's next step is a reset whose action is
/// ignored. Such slots are stored with ``valid`` `false` and never enter a loss. Where an episode was truncated,
/// the final observation (returned on the step where it ended, i.e. the next slot's observation) bootstraps the
/// return; where it terminated, nothing does. Row `t · numEnvs + i` holds env `i` at step `t`.
public struct RolloutBuffer {
    /// The number of steps per env per rollout.
    public let numSteps: Int
    /// The number of envs.
    public let numEnvs: Int
    /// The width of one observation.
    public let observationSize: Int
    /// The width of one action row.
    public let actionWidth: Int
    /// The (normalised) observations the agent acted on, `numSteps · numEnvs × observationSize`.
    public private(set) var observations: [Float]
    /// The actions taken, `numSteps · numEnvs × actionWidth`.
    public private(set) var actions: [Float]
    /// The log-probabilities of the actions when taken.
    public private(set) var logProbs: [Float]
    /// The critic's values of the observations when taken.
    public private(set) var values: [Float]
    /// The rewards received.
    public private(set) var rewards: [Float]
    /// Whether the step ended its episode in a terminal state.
    public private(set) var terminated: [Bool]
    /// Whether the step's episode was truncated there.
    public private(set) var truncated: [Bool]
    /// Whether the slot is a real transition (false: an autoreset slot whose action was ignored).
    public private(set) var valid: [Bool]
    /// Whether the slot's observation is the first of an episode (a recurrent policy's hidden state was reset
    /// before acting on it): the first slot after the envs were reset or after an autoreset slot.
    public private(set) var episodeStarts: [Bool]
    /// GAE(λ) advantages (0 for invalid slots).
    public private(set) var advantages: [Float]
    /// Advantages plus values: the critic's regression targets.
    public private(set) var returns: [Float]
    /// The critic's values of the observations after the last step (for bootstrapping).
    public private(set) var lastValues: [Float]
    /// Whether each env will be autoreset on its next step (its episode ended on the last step).
    public private(set) var pendingReset: [Bool]
    /// Episodes that ended during the last ``collect(from:agent:using:)``.
    var finishedEpisodes: [FinishedEpisode] = []
    private var runningReturn: [Double]
    private var runningLength: [Int]
    /// Whether each env's next observation starts an episode.
    private var startsNext: [Bool]

    /// How one episode went, for the training log.
    struct FinishedEpisode {
        var episodicReturn: Double
        var length: Int
        var probesUsed: Int
        var finalErrorMetres: Double
    }

    /// Creates an empty buffer.
    public init(numSteps: Int, numEnvs: Int, observationSize: Int, actionWidth: Int) {
        self.numSteps = numSteps
        self.numEnvs = numEnvs
        self.observationSize = observationSize
        self.actionWidth = actionWidth
        let n = numSteps * numEnvs
        observations = [Float](repeating: 0, count: n * observationSize)
        actions = [Float](repeating: 0, count: n * actionWidth)
        logProbs = [Float](repeating: 0, count: n)
        values = logProbs
        rewards = logProbs
        advantages = logProbs
        returns = logProbs
        terminated = [Bool](repeating: false, count: n)
        truncated = terminated
        valid = terminated
        episodeStarts = terminated
        lastValues = [Float](repeating: 0, count: numEnvs)
        pendingReset = [Bool](repeating: false, count: numEnvs)
        startsNext = [Bool](repeating: true, count: numEnvs)
        runningReturn = [Double](repeating: 0, count: numEnvs)
        runningLength = [Int](repeating: 0, count: numEnvs)
    }

    /// Forgets the envs' episode state, after the envs were reset (no slot is pending, no return is running).
    public mutating func envsWereReset() {
        for i in 0 ..< numEnvs {
            pendingReset[i] = false
            startsNext[i] = true
            runningReturn[i] = 0
            runningLength[i] = 0
        }
    }

    /// The number of real transitions in the buffer.
    public var validCount: Int { valid.reduce(0) { $0 + ($1 ? 1 : 0) } }

    // MARK: - Rollout

    /// Runs the policy for ``numSteps`` steps in every env, storing each transition (CleanRL's rollout loop).
    /// - Parameters:
    ///   - envs: The batch of envs, already reset; its current observations are the first ones acted on.
    ///   - agent: The policy (feed-forward or recurrent); its observation statistics are updated with every
    ///     observation it sees.
    ///   - rng: The generator of the action sampling.
    /// - Throws: ``EnvError`` when the envs reject an action.
    mutating func collect<Envs: EnvBatch, Agent: RolloutPolicy>(
        from envs: inout Envs, agent: Agent, using rng: inout Xoshiro256StarStar
    ) throws(EnvError) where Envs.Info: EpisodeOutcome {
        finishedEpisodes.removeAll(keepingCapacity: true)
        let rowWidth = numEnvs * observationSize
        for t in 0 ..< numSteps {
            var observation = envs.observations
            agent.normalize(&observation, update: true)
            let base = t * numEnvs
            episodeStarts.replaceSubrange(base ..< (base + numEnvs), with: startsNext)
            let (stepActions, stepLogProbs, stepValues) = agent.act(
                observations: Tensor(shape: [numEnvs, observationSize], scalars: observation),
                episodeStarts: startsNext, using: &rng)
            observations.replaceSubrange((t * rowWidth) ..< ((t + 1) * rowWidth), with: observation)
            actions.replaceSubrange((base * actionWidth) ..< ((base + numEnvs) * actionWidth), with: stepActions)
            let flat = (0 ..< numEnvs).map { agent.flatAction(stepActions, row: $0) }
            try envs.step(flat)
            for i in 0 ..< numEnvs {
                let slot = base + i
                logProbs[slot] = stepLogProbs[i]
                values[slot] = stepValues[i]
                valid[slot] = !pendingReset[i]
                rewards[slot] = valid[slot] ? Float(envs.rewards[i]) : 0
                terminated[slot] = valid[slot] && envs.terminated[i]
                truncated[slot] = valid[slot] && envs.truncated[i] && !envs.terminated[i]
                if valid[slot] {
                    runningReturn[i] += envs.rewards[i]
                    runningLength[i] += 1
                }
                let ended = terminated[slot] || truncated[slot]
                if ended {
                    let info = envs.infos[i]
                    finishedEpisodes.append(
                        FinishedEpisode(
                            episodicReturn: runningReturn[i], length: runningLength[i], probesUsed: info.probesUsed,
                            finalErrorMetres: info.errorMetres))
                    runningReturn[i] = 0
                    runningLength[i] = 0
                }
                pendingReset[i] = ended
                startsNext[i] = !valid[slot]
            }
        }
        var observation = envs.observations
        agent.normalize(&observation, update: false)
        lastValues = agent.bootstrapValues(
            observations: Tensor(shape: [numEnvs, observationSize], scalars: observation), episodeStarts: startsNext)
    }

    // MARK: - Generalised advantage estimation

    /// Computes GAE(λ) advantages and returns, backwards in time per env (CleanRL's `lastgaelam` loop).
    ///
    /// `δₜ = rₜ + γ·V(sₜ₊₁)·[not terminated] − V(sₜ)`, `Âₜ = δₜ + γλ·Âₜ₊₁·[episode continues]`; the value of the
    /// next slot is the final observation's where the episode was truncated.
    /// - Parameters:
    ///   - gamma: The discount γ.
    ///   - lambda: The GAE λ.
    mutating func computeAdvantages(gamma: Double, lambda: Double) {
        let g = Float(gamma), gl = Float(gamma * lambda)
        for i in 0 ..< numEnvs {
            var nextAdvantage: Float = 0
            for t in stride(from: numSteps - 1, through: 0, by: -1) {
                let slot = t * numEnvs + i
                guard valid[slot] else {
                    advantages[slot] = 0
                    returns[slot] = values[slot]
                    nextAdvantage = 0
                    continue
                }
                let nextValue = t == numSteps - 1 ? lastValues[i] : values[slot + numEnvs]
                let bootstrap: Float = terminated[slot] ? 0 : g * nextValue
                let delta = rewards[slot] + bootstrap - values[slot]
                let continues = !(terminated[slot] || truncated[slot])
                let advantage = delta + (continues ? gl * nextAdvantage : 0)
                advantages[slot] = advantage
                returns[slot] = advantage + values[slot]
                nextAdvantage = advantage
            }
        }
    }

    /// The explained variance of the rollout's values for its returns, over valid slots (nan when undefined).
    func explainedVariance() -> Double {
        let slots = validSlots()
        guard slots.count > 1 else { return .nan }
        let y = slots.map { Double(returns[$0]) }
        let residual = slots.map { Double(returns[$0] - values[$0]) }
        let varY = variance(y)
        return varY == 0 ? .nan : 1 - variance(residual) / varY
    }

    /// The slots of real transitions, in order.
    func validSlots() -> [Int] { valid.indices.filter { valid[$0] } }

    /// The observations of the given slots as one `[slots.count, observationSize]` tensor.
    func observations(at slots: ArraySlice<Int>) -> Tensor {
        Tensor(shape: [slots.count, observationSize], scalars: Self.gather(observations, rows: slots, width: observationSize))
    }

    /// The action rows of the given slots, concatenated.
    func actions(at slots: ArraySlice<Int>) -> [Float] {
        Self.gather(actions, rows: slots, width: actionWidth)
    }

    /// Rows `slots` of a row-major `source` of the given width, in order, copied row by row.
    private static func gather(_ source: [Float], rows slots: ArraySlice<Int>, width: Int) -> [Float] {
        var result = [Float](repeating: 0, count: slots.count * width)
        result.withUnsafeMutableBufferPointer { target in
            source.withUnsafeBufferPointer { from in
                guard let t = target.baseAddress, let f = from.baseAddress else { return }
                for (row, slot) in slots.enumerated() {
                    precondition(slot >= 0 && (slot + 1) * width <= from.count, "RolloutBuffer: slot \(slot) out of range")
                    (t + row * width).update(from: f + slot * width, count: width)
                }
            }
        }
        return result
    }
}

extension RolloutBuffer {
    /// A one-env buffer of transitions given slot by slot, e.g. complete episodes collected elsewhere and laid end
    /// to end as ``collect(from:agent:using:)`` lays out one env: an episode's transitions, then one invalid
    /// (autoreset) slot whose value is the critic's value of that episode's final observation. MetaRL's MAML-family
    /// learner builds these from exactly the episodes it is allowed; call ``computeAdvantages(gamma:lambda:)`` next.
    /// - Parameters:
    ///   - lastValue: The critic's value of the observation after the last slot (bootstraps a truncated end).
    ///   - others: One entry per slot (``observationSize`` or ``actionWidth`` floats per slot for the first two).
    init(
        observationSize: Int, actionWidth: Int, observations: [Float], actions: [Float], logProbs: [Float],
        values: [Float], rewards: [Float], terminated: [Bool], truncated: [Bool], valid: [Bool], lastValue: Float
    ) {
        let n = rewards.count
        precondition(
            n > 0 && observations.count == n * observationSize && actions.count == n * actionWidth
                && [logProbs.count, values.count, terminated.count, truncated.count, valid.count].allSatisfy { $0 == n },
            "RolloutBuffer: slot arrays of different lengths")
        self.init(numSteps: n, numEnvs: 1, observationSize: observationSize, actionWidth: actionWidth)
        self.observations = observations
        self.actions = actions
        self.logProbs = logProbs
        self.values = values
        self.rewards = rewards
        self.terminated = terminated
        self.truncated = truncated
        self.valid = valid
        lastValues = [lastValue]
    }
}
