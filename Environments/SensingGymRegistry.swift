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
        try? registry.register(BeamSelectionEnv.id, options: beamSelectionOptions) { spec in
            AnyEnv(try makeBeamSelection(spec), id: BeamSelectionEnv.id)
        }
        registerWaveformAndRIS(in: &registry)
        return registry
    }()

    /// The registered ids.
    public static var ids: [String] { shared.ids }

    /// Makes an environment by id and scenario (a built-in name or a YAML path).
    /// - Throws: `RegistryError` for an unknown id, ``ScenarioError`` for a bad scenario.
    public static func make(_ id: String, scenario: String? = nil) throws -> AnyEnv<ProbeInfo> {
        try shared.make(EnvSpec(id: id, scenario: scenario))
    }

    static func scenario(for spec: EnvSpec) throws(ScenarioError) -> Scenario {
        try ScenarioLibrary.resolve(spec.scenario ?? ScenarioLibrary.defaultName)
    }
}
