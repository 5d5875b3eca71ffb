import GymCore

/// A multi-armed Bernoulli bandit: the meta-RL sanity task of the RL² paper (Duan et al., 2016, §4.1).
///
/// ## Description
/// `k` arms, arm `i` paying 1 with probability `means[i]` and 0 otherwise, for `pulls` pulls per episode. The
/// arm means are the task: fixed for the env's lifetime, so a meta-learner meets a new task by getting a new env
/// (``BernoulliBanditEnv/sampleTask(armCount:pulls:using:)`` draws the means uniformly in [0, 1], as the paper).
/// Nothing in the observation reveals the means; only rewards do.
///
/// ## Action Space
/// `Discrete(k)`: the arm to pull.
///
/// ## Observation Space
/// | index | meaning | min | max |
/// |---|---|---|---|
/// | 0 | pulls left in the episode ÷ `pulls` | 0 | 1 |
///
/// ## Rewards
/// 1 with probability `means[action]`, else 0. The expected return of an episode is at most `pulls · max(means)`;
/// a policy that ignores rewards earns `pulls · mean(means)` on average (50 for 5 arms and 100 pulls).
///
/// ## Starting State
/// All `pulls` pulls left. `reset(seed:)` seeds the reward draws.
///
/// ## Episode End
/// Terminated after `pulls` pulls (the horizon is part of the task, and the observation shows it). Never truncated.
///
/// ## Arguments
/// `means` (one per arm, each in [0, 1]) and `pulls` (≥ 1).
///
/// ## Version History
/// - v0: initial version.
public struct BernoulliBanditEnv: Env {
    public typealias ActionSpace = Discrete

    /// What each pull reports.
    public struct Info: EnvInfo, Equatable {
        /// Pulls made so far in the episode.
        public var pulls: Int
        /// The expected reward lost so far against always pulling the best arm.
        public var regret: Double

        /// Creates an info record.
        public init(pulls: Int, regret: Double) {
            self.pulls = pulls
            self.regret = regret
        }
    }

    /// The task: each arm's probability of paying 1.
    public let means: [Double]
    /// Pulls per episode.
    public let pulls: Int
    /// `Box([0], [1])`.
    public let observationSpace: Box
    /// `Discrete(means.count)`.
    public let actionSpace: Discrete
    private var rng = Xoshiro256StarStar(seed: 0)
    private var pullsMade = 0
    private var regret = 0.0
    private let bestMean: Double

    /// Creates a bandit with the given arm means.
    /// - Precondition: at least one arm, every mean in [0, 1], `pulls ≥ 1`.
    public init(means: [Double], pulls: Int) {
        precondition(!means.isEmpty && means.allSatisfy { (0 ... 1).contains($0) } && pulls >= 1,
                     "BernoulliBanditEnv needs ≥ 1 arm with means in [0, 1] and ≥ 1 pull")
        self.means = means
        self.pulls = pulls
        bestMean = means.max() ?? 0
        observationSpace = Box(low: [0], high: [1])
        actionSpace = Discrete(means.count)
    }

    /// A task of the RL² bandit distribution: `armCount` means drawn uniformly in [0, 1].
    public static func sampleTask(armCount: Int, pulls: Int, using rng: inout Xoshiro256StarStar) -> BernoulliBanditEnv {
        BernoulliBanditEnv(means: (0 ..< armCount).map { _ in rng.nextUnitDouble() }, pulls: pulls)
    }

    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Info {
        if let seed { rng = Xoshiro256StarStar(seed: seed) }
        pullsMade = 0
        regret = 0
        observation[0] = 1
        return Info(pulls: 0, regret: 0)
    }

    public mutating func step(
        _ action: Int, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Info> {
        guard actionSpace.contains(action) else { throw EnvError.invalidAction("arm \(action) is not in \(actionSpace)") }
        guard pullsMade < pulls else { throw EnvError.needsReset("all \(pulls) pulls are made; call reset") }
        pullsMade += 1
        regret += bestMean - means[action]
        let reward: Double = rng.nextUnitDouble() < means[action] ? 1 : 0
        observation[0] = Float(pulls - pullsMade) / Float(pulls)
        return Transition(
            reward: reward, terminated: pullsMade == pulls, truncated: false, info: Info(pulls: pullsMade, regret: regret))
    }
}
