// MetaRL: what adapting the meta-parameters to one task produced.

/// The policy adapted to one task and the experience it cost.
public struct MAMLAdaptation {
    /// The adapted agent: parameters φ, and the meta-agent's observation statistics (frozen, not adapted).
    public let agent: ActorCriticAgent
    /// The task adapted to.
    public let task: String
    /// The complete episodes of experience used (what was asked for).
    public let episodes: Int
    /// The environment steps those episodes took.
    public let environmentSteps: Int
    /// The PPO updates applied (`⌈episodes / innerEpisodes⌉`).
    public let updates: Int
    /// The undiscounted return of each adaptation episode, in order (sampled actions, under the parameters of the
    /// moment: the first update's episodes under θ).
    public let episodeReturns: [Double]
}
