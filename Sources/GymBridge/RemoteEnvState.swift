/// The mutable client-side state a ``RemoteEnv`` and its copies share.
final class RemoteEnvState {
    /// Whether the episode ended (or the remote failed) since the last successful reset.
    var episodeOver = true
    /// The last remote failure.
    var lastError: RemoteEnvError?
}
