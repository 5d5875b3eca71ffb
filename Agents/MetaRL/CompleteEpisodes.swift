// MetaRL: exactly n complete episodes of one task under the current policy, as a PPO rollout buffer.
import GymCore
import NeuralNet

/// A fixed number of complete episodes of one task, collected with the agent's sampled actions and its frozen
/// observation statistics (``ActorCriticAgent/normalize(_:update:)`` with `update: false`).
///
/// Episode `e` is reset with seed `seed + e`. Up to `lanes` episodes run side by side (one copy of the env each,
/// one batched forward pass per step); when an episode ends, its lane starts the next episode not yet started, so
/// exactly `count` episodes are played and nothing of a further one. ``rolloutBuffer(observationSize:actionWidth:)``
/// lays them end to end in episode order, in the layout PPO's rollout gives one env.
struct CompleteEpisodes {
    /// One episode's transitions.
    struct Episode {
        /// Normalised observations the agent acted on, `length × observationSize`.
        var observations: [Float] = []
        /// The same observations as the env returned them (for updating the statistics later).
        var rawObservations: [Float] = []
        /// Action rows, `length × actionWidth`.
        var actions: [Float] = []
        var logProbs: [Float] = []
        var values: [Float] = []
        var rewards: [Float] = []
        /// Whether it ended in a terminal state (otherwise it was truncated, by the env or by the step cap).
        var terminated = false
        /// The normalised observation after the last step (bootstraps a truncated end).
        var finalObservation: [Float] = []
        /// The critic's value of ``finalObservation``.
        var finalValue: Float = 0
        /// The undiscounted return.
        var episodicReturn = 0.0
        /// How the episode ended, from the last step's info.
        var probesUsed = 0
        var errorMetres = 0.0
        var length: Int { rewards.count }
    }

    /// The episodes, in episode (seed) order.
    var episodes: [Episode]

    /// The environment steps taken.
    var steps: Int { episodes.reduce(0) { $0 + $1.length } }

    /// Plays `count` complete episodes of `env` with `agent`.
    /// - Parameters:
    ///   - count: The number of episodes (0 gives none).
    ///   - env: The task's env; copies of it are stepped, it is left as it is.
    ///   - lanes: The number of episodes run side by side.
    ///   - seed: Episode `e` is reset with `seed + e`.
    ///   - maxEpisodeSteps: Episodes still running after this many steps are cut (counted as truncated).
    ///   - agent: The policy; its observation statistics are read, never updated.
    ///   - rng: The generator of the action sampling.
    /// - Throws: ``EnvError`` when the env rejects an action.
    static func collect<Info: EpisodeOutcome>(
        count: Int, from env: AnyEnv<Info>, lanes: Int, seed: UInt64, maxEpisodeSteps: Int, agent: ActorCriticAgent,
        using rng: inout Xoshiro256StarStar
    ) throws(EnvError) -> CompleteEpisodes {
        let size = agent.observationSize, width = agent.actionWidth
        var episodes = [Episode](repeating: Episode(), count: count)
        let laneCount = max(0, min(lanes, count))
        var envs = [AnyEnv<Info>](repeating: env, count: laneCount)
        var current = [Int](repeating: -1, count: laneCount)  // the episode each lane plays, -1 when done
        var observations = [[Float]](repeating: [Float](repeating: 0, count: size), count: laneCount)
        var nextEpisode = 0
        func start(_ lane: Int) {
            guard nextEpisode < count else {
                current[lane] = -1
                return
            }
            current[lane] = nextEpisode
            _ = observations[lane].withUnsafeMutableBufferPointer {
                envs[lane].reset(seed: seed &+ UInt64(nextEpisode), options: .none, into: $0)
            }
            nextEpisode += 1
        }
        for lane in 0 ..< laneCount { start(lane) }

        while true {
            let active = (0 ..< laneCount).filter { current[$0] >= 0 }
            if active.isEmpty { break }
            // 1. Act on the active lanes' observations in one batch, with the frozen statistics.
            var batch = [Float]()
            batch.reserveCapacity(active.count * size)
            for lane in active { batch += observations[lane] }
            let raw = batch
            agent.normalize(&batch, update: false)
            let (actions, logProbs, values) = agent.act(
                observations: Tensor(shape: [active.count, size], scalars: batch), using: &rng)
            // 2. Step each lane and record its transition; an ended episode hands its lane to the next one.
            for (row, lane) in active.enumerated() {
                let e = current[lane]
                episodes[e].observations += batch[(row * size) ..< ((row + 1) * size)]
                episodes[e].rawObservations += raw[(row * size) ..< ((row + 1) * size)]
                episodes[e].actions += actions[(row * width) ..< ((row + 1) * width)]
                episodes[e].logProbs.append(logProbs[row])
                episodes[e].values.append(values[row])
                let action = agent.flatAction(actions, row: row)
                let transition = try observations[lane].withUnsafeMutableBufferPointer { buffer throws(EnvError) in
                    try envs[lane].step(action, into: buffer)
                }
                episodes[e].rewards.append(Float(transition.reward))
                episodes[e].episodicReturn += transition.reward
                let cut = episodes[e].length >= maxEpisodeSteps
                if transition.terminated || transition.truncated || cut {
                    episodes[e].terminated = transition.terminated
                    var final = observations[lane]
                    agent.normalize(&final, update: false)
                    episodes[e].finalObservation = final
                    episodes[e].probesUsed = transition.info.probesUsed
                    episodes[e].errorMetres = transition.info.errorMetres
                    start(lane)
                }
            }
        }
        // 3. The critic's values of the final observations, in one batch.
        if count > 0 {
            let finals = Tensor(shape: [count, size], scalars: episodes.flatMap(\.finalObservation))
            for (e, value) in agent.values(observations: finals).enumerated() { episodes[e].finalValue = value }
        }
        return CompleteEpisodes(episodes: episodes)
    }

