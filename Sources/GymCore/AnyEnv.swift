/// A type-erased environment whose info is `Info`, taking actions in the flat wire form.
///
/// It is what the registry makes and what the bridge and the CLI drive: any ``Env`` with the same `Info`
/// (or whose info maps to it) fits. An action is decoded by the wrapped env's own action space
/// (`element(from:)`), so a bad action throws ``EnvError/invalidAction(_:)`` with that space's message.
/// `AnyEnv` has value semantics like the envs it wraps: copies share storage until one of them is
/// reset or stepped (copy on write), and a `.index` step through the `into:` form allocates nothing.
///
/// ```swift
/// var env = AnyEnv(GridWalk(size: 5), id: "GridWalk-v0")
/// let (observation, _) = env.reset(seed: 7)
/// let result = try env.step(.index(2))
/// ```
public struct AnyEnv<Info: EnvInfo>: Env {
    /// The flat action space: the wrapped env's action space, known by its description.
    public typealias ActionSpace = FlatActionSpace

    /// The id the env was made under (e.g. `"BeamSelection-v1"`); metadata only.
    public var id: String
    /// The wrapped env's observation space.
    public let observationSpace: Box
    /// The wrapped env's action space, as a ``FlatActionSpace``.
    public let actionSpace: FlatActionSpace
    /// The wrapped env, in an `EnvBox<E>`.
    @usableFromInline var box: EnvBoxBase
    /// The wrapped env's operations, specialised for its type where `AnyEnv` was created.
    @usableFromInline let operations: AnyEnvOperations<Info>

    /// The wrapped env's action space as JSON-ready description.
    public var actionSpaceDescription: SpaceDescription { actionSpace.described }

    /// Wraps `env`, whose info is already `Info`.
    @inlinable
    public init<E: Env>(_ env: E, id: String = "") where E.Info == Info {
        self.init(env, id: id, operations: AnyEnvOperations(for: E.self, actionSpace: env.actionSpace))
    }

    /// Wraps `env`, converting its info with `transform` on every reset and step (keep it allocation-free).
    @inlinable
    public init<E: Env>(_ env: E, id: String = "", info transform: @escaping (E.Info) -> Info) {
        self.init(env, id: id, operations: AnyEnvOperations(for: E.self, actionSpace: env.actionSpace, info: transform))
    }

    @inlinable
    init<E: Env>(_ env: E, id: String, operations: AnyEnvOperations<Info>) {
        self.id = id
        self.observationSpace = env.observationSpace
        self.actionSpace = FlatActionSpace(env.actionSpace.spaceDescription)
        self.box = EnvBox(env)
        self.operations = operations
    }

    /// Resets the wrapped env; see ``Env/reset(seed:options:into:)``.
    @inlinable
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Info {
        makeUnique()
        return operations.reset(box, seed, options, observation)
    }

    /// Decodes `flat` with the wrapped env's action space and steps it; see ``Env/step(_:into:)``.
    /// - Throws: ``EnvError/invalidAction(_:)`` when `flat` is not an element of the action space.
    @inlinable
    public mutating func step(
        _ flat: FlatAction, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Info> {
        makeUnique()
        return try operations.step(box, flat, observation)
    }

    /// The wrapped env, if it is an `E`.
    public func unwrapped<E: Env>(as type: E.Type) -> E? { (box as? EnvBox<E>)?.env }

    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = operations.copy(box) }
    }
}

/// The class every ``EnvBox`` derives from: a concrete class type, so that `isKnownUniquelyReferenced` works
/// (on an `AnyObject` existential it never reports a unique reference, and every step would copy the env).
@usableFromInline
class EnvBoxBase {
    @inlinable init() {}
}

/// A class holding an env, so that `AnyEnv` can share it copy-on-write.
@usableFromInline
final class EnvBox<E: Env>: EnvBoxBase {
    /// Unchecked: only ``AnyEnv`` reaches it, after `makeUnique`, one call at a time (a dynamic exclusivity check
    /// around every reset and step cost more than some steps' physics).
    @usableFromInline @exclusivity(unchecked) var env: E

    @inlinable
    init(_ env: E) {
        self.env = env
        super.init()
    }
}

/// Reset, step and copy of one env type as closures over its ``EnvBox``.
///
/// The closures are formed in `AnyEnv`'s inlinable initialiser, i.e. in the module that knows the concrete
/// env type, so they run fully specialised code: no generic metadata look-ups on the hot path.
@usableFromInline
struct AnyEnvOperations<Info: EnvInfo> {
    @usableFromInline let reset: (EnvBoxBase, UInt64?, ResetOptions, UnsafeMutableBufferPointer<Float>) -> Info
    @usableFromInline let step:
        (EnvBoxBase, FlatAction, UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<Info>
    @usableFromInline let copy: (EnvBoxBase) -> EnvBoxBase

    /// Operations for an env whose info needs no conversion.
    @inlinable
    init<E: Env>(for type: E.Type, actionSpace: E.ActionSpace) where E.Info == Info {
        copy = { object in EnvBox(unsafeDowncast(object, to: EnvBox<E>.self).env) }
        reset = { object, seed, options, observation in
            unsafeDowncast(object, to: EnvBox<E>.self).env.reset(seed: seed, options: options, into: observation)
        }
        step = { object, flat, observation throws(EnvError) in
            let action = try actionSpace.element(from: flat)
            return try unsafeDowncast(object, to: EnvBox<E>.self).env.step(action, into: observation)
        }
    }

    /// Operations for an env whose info `transform` converts.
    @inlinable
    init<E: Env>(for type: E.Type, actionSpace: E.ActionSpace, info transform: @escaping (E.Info) -> Info) {
        copy = { object in EnvBox(unsafeDowncast(object, to: EnvBox<E>.self).env) }
        reset = { object, seed, options, observation in
            transform(unsafeDowncast(object, to: EnvBox<E>.self).env.reset(seed: seed, options: options, into: observation))
        }
        step = { object, flat, observation throws(EnvError) in
            let action = try actionSpace.element(from: flat)
            let t = try unsafeDowncast(object, to: EnvBox<E>.self).env.step(action, into: observation)
            return Transition(reward: t.reward, terminated: t.terminated, truncated: t.truncated, info: transform(t.info))
        }
    }
}
