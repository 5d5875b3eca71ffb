// ActorCritic: one minibatch's forward and backward passes, split over worker threads deterministically.
import Dispatch
import GymCore
import NeuralNet

/// Computes a minibatch's PPO loss and accumulates its gradient into the agent, splitting the rows over
/// ``threads`` replicas of the agent that run at the same time.
///
/// Shard `s` of `T` takes rows `s·n/T ..< (s+1)·n/T`; each replica runs forward, the objective (normalised by the
/// whole minibatch's `n`) and backward on its rows into its own gradients; then the replicas' gradients are added
/// to the agent's in shard order. The split and the order of every sum depend only on `n` and `T`, so a run is
/// bit-for-bit repeatable for a given thread count (a different count rounds differently). With one thread the
/// agent itself does everything, exactly as before the split existed.
///
/// ```swift
/// let gradient = try MinibatchGradient(agent: agent, configuration: config, threads: 2)
/// let result = gradient.compute(buffer: buffer, slots: mb, advantages: advantages, objective: objective)
/// ```
final class MinibatchGradient {
    /// The number of shards (and threads) a minibatch is split into.
    let threads: Int
    private let agent: ActorCriticAgent
    private let agentParameters: ParameterSet
    private let replicas: [ActorCriticAgent]
    private let replicaParameters: [ParameterSet]

    /// Creates `threads − 1` replicas of `agent` (same architecture; weights are copied in before each use).
    /// - Throws: ``ActorCriticError`` when the agent's action space cannot be rebuilt (never for a built agent).
    init(agent: ActorCriticAgent, configuration: PPOConfiguration, threads: Int) throws {
        precondition(threads >= 1, "MinibatchGradient needs at least one thread")
        self.threads = threads
        self.agent = agent
        agentParameters = agent.parameters
        var replicas: [ActorCriticAgent] = []
        for _ in 1 ..< threads {
            replicas.append(
                try ActorCriticAgent(
                    observationSize: agent.observationSize, actionSpace: agent.actionSpace, configuration: configuration))
        }
        self.replicas = replicas
        replicaParameters = replicas.map(\.parameters)
    }

    /// Zeroes the agent's gradients, then accumulates the minibatch's loss gradient into them.
    /// - Parameters:
    ///   - buffer: The rollout.
    ///   - slots: The minibatch's slots.
    ///   - advantages: One advantage per slot (already normalised over the minibatch if configured).
    ///   - objective: The loss.
    /// - Returns: The loss terms summed over shards (the per-row gradient arrays of shard 0 only).
    func compute(
        buffer: RolloutBuffer, slots: ArraySlice<Int>, advantages: [Float], objective: PPOObjective
    ) -> PPOObjective.Result {
        let n = slots.count
        let shards = max(1, min(threads, n / 8))
        agentParameters.zeroGrad()
        if shards == 1 {
            return Self.run(agent, buffer, slots, advantages[...], objective, n)
        }
        for s in 1 ..< shards { replicaParameters[s - 1].assignValues(from: agentParameters) }
        var results = [PPOObjective.Result](repeating: PPOObjective.Result(), count: shards)
        results.withUnsafeMutableBufferPointer { resultBuffer in
            guard let out = resultBuffer.baseAddress else { return }
            let work = ShardWork { s in
                let rows = (s * n / shards) ..< ((s + 1) * n / shards)
                let shardSlots = slots[(slots.startIndex + rows.lowerBound) ..< (slots.startIndex + rows.upperBound)]
                let worker = s == 0 ? self.agent : self.replicas[s - 1]
                if s > 0 { self.replicaParameters[s - 1].zeroGrad() }
                out[s] = Self.run(worker, buffer, shardSlots, advantages[rows], objective, n)
            }
            DispatchQueue.concurrentPerform(iterations: shards) { s in work.body(s) }
        }
        for s in 1 ..< shards { agentParameters.accumulateGradients(from: replicaParameters[s - 1]) }
        var total = results[0]
        for r in results.dropFirst() {
            total.loss += r.loss
            total.policyLoss += r.policyLoss
            total.valueLoss += r.valueLoss
            total.entropy += r.entropy
            total.oldApproxKL += r.oldApproxKL
            total.approxKL += r.approxKL
            total.clippedCount += r.clippedCount
        }
        return total
    }

    /// Forward, objective and backward of some rows on one agent; the objective divides by `normalizer`.
    private static func run(
        _ agent: ActorCriticAgent, _ buffer: RolloutBuffer, _ slots: ArraySlice<Int>, _ advantages: ArraySlice<Float>,
        _ objective: PPOObjective, _ normalizer: Int
    ) -> PPOObjective.Result {
        let (logProb, entropy, values) = agent.evaluate(
            observations: buffer.observations(at: slots), actions: buffer.actions(at: slots))
        let result = objective.evaluate(
            logProb: logProb, entropy: entropy, values: values, oldLogProb: slots.map { buffer.logProbs[$0] },
            oldValues: slots.map { buffer.values[$0] }, advantages: Array(advantages),
            returns: slots.map { buffer.returns[$0] }, normalizer: normalizer)
        agent.backward(gradLogProb: result.gradLogProb, gradEntropy: result.gradEntropy, gradValues: result.gradValues)
        return result
    }
}

/// The work of one shard, handed to the worker threads; shards write disjoint results and gradients only.
private struct ShardWork: @unchecked Sendable {
    let body: (Int) -> Void
}
