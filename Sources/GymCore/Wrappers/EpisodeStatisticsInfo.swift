/// The info of ``EpisodeStatistics``: the inner env's info plus, on an episode's last step, its summary.
///
/// Encodes as the inner info's fields with an added `"episode"` key when the episode ended (Gymnasium's
/// `info["episode"]`); the inner info must encode as a keyed container (a struct) for that.
public struct EpisodeStatisticsInfo<Inner: EnvInfo>: EnvInfo {
    /// The inner env's info.
    public var inner: Inner
    /// The episode's totals, present only on the step where it terminated or was truncated.
    public var episode: EpisodeSummary?

    /// Creates an info record.
    public init(inner: Inner, episode: EpisodeSummary? = nil) {
        self.inner = inner
        self.episode = episode
    }

    private enum CodingKeys: String, CodingKey { case episode }

    /// Encodes the inner info's fields and, when present, `"episode"` beside them.
    public func encode(to encoder: any Encoder) throws {
        try inner.encode(to: encoder)
        if let episode {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(episode, forKey: .episode)
        }
    }
}
