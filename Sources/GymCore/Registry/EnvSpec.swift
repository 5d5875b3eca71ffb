/// What to make: an env id, an optional scenario and keyword arguments, as Gymnasium's `EnvSpec`.
///
/// Keyword arguments are strings so that they travel unchanged from the CLI and over the bridge's JSON;
/// factories read them typed through ``value(_:as:)``, which names the bad argument when parsing fails.
///
/// ```swift
/// let spec = EnvSpec(id: "BeamSelection-v1", scenario: "wrf-office-16x15", kwargs: ["budget": "64"])
/// let budget = try spec.value("budget", as: Int.self) ?? 64
/// ```
public struct EnvSpec: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The env id, `Name-vN` (e.g. `"BeamSelection-v1"`).
    public var id: String
    /// A scenario name or a path to a scenario file; `nil` for the env's default.
    public var scenario: String?
    /// Environment-specific keyword arguments.
    public var kwargs: [String: String]

    /// Creates a spec.
    public init(id: String, scenario: String? = nil, kwargs: [String: String] = [:]) {
        self.id = id
        self.scenario = scenario
        self.kwargs = kwargs
    }

    /// The keyword argument `key` parsed as `T`, `nil` when absent.
    /// - Throws: ``RegistryError/badArgument(id:key:value:expected:)`` when the value does not parse.
    public func value<T: LosslessStringConvertible>(_ key: String, as type: T.Type) throws(RegistryError) -> T? {
        guard let text = kwargs[key] else { return nil }
        guard let value = T(text) else {
            throw .badArgument(id: id, key: key, value: text, expected: String(describing: T.self))
        }
        return value
    }

    /// `BeamSelection-v1(scenario: …, budget=64)`, with kwargs sorted by key.
    public var description: String {
        var parts: [String] = []
        if let scenario { parts.append("scenario: \(scenario)") }
        parts += kwargs.keys.sorted().map { "\($0)=\(kwargs[$0] ?? "")" }
        return parts.isEmpty ? id : "\(id)(\(parts.joined(separator: ", ")))"
    }
}
