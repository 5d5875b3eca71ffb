import ArgumentParser
import SensingGym

extension BaselineCatalog {
    /// The baseline names of `envID` (hierarchical is BeamSelection's; Waveform adds widest and cheapest).
    static func names(for envID: String) -> [String] {
        if envID == BeamSelectionEnv.id { return names }
        let common = names.filter { $0 != "hierarchical" }
        return envID == WaveformEnv.id ? common + waveformNames : common + ["greedy-unaware"]
    }

    /// Evaluates a baseline on `Waveform-v1` or `RISConfiguration-v1` (codebook form).
    static func evaluateWaveformOrRIS(
        policy: String, envID: String, scenario: Scenario, episodes: Int, seed: UInt64, progress: (Int) -> Void,
        record: ((Int, FlatAction, Transition<ProbeInfo>) -> Void)?
    ) throws -> EvaluationReport {
        func run<P: Policy>(_ p: P, in env: P.Environment) throws -> EvaluationReport
        where P.Environment.Info == ProbeInfo {
            try evaluate(p, in: env, envID: envID, scenario: scenario.name, episodes: episodes, seed: seed,
                         progress: progress, record: record)
        }
        if envID == WaveformEnv.id {
            let env = WaveformEnv(scenario: scenario)
            switch policy {
            case "random": return try run(RandomPolicy<WaveformEnv>(seed: seed), in: env)
            case "sweep": return try run(ExhaustiveSweepPolicy<WaveformEnv>(), in: env)
            case "greedy": return try run(WaveformModelPolicy(.greedy, seed: seed), in: env)
            case "oracle": return try run(WaveformModelPolicy(.oracle), in: env)
            case "widest": return try run(WaveformModelPolicy(.widest), in: env)
            case "cheapest": return try run(WaveformModelPolicy(.cheapest), in: env)
            default: throw ValidationError("unknown policy '\(policy)' for \(envID)")
            }
        }
        let env = RISConfigurationEnv(scenario: scenario)
        switch policy {
        case "random": return try run(RandomPolicy<RISConfigurationEnv>(seed: seed), in: env)
        case "sweep": return try run(InterleavedLinkSweepPolicy(), in: env)
        case "greedy": return try run(RISModelPolicy(.greedy), in: env)
        case "oracle": return try run(RISModelPolicy(.oracle), in: env)
        case "greedy-unaware": return try run(RISModelPolicy(.greedyUnaware), in: env)
        default: throw ValidationError("policy '\(policy)' is for Waveform-v1 only")
        }
    }
}
