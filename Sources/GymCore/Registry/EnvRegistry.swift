import Foundation

/// A table from env ids (`"BeamSelection-v1"`) to factories, as Gymnasium's `register` / `make`.
///
/// The registry is a value: build one at start-up (the Environments module offers the standard one) and hand
/// it to the CLI or the bridge. Factories receive the whole ``EnvSpec`` and wrap their env in ``AnyEnv``.
///
/// ```swift
/// var registry = EnvRegistry<GridInfo>()
/// try registry.register("GridWalk-v0") { spec in AnyEnv(GridWalk(size: try spec.value("size", as: Int.self) ?? 5)) }
/// var env = try registry.make("GridWalk-v0", kwargs: ["size": "7"])
/// ```
public struct EnvRegistry<Info: EnvInfo>: Sendable {
    /// Makes an env from its spec.
    public typealias Factory = @Sendable (EnvSpec) throws -> AnyEnv<Info>

    private var factories: [String: Factory] = [:]
    private var declaredOptions: [String: [String: String]] = [:]

    /// Creates an empty registry.
    public init() {}

    /// The registered ids, sorted.
    public var ids: [String] { factories.keys.sorted() }

    /// Whether a factory is registered under `id`.
    public func contains(_ id: String) -> Bool { factories[id] != nil }

    /// Registers `factory` under `id`.
    /// - Throws: ``RegistryError/malformedID(_:)`` unless `id` is `Name-vN`;
    ///   ``RegistryError/duplicateID(_:)`` when `id` is taken.
    /// - Parameter options: the keyword arguments the factory reads, each with a one-line description of the
    ///   values it takes (`["estimator": "ekf (default), wknn, rf or wrf"]`), for ``options(of:)``.
    public mutating func register(
        _ id: String, options: [String: String] = [:], factory: @escaping Factory
    ) throws(RegistryError) {
        guard EnvRegistryID.isWellFormed(id) else { throw .malformedID(id) }
        guard factories[id] == nil else { throw .duplicateID(id) }
        factories[id] = factory
        declaredOptions[id] = options
    }

    /// The keyword arguments `id` was registered with, and what values each takes (empty for an unknown id).
    ///
    /// ``make(_:)`` does not check keys against this list (a factory ignores keys it does not read); callers
    /// that take options from users, such as the bridge, refuse keys not listed here.
    public func options(of id: String) -> [String: String] { declaredOptions[id] ?? [:] }

    /// Makes the env `spec.id` and stamps the result with that id.
    /// - Throws: ``RegistryError/unknownID(_:known:)`` listing the known ids, or whatever the factory throws.
    public func make(_ spec: EnvSpec) throws -> AnyEnv<Info> {
        guard let factory = factories[spec.id] else { throw RegistryError.unknownID(spec.id, known: ids) }
        var env = try factory(spec)
        env.id = spec.id
        return env
    }

    /// Makes the env `id` with an optional scenario and keyword arguments.
    /// - Throws: ``RegistryError/unknownID(_:known:)`` listing the known ids, or whatever the factory throws.
    public func make(_ id: String, scenario: String? = nil, kwargs: [String: String] = [:]) throws -> AnyEnv<Info> {
        try make(EnvSpec(id: id, scenario: scenario, kwargs: kwargs))
    }
}
