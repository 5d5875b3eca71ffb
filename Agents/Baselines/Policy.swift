import GymCore

/// A decision rule that picks the next probe of an environment.
///
/// Policies see the observation, and model-based ones may also read the environment's model and the
/// tracker's state (what a real device knows); only the oracle reads the ground truth, and says so.
public protocol Policy {
    /// The environment the policy acts in.
    associatedtype Environment: Env

    /// A short name for tables (`random`, `sweep`, `greedy`, `oracle`, `ppo`).
    var name: String { get }

    /// Called after every reset, before the episode's first action.
    mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>)

    /// The next action.
    mutating func action(in env: Environment, observation: UnsafeBufferPointer<Float>) -> Environment.ActionSpace.Element
}
