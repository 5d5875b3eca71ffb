// ActorCritic: what the training log reads from the info of an episode's last step.
import Environments

/// An info record that says how an episode ended, for the training log's `charts/probes_used` and
/// `charts/final_error_m`.
public protocol EpisodeOutcome {
    /// The steps (probes) the episode used.
    var probesUsed: Int { get }
    /// The final position error, metres (0 where the env has no notion of it).
    var errorMetres: Double { get }
}

extension ProbeInfo: EpisodeOutcome {}

extension BernoulliBanditEnv.Info: EpisodeOutcome {
    /// The pulls made.
    public var probesUsed: Int { pulls }
    /// A bandit has no position: 0.
    public var errorMetres: Double { 0 }
}
