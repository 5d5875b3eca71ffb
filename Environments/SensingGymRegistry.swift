import GymCore
import RadioScene

/// The registry of SensingGym's environment ids: `BeamSelection-v1`, `Waveform-v1`, `RISConfiguration-v1`.
///
/// ```swift
/// var env = try SensingGymRegistry.make("BeamSelection-v1", scenario: "wrf-room-8x6")
/// ```
public enum SensingGymRegistry {
    /// Every registered id with its factory; the scenario defaults to ``ScenarioLibrary/defaultName``.
    public static let shared: EnvRegistry<ProbeInfo> = {
        var registry = EnvRegistry<ProbeInfo>()
        // Registration of a fixed, distinct id list cannot fail.
        for (id, build) in builders.sorted(by: { $0.key < $1.key }) {
            try? registry.register(id, options: options[id] ?? [:]) { spec in try build(spec, try scenario(for: spec)) }
        }
        return registry
    }()

    /// How each id builds its env from a spec (for its keyword arguments) and a scenario value.
    private static let builders: [String: @Sendable (EnvSpec, Scenario) throws -> AnyEnv<ProbeInfo>] = [
        BeamSelectionEnv.id: { spec, scenario in
            AnyEnv(try makeBeamSelection(spec, scenario: scenario), id: BeamSelectionEnv.id)
        },
        WaveformEnv.id: { _, scenario in AnyEnv(WaveformEnv(scenario: scenario), id: WaveformEnv.id) },
        RISConfigurationEnv.id: { spec, scenario in try makeRISConfiguration(spec, scenario: scenario) },
    ]

    /// The keyword arguments each id reads (``EnvRegistry/options(of:)``).
    private static let options = [BeamSelectionEnv.id: beamSelectionOptions, RISConfigurationEnv.id: risOptions]

    /// The registered ids.
    public static var ids: [String] { shared.ids }

    /// Makes an environment by id and scenario (a built-in name or a YAML path).
    /// - Throws: `RegistryError` for an unknown id, ``ScenarioError`` for a bad scenario.
    public static func make(_ id: String, scenario: String? = nil) throws -> AnyEnv<ProbeInfo> {
        try shared.make(EnvSpec(id: id, scenario: scenario))
    }

    /// Makes an environment by id for a scenario value, such as a task of a ``TaskFamily``.
    ///
    /// ```swift
    /// let task = try TaskFamily.beamRooms.task(index: 0, split: .train)
    /// var env = try SensingGymRegistry.make("BeamSelection-v1", scenario: task)
    /// ```
    /// - Parameter kwargs: the id's keyword arguments, as for ``make(_:scenario:)``.
    /// - Throws: `RegistryError` for an unknown id or a bad keyword argument.
    public static func make(_ id: String, scenario: Scenario, kwargs: [String: String] = [:]) throws -> AnyEnv<ProbeInfo> {
        guard let build = builders[id] else { throw RegistryError.unknownID(id, known: ids) }
        var env = try build(EnvSpec(id: id, scenario: scenario.name, kwargs: kwargs), scenario)
        env.id = id
        return env
    }

    static func scenario(for spec: EnvSpec) throws(ScenarioError) -> Scenario {
        try ScenarioLibrary.resolve(spec.scenario ?? ScenarioLibrary.defaultName)
    }
}
