/// The totals of one finished episode, as Gymnasium's `info["episode"]`.
///
/// Encodes with Gymnasium's keys, `{"r": return, "l": length, "t": seconds}`, so Python tools (SB3's
/// monitors, `RecordEpisodeStatistics` readers) take it unchanged.
public struct EpisodeSummary: Sendable, Equatable, Codable {
    /// The undiscounted sum of the episode's rewards.
    public var `return`: Double
    /// The number of steps in the episode.
    public var length: Int
    /// Wall-clock seconds from the episode's reset to its last step.
    public var wallSeconds: Double

    /// Creates a summary.
    public init(return: Double, length: Int, wallSeconds: Double) {
        self.return = `return`
        self.length = length
        self.wallSeconds = wallSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case `return` = "r"
        case length = "l"
        case wallSeconds = "t"
    }
}
