// ActorCritic: what the trainers need from "a batch of environments", local or remote.
import GymCore

/// A batch of environments stepped together with Gymnasium 1.x next-step autoreset, as the trainers drive it.
///
/// ``VectorEnv`` of ``AnyEnv`` conforms (actions in the flat wire form); a vector env of remote envs behind the
/// bridge conforms the same way, so ``PPO`` and ``A2C`` train on either. After ``step(_:)``, an env whose episode
/// ended on the previous step has been reset instead of stepped: its action was ignored, its reward is 0 and
/// its observation is the new episode's first. The trainers track that themselves and mask such steps.
public protocol EnvBatch {
    /// The per-env diagnostic record.
    associatedtype Info: EnvInfo

    /// The number of environments.
    var count: Int { get }
    /// The observation space of one environment.
    var singleObservationSpace: Box { get }
    /// The action space of one environment, as a description.
    var singleActionSpaceDescription: SpaceDescription { get }
    /// The observations after the last reset or step, `count × observation size`, env-major.
    var observations: [Float] { get }
    /// The rewards of the last step.
    var rewards: [Double] { get }
    /// Whether each env reached a terminal state on the last step.
    var terminated: [Bool] { get }
    /// Whether each env was truncated on the last step.
    var truncated: [Bool] { get }
    /// The info of each env after the last reset or step.
    var infos: [Info] { get }

    /// Resets every env, env `i` with `seed + i` (or continuing its stream when `seed` is nil).
    mutating func reset(seed: UInt64?, options: ResetOptions)

    /// Steps every env with its flat action (or autoresets it).
    /// - Throws: ``EnvError`` when an action is invalid.
    mutating func step(_ actions: [FlatAction]) throws(EnvError)
}

extension VectorEnv: EnvBatch where E.ActionSpace.Element == FlatAction {
    /// The description of ``VectorEnv/singleActionSpace``.
    public var singleActionSpaceDescription: SpaceDescription { singleActionSpace.spaceDescription }
}
