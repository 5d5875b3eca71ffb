// ActorCritic: what can go wrong setting up, training or restoring an actor-critic agent.

/// An error of the actor-critic trainers, agents and their checkpoints; the description names the problem.
public enum ActorCriticError: Error, Equatable, CustomStringConvertible {
    /// The action space has no matching action distribution.
    case unsupportedActionSpace(String)
    /// A hyperparameter is out of range; the messages name each field.
    case invalidConfiguration([String])
    /// A checkpoint does not fit what it should restore (other env, other spaces, missing metadata).
    case incompatibleCheckpoint(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .unsupportedActionSpace(message): return "unsupported action space: \(message)"
        case let .invalidConfiguration(problems): return "invalid configuration: " + problems.joined(separator: "; ")
        case let .incompatibleCheckpoint(message): return "incompatible checkpoint: \(message)"
        }
    }
}
