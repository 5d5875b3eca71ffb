// MetaRL: a batch of RL² trials — k episodes of one task per trial, the previous action, reward and done flag
// appended to each observation.
import GymCore

/// A batch of envs that runs RL² trials (Duan et al., 2016): each slot holds one task for `episodesPerTrial`
/// episodes, then draws a new task. To the learner (``RecurrentPPO``), a trial is one long episode.
///
/// - Observation of a slot: the task env's observation, then a one-hot of the previous action (one block per
///   component for `MultiDiscrete`), the previous reward and a flag that the previous step ended an episode; all
///   three zero on a trial's first step.
/// - Between the episodes of a trial the task env is reset on the same step (its next episode continues the
///   env's seed stream), so no step is wasted; the learner sees `terminated` and `truncated` only at the trial's
///   end, so returns and advantages run across the episode boundaries inside a trial (garage's convention), and
///   the recurrent policy's hidden state carries across them.
/// - At a trial's end the batch follows ``EnvBatch``'s next-step autoreset: the next step starts a new trial (its
///   action is ignored, its reward is 0), and the policy zeroes its hidden state there.
///
/// Tasks come from `makeTask(trialSeed)`; the batch draws each trial's seed from one generator seeded by
/// ``reset(seed:options:)``, so the sequence of tasks is deterministic. The episodes each slot finished are
/// recorded in ``finishedEpisodes`` (by position in the trial) for the meta-learning curves.
///
/// ```swift
/// var batch = TrialBatch(count: 8, episodesPerTrial: 1) { seed in
///     var rng = Xoshiro256StarStar(seed: seed)
///     return AnyEnv(BernoulliBanditEnv.sampleTask(armCount: 5, pulls: 100, using: &rng))
/// }
/// ```
public struct TrialBatch<Info: EnvInfo & EpisodeOutcome>: EnvBatch {
    /// One finished episode of a trial.
    public struct FinishedEpisode: Sendable {
        /// The slot it ran in.
        public var slot: Int
        /// Its position in the trial, from 0.
        public var indexInTrial: Int
        /// Its undiscounted return.
        public var episodicReturn: Double
        /// Its steps.
        public var length: Int
        /// Probes it used (from the last info).
        public var probesUsed: Int
        /// Its final position error, metres (0 where the env has none).
        public var finalErrorMetres: Double
        /// Whether it ended in a terminal state (rather than truncated).
        public var terminated: Bool
        /// The info of its last step.
        public var finalInfo: Info
    }

    /// The number of slots.
    public let count: Int
    /// Episodes per trial (`k`).
    public let episodesPerTrial: Int
    /// The task env's observation space extended by the previous action, reward and done flag.
    public let singleObservationSpace: Box
    /// The task env's action space.
    public let singleActionSpaceDescription: SpaceDescription
    public private(set) var observations: [Float]
    public private(set) var rewards: [Double]
    public private(set) var terminated: [Bool]
    public private(set) var truncated: [Bool]
    public private(set) var infos: [Info]
    /// The info each slot's task env returned on the last step, before any reset for the trial's next episode
    /// (``infos`` holds the reset's info there).
    public private(set) var stepInfos: [Info]
    /// At most this many finished episodes are kept between drains (the oldest half is dropped past it).
    public static var finishedEpisodeCap: Int { 65_536 }
    /// Episodes finished since the last ``drainFinishedEpisodes()``, in the order they ended (at most
    /// ``finishedEpisodeCap``).
    public private(set) var finishedEpisodes: [FinishedEpisode] = []

    /// Whether observations carry the previous action, reward and done flag (RL²); without them the batch is a
    /// plain multi-task vector env (a feed-forward policy pre-trained on the task distribution).
    public let appendsPreviousStep: Bool
    private let makeTask: (UInt64) -> AnyEnv<Info>
    private var envs: [AnyEnv<Info>]
    private let taskWidth: Int
    private let width: Int
    private let actionOffsets: [Int]
    private var pendingTrial: [Bool]
    private var episodeInTrial: [Int]
    private var episodeReturn: [Double]
    private var episodeLength: [Int]
    private var trialSeeds = Xoshiro256StarStar(seed: 0)
    private var scratch: [Float]