    /// The episodes end to end as one env's rollout: each episode's transitions, then one invalid (autoreset) slot
    /// carrying the critic's value of its final observation, as ``RolloutBuffer`` expects for bootstrapping.
    /// Advantages are not computed yet. Precondition: at least one episode.
    func rolloutBuffer(observationSize: Int, actionWidth: Int) -> RolloutBuffer {
        precondition(!episodes.isEmpty, "CompleteEpisodes: no episode to make a rollout of")
        var observations: [Float] = [], actions: [Float] = [], logProbs: [Float] = [], values: [Float] = []
        var rewards: [Float] = [], terminated: [Bool] = [], truncated: [Bool] = [], valid: [Bool] = []
        for (e, episode) in episodes.enumerated() {
            if e > 0 {
                // The autoreset slot between episodes: never in a loss, its value bootstraps the previous episode.
                let previous = episodes[e - 1]
                observations += previous.finalObservation
                actions += [Float](repeating: 0, count: actionWidth)
                logProbs.append(0)
                values.append(previous.finalValue)
                rewards.append(0)
                terminated.append(false)
                truncated.append(false)
                valid.append(false)
            }
            observations += episode.observations
            actions += episode.actions
            logProbs += episode.logProbs
            values += episode.values
            rewards += episode.rewards
            for t in 0 ..< episode.length {
                let last = t == episode.length - 1
                terminated.append(last && episode.terminated)
                truncated.append(last && !episode.terminated)
                valid.append(true)
            }
        }
        return RolloutBuffer(
            observationSize: observationSize, actionWidth: actionWidth, observations: observations, actions: actions,
            logProbs: logProbs, values: values, rewards: rewards, terminated: terminated, truncated: truncated,
            valid: valid, lastValue: episodes[episodes.count - 1].finalValue)
    }

    /// The mean undiscounted return (nil without episodes).
    var meanReturn: Double? {
        episodes.isEmpty ? nil : episodes.map(\.episodicReturn).reduce(0, +) / Double(episodes.count)
    }
}
