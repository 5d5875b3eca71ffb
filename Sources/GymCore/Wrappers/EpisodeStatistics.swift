/// Tracks each episode's return, length and wall time, as Gymnasium's `RecordEpisodeStatistics`.
///
/// On the step where an episode terminates or is truncated, the info carries
/// ``EpisodeStatisticsInfo/episode``; the last ``bufferLength`` summaries are kept in ``recentEpisodes``.
///
/// ```swift
/// var env = EpisodeStatistics(TimeLimit(GridWalk(size: 5), maxEpisodeSteps: 50))
/// let result = try env.step(1)
/// if let episode = result.info.episode { print(episode.return, episode.length) }
/// ```
public struct EpisodeStatistics<Inner: Env>: EnvWrapper {
    /// The wrapped env.
    public private(set) var inner: Inner
    /// The number of finished episodes kept in ``recentEpisodes``.
    public let bufferLength: Int
    /// The summaries of the last ``bufferLength`` finished episodes, oldest first.
    public private(set) var recentEpisodes: [EpisodeSummary] = []
    /// The number of episodes finished so far.
    public private(set) var episodeCount = 0
    private var episodeReturn = 0.0
    private var episodeLength = 0
    private var episodeStart = ContinuousClock.now

    /// Wraps `inner`, keeping the last `bufferLength` summaries (Gymnasium's `buffer_length`, default 100).
    public init(_ inner: Inner, bufferLength: Int = 100) {
        precondition(bufferLength > 0, "EpisodeStatistics needs bufferLength > 0")
        self.inner = inner
        self.bufferLength = bufferLength
    }

    /// Resets the inner env and starts counting a new episode.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> EpisodeStatisticsInfo<Inner.Info> {
        let info = inner.reset(seed: seed, options: options, into: observation)
        episodeReturn = 0
        episodeLength = 0
        episodeStart = ContinuousClock.now
        return EpisodeStatisticsInfo(inner: info)
    }

    /// Steps the inner env, accumulating the return, and attaches the summary when the episode ends.
    public mutating func step(
        _ action: Inner.ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<EpisodeStatisticsInfo<Inner.Info>> {
        let t = try inner.step(action, into: observation)
        episodeReturn += t.reward
        episodeLength += 1
        var info = EpisodeStatisticsInfo(inner: t.info)
        if t.terminated || t.truncated {
            let elapsed = ContinuousClock.now - episodeStart
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let summary = EpisodeSummary(return: episodeReturn, length: episodeLength, wallSeconds: seconds)
            info.episode = summary
            if recentEpisodes.count == bufferLength { recentEpisodes.removeFirst() }
            recentEpisodes.append(summary)
            episodeCount += 1
        }
        return Transition(reward: t.reward, terminated: t.terminated, truncated: t.truncated, info: info)
    }
}
