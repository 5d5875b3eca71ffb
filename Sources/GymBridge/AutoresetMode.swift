/// When a session's envs start their next episode (protocol 1.1, `make` field `autoreset`), as Gymnasium's
/// `gymnasium.vector.AutoresetMode`.
enum AutoresetMode: String, CaseIterable {
    /// On the step after the one where the episode ended (reward 0, flags false): Gymnasium 1.x's default.
    case nextStep = "next_step"
    /// On the step where it ended: that step's `obs` is the new episode's first, the final one is in `final_obs`.
    case sameStep = "same_step"
}

extension BridgeServer {
    /// The minor version of protocol 1 this server speaks (`hello` field `protocol_minor`): 1 adds `make`'s
    /// `options` and `autoreset`, the `bad_option` error and the `scene` description.
    public static let protocolMinorVersion = 1
}