    /// Creates the batch; every slot starts a trial on the first ``reset(seed:options:)``.
    /// - Parameters:
    ///   - count: The number of slots.
    ///   - episodesPerTrial: Episodes of one task per trial (`k ≥ 1`).
    ///   - makeTask: The env of a trial's task, from the trial's seed. Every task must have the same spaces, and
    ///     a `Discrete` or `MultiDiscrete` action space.
    ///   - appendsPreviousStep: Append the previous action, reward and done flag to observations (default, RL²).
    public init(
        count: Int, episodesPerTrial: Int, appendsPreviousStep: Bool = true, makeTask: @escaping (UInt64) -> AnyEnv<Info>
    ) {
        precondition(count >= 1 && episodesPerTrial >= 1, "TrialBatch needs ≥ 1 slot and ≥ 1 episode per trial")
        self.count = count
        self.appendsPreviousStep = appendsPreviousStep
        self.episodesPerTrial = episodesPerTrial
        self.makeTask = makeTask
        let prototype = makeTask(0)
        singleActionSpaceDescription = prototype.actionSpaceDescription
        let blocks: [Int]
        switch prototype.actionSpaceDescription {
        case let .discrete(n, _): blocks = [n]
        case let .multiDiscrete(nvec): blocks = nvec
        default: preconditionFailure("TrialBatch needs a Discrete or MultiDiscrete action space")
        }
        var offsets: [Int] = []
        var total = 0
        for n in blocks {
            offsets.append(total)
            total += n
        }
        actionOffsets = offsets
        taskWidth = prototype.observationSpace.size
        if appendsPreviousStep {
            width = taskWidth + total + 2
            let low = Array(prototype.observationSpace.low) + [Float](repeating: 0, count: total) + [-Float.infinity, 0]
            let high = Array(prototype.observationSpace.high) + [Float](repeating: 1, count: total) + [Float.infinity, 1]
            singleObservationSpace = Box(low: low, high: high)
        } else {
            width = taskWidth
            singleObservationSpace = prototype.observationSpace
        }
        envs = [AnyEnv<Info>](repeating: prototype, count: count)
        observations = [Float](repeating: 0, count: count * width)
        rewards = [Double](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = terminated
        pendingTrial = terminated
        episodeInTrial = [Int](repeating: 0, count: count)
        episodeReturn = rewards
        episodeLength = episodeInTrial
        scratch = [Float](repeating: 0, count: taskWidth)
        var first = prototype
        let info = scratch.withUnsafeMutableBufferPointer { first.reset(seed: 0, options: .none, into: $0) }
        infos = [Info](repeating: info, count: count)
        stepInfos = infos
    }

    /// Starts a new trial in every slot; the trials' seeds (and so their tasks) follow from `seed`.
    public mutating func reset(seed: UInt64?, options: ResetOptions) {
        if let seed { trialSeeds = Xoshiro256StarStar(seed: seed ^ 0x7E1A_1000_0000_0000) }
        finishedEpisodes.removeAll(keepingCapacity: true)
        for i in 0 ..< count { startTrial(i) }
    }

    /// Steps every slot: a slot whose trial ended on the last step starts a new trial instead (action ignored).
    /// - Throws: ``EnvError`` when a task env rejects an action.
    public mutating func step(_ actions: [FlatAction]) throws(EnvError) {
        precondition(actions.count == count, "TrialBatch.step needs \(count) actions")
        for i in 0 ..< count {
            terminated[i] = false
            truncated[i] = false
            rewards[i] = 0
            if pendingTrial[i] {
                startTrial(i)
                continue
            }
            let transition = try scratch.withUnsafeMutableBufferPointer { buffer throws(EnvError) in
                try envs[i].step(actions[i], into: buffer)
            }
            rewards[i] = transition.reward
            infos[i] = transition.info
            stepInfos[i] = transition.info
            episodeReturn[i] += transition.reward
            episodeLength[i] += 1
            let ended = transition.terminated || transition.truncated
            if ended {
                // Bounded whether or not anyone drains it: the oldest half goes past the cap.
                if finishedEpisodes.count >= Self.finishedEpisodeCap { finishedEpisodes.removeFirst(Self.finishedEpisodeCap / 2) }
                finishedEpisodes.append(
                    FinishedEpisode(
                        slot: i, indexInTrial: episodeInTrial[i], episodicReturn: episodeReturn[i],
                        length: episodeLength[i], probesUsed: transition.info.probesUsed,
                        finalErrorMetres: transition.info.errorMetres, terminated: transition.terminated,
                        finalInfo: transition.info))
                episodeReturn[i] = 0
                episodeLength[i] = 0
                episodeInTrial[i] += 1
                if episodeInTrial[i] == episodesPerTrial {
                    terminated[i] = transition.terminated
                    truncated[i] = transition.truncated && !transition.terminated
                    pendingTrial[i] = true
                } else {
                    // The next episode of the same task, on this step: the policy sees its first observation.
                    infos[i] = scratch.withUnsafeMutableBufferPointer { envs[i].reset(seed: nil, options: .none, into: $0) }
                }
            }
            write(slot: i, action: actions[i], reward: transition.reward, done: ended)
        }
    }

    /// Returns and forgets the episodes finished since the last call.
    public mutating func drainFinishedEpisodes() -> [FinishedEpisode] {
        defer { finishedEpisodes.removeAll(keepingCapacity: true) }
        return finishedEpisodes
    }

    /// Draws the slot's next task and resets it with the trial's seed.
    private mutating func startTrial(_ i: Int) {
        let seed = trialSeeds.next()
        envs[i] = makeTask(seed)
        infos[i] = scratch.withUnsafeMutableBufferPointer { envs[i].reset(seed: seed, options: .none, into: $0) }
        stepInfos[i] = infos[i]
        pendingTrial[i] = false
        episodeInTrial[i] = 0
        episodeReturn[i] = 0
        episodeLength[i] = 0
        write(slot: i, action: nil, reward: 0, done: false)
    }

    /// Writes the slot's observation: the task observation in ``scratch``, then the previous action, reward, done.
    private mutating func write(slot i: Int, action: FlatAction?, reward: Double, done: Bool) {
        let base = i * width
        for j in 0 ..< taskWidth { observations[base + j] = scratch[j] }
        guard appendsPreviousStep else { return }
        for j in taskWidth ..< width { observations[base + j] = 0 }
        switch action {
        case let .index(a)?:
            if case let .discrete(_, start) = singleActionSpaceDescription { observations[base + taskWidth + a - start] = 1 }
        case let .indices(components)?:
            for (c, a) in components.enumerated() where c < actionOffsets.count {
                observations[base + taskWidth + actionOffsets[c] + a] = 1
            }
        default: break
        }
        observations[base + width - 2] = Float(reward)
        observations[base + width - 1] = done ? 1 : 0
    }
}
