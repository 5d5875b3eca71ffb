import GymCore
import RadioScene

extension SensingGymRegistry {
    /// Registers `Waveform-v1` and `RISConfiguration-v1`.
    ///
    /// `RISConfiguration-v1` takes the keyword argument `action`: `codebook` (default; `Discrete` RIS beams,
    /// ``RISConfigurationEnv``) or `phases` (`Box` of element phases, ``RISPhaseConfigurationEnv``).
    static func registerWaveformAndRIS(in registry: inout EnvRegistry<ProbeInfo>) {
        // Registration of a fixed, distinct id list cannot fail.
        try? registry.register(WaveformEnv.id) { spec in
            AnyEnv(WaveformEnv(scenario: try scenario(for: spec)), id: WaveformEnv.id)
        }
        try? registry.register(
            RISConfigurationEnv.id,
            options: ["action": "codebook (Discrete RIS beams, default) or phases (Box of element phases)"]
        ) { spec in
            let scenario = try scenario(for: spec)
            switch spec.kwargs["action"] ?? "codebook" {
            case "codebook": return AnyEnv(RISConfigurationEnv(scenario: scenario), id: RISConfigurationEnv.id)
            case "phases": return AnyEnv(RISPhaseConfigurationEnv(scenario: scenario), id: RISConfigurationEnv.id)
            case let other:
                throw RegistryError.badArgument(
                    id: spec.id, key: "action", value: other, expected: "codebook or phases")
            }
        }
    }
}
