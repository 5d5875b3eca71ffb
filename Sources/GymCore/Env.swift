/// A Markov decision process with Gymnasium 1.x semantics, written for speed.
///
/// This is the contract every SensingGym environment keeps, stated once where a reader meets it
/// (it follows `gymnasium/core.py`):
///
/// - ``reset(seed:options:into:)`` starts an episode and writes the first observation. With a `seed`
///   the environment's generator is reseeded, so the same seed gives the same episode bit for bit;
///   with `nil` it continues the generator's stream (a new, different episode).
/// - ``step(_:into:)`` applies one action and writes the next observation. It returns a ``Transition``:
///   `reward`; `terminated`, true when the MDP reached a terminal state (for SensingGym: the tracker met the
///   scenario's accuracy target); `truncated`, true when the episode was cut short from outside the MDP
///   (the probe budget, a time limit). After either is true the caller must call `reset` before stepping
///   again; ``VectorEnv`` does so itself, in Gymnasium's next-step autoreset mode.
/// - An action outside ``actionSpace`` is a thrown ``EnvError/invalidAction(_:)`` with a message that
///   names the action and the space; the environment's state is unchanged.
/// - `info` is a typed value for evaluation and logging (ground truth, errors, costs): a policy must not read it.
/// - The observation always lies in ``observationSpace``, a flat `Float32` ``Box``.
///
/// The `into:` forms write into a caller-owned buffer of `observationSpace.size` floats and allocate
/// nothing on the heap; ``reset(seed:options:)`` and ``step(_:)`` are conveniences that return a new array.
///
/// ```swift
/// var env = try BeamSelectionEnv(scenario: .named("wrf-office-16x15"))
/// var (observation, _) = env.reset(seed: 1)
/// let result = try env.step(env.actionSpace.sample(using: &rng))
/// ```
public protocol Env {
    /// The space actions are drawn from.
    associatedtype ActionSpace: Space
    /// The typed diagnostic record returned with every reset and step.
    associatedtype Info: EnvInfo

    /// The space every observation lies in (flat, `Float32`).
    var observationSpace: Box { get }
    /// The space every valid action lies in.
    var actionSpace: ActionSpace { get }

    /// Starts a new episode, writing the first observation into `observation`.
    /// - Parameters:
    ///   - seed: reseeds the environment's generator when given; `nil` continues its stream.
    ///   - options: environment-specific settings for this episode (empty by default).
    ///   - observation: a buffer of exactly `observationSpace.size` floats.
    /// - Returns: the info record of the initial state.
    mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Info

    /// Applies `action` for one time step, writing the next observation into `observation`.
    /// - Throws: ``EnvError/invalidAction(_:)`` when `action` is not in ``actionSpace``.
    mutating func step(
        _ action: ActionSpace.Element, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Info>
}

/// The diagnostic record an environment returns beside each observation (Gymnasium's `info`).
///
/// It is a typed struct, built without heap allocation on the hot path; it becomes JSON only at the
/// bridge or in logs.
public protocol EnvInfo: Sendable, Encodable {}

/// What one step produced, apart from the observation (which was written into the caller's buffer).
public struct Transition<Info: EnvInfo>: Sendable {
    /// The reward for the step.
    public var reward: Double
    /// The MDP reached a terminal state.
    public var terminated: Bool
    /// The episode was cut short from outside the MDP (budget or time limit).
    public var truncated: Bool
    /// Diagnostics for evaluation; never an input to a policy.
    public var info: Info

    /// Creates a transition record.
    @inlinable
    public init(reward: Double, terminated: Bool, truncated: Bool, info: Info) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }
}

/// A full step result with its own observation array, as Gymnasium's `step` returns it.
public struct StepResult<Info: EnvInfo>: Sendable {
    /// The observation after the step.
    public var observation: [Float]
    /// The reward for the step.
    public var reward: Double
    /// The MDP reached a terminal state.
    public var terminated: Bool
    /// The episode was cut short from outside the MDP.
    public var truncated: Bool
    /// Diagnostics for evaluation.
    public var info: Info
}

/// Environment-specific options for one episode, as the `options` dict of Gymnasium's `reset`.
///
/// Values are numbers keyed by name so that they travel unchanged over the bridge's JSON.
public struct ResetOptions: Sendable, Codable, Equatable {
    /// The options by name.
    public var values: [String: Double]

    /// Creates options from a dictionary (empty by default).
    public init(_ values: [String: Double] = [:]) { self.values = values }

    /// No options.
    public static let none = ResetOptions()
}

/// Errors an environment throws.
public enum EnvError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The action is not an element of the action space; the message names both.
    case invalidAction(String)
    /// `step` was called before `reset` or after the episode ended without a reset.
    case needsReset(String)

    /// A human-readable message.
    public var description: String {
        switch self {
        case .invalidAction(let message): return "invalid action: \(message)"
        case .needsReset(let message): return "reset needed: \(message)"
        }
    }
}

extension Env {
    /// Starts a new episode and returns its first observation as a new array.
    public mutating func reset(seed: UInt64? = nil, options: ResetOptions = .none) -> (
        observation: [Float], info: Info
    ) {
        var observation = [Float](repeating: 0, count: observationSpace.size)
        let info = observation.withUnsafeMutableBufferPointer { buffer in
            reset(seed: seed, options: options, into: buffer)
        }
        return (observation, info)
    }

    /// Applies `action` and returns the full result with a new observation array.
    /// - Throws: ``EnvError/invalidAction(_:)`` when `action` is not in ``actionSpace``.
    public mutating func step(_ action: ActionSpace.Element) throws(EnvError) -> StepResult<Info> {
        var observation = [Float](repeating: 0, count: observationSpace.size)
        let transition = try observation.withUnsafeMutableBufferPointer { buffer throws(EnvError) in
            try step(action, into: buffer)
        }
        return StepResult(
            observation: observation, reward: transition.reward, terminated: transition.terminated,
            truncated: transition.truncated, info: transition.info)
    }
}
