import GymCore
import RadioScene

extension SensingGymRegistry {
    /// The keyword arguments of `RISConfiguration-v1`.
    static let risOptions = ["action": "codebook (Discrete RIS beams, default) or phases (Box of element phases)"]

    /// `RISConfiguration-v1` with the keyword argument `action`: `codebook` (default; `Discrete` RIS beams,
    /// ``RISConfigurationEnv``) or `phases` (`Box` of element phases, ``RISPhaseConfigurationEnv``).
    static func makeRISConfiguration(_ spec: EnvSpec, scenario: Scenario) throws -> AnyEnv<ProbeInfo> {
        switch spec.kwargs["action"] ?? "codebook" {
        case "codebook": return AnyEnv(RISConfigurationEnv(scenario: scenario), id: RISConfigurationEnv.id)
        case "phases": return AnyEnv(RISPhaseConfigurationEnv(scenario: scenario), id: RISConfigurationEnv.id)
        case let other:
            throw RegistryError.badArgument(id: spec.id, key: "action", value: other, expected: "codebook or phases")
        }
    }
}
