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

    /// The id the env was made under (e.g. `"BeamSelection-v0"`); metadata only.
    public var id: String
    /// The wrapped env's observation space.
    public let observationSpace: Box
    /// The wrapped env's action space, as a ``FlatActionSpace``.
    public let actionSpace: FlatActionSpace
    @usableFromInline var storage: AnyEnvStorage<Info>

    /// The wrapped env's action space as JSON-ready description.
    public var actionSpaceDescription: SpaceDescription { actionSpace.described }

    /// Wraps `env`, whose info is already `Info`.
    @inlinable
    public init<E: Env>(_ env: E, id: String = "") where E.Info == Info {
        self.init(env, id: id, info: { $0 })
    }

    /// Wraps `env`, converting each of its infos by `info` (to put envs with different infos in one registry).
    @inlinable
    public init<E: Env>(_ env: E, id: String = "", info transform: @escaping (E.Info) -> Info) {
        self.id = id
        self.observationSpace = env.observationSpace
        self.actionSpace = FlatActionSpace(env.actionSpace.spaceDescription)
        self.storage = ConcreteEnvStorage(env, transform: transform)
    }

    /// Starts an episode of the wrapped env (see ``Env/reset(seed:options:into:)``).
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> Info {
        makeUnique()
        return storage.reset(seed: seed, options: options, into: observation)
    }

    /// Decodes `flat` with the wrapped env's action space and steps it.
    /// - Throws: ``EnvError/invalidAction(_:)`` when `flat` is not an element of the action space.
    public mutating func step(
        _ flat: FlatAction, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<Info> {
        makeUnique()
        return try storage.step(flat, into: observation)
    }

    /// The wrapped env when it is an `E` (a copy), else `nil`.
    public func unwrapped<E: Env>(as type: E.Type) -> E? { storage.unwrapped(as: type) }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

/// The class-bound storage of ``AnyEnv``; subclassed once per wrapped env type.
@usableFromInline
class AnyEnvStorage<Info: EnvInfo> {
    @usableFromInline init() {}

    @usableFromInline
    func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> Info {
        fatalError("AnyEnvStorage.reset is abstract")
    }

    @usableFromInline
    func step(_ flat: FlatAction, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError)
        -> Transition<Info>
    {
        fatalError("AnyEnvStorage.step is abstract")
    }

    @usableFromInline
    func copy() -> AnyEnvStorage<Info> { fatalError("AnyEnvStorage.copy is abstract") }

    @usableFromInline
    func unwrapped<E: Env>(as type: E.Type) -> E? { nil }
}

/// Holds one concrete env and its info conversion.
@usableFromInline
final class ConcreteEnvStorage<E: Env, Info: EnvInfo>: AnyEnvStorage<Info> {
    @usableFromInline var env: E
    @usableFromInline let transform: (E.Info) -> Info
    @usableFromInline let actionSpace: E.ActionSpace

    @inlinable
    init(_ env: E, transform: @escaping (E.Info) -> Info) {
        self.env = env
        self.transform = transform
        self.actionSpace = env.actionSpace
    }

    @inlinable
    override func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>)
        -> Info
    {
        transform(env.reset(seed: seed, options: options, into: observation))
    }

    @inlinable
    override func step(_ flat: FlatAction, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError)
        -> Transition<Info>
    {
        let action = try actionSpace.element(from: flat)
        let t = try env.step(action, into: observation)
        return Transition(reward: t.reward, terminated: t.terminated, truncated: t.truncated, info: transform(t.info))
    }

    @inlinable
    override func copy() -> AnyEnvStorage<Info> { ConcreteEnvStorage(env, transform: transform) }

    @inlinable
    override func unwrapped<T: Env>(as type: T.Type) -> T? { env as? T }
}
