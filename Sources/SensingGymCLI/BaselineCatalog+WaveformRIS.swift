import ArgumentParser
import SensingGym

extension BaselineCatalog {
    /// The baseline names of `envID` (Waveform-v0 adds widest and cheapest).
    static func names(for envID: String) -> [String] {
        envID == WaveformEnv.id ? names + waveformNames : names
    }

    /// Evaluates a baseline on `Waveform-v0` or `RISConfiguration-v0` (codebook form).
    static func evaluateWaveformOrRIS(
        policy: String, envID: String, scenario: Scenario, episodes: Int, seed: UInt64, progress: (Int) -> Void,
        record: ((Int, FlatAction, Transition<ProbeInfo>) -> Void)?
    ) throws -> EvaluationReport {
        if envID == WaveformEnv.id {
            var env = WaveformEnv(scenario: scenario)
            func run<P: Policy>(_ p: P) throws -> EvaluationReport where P.Environment == WaveformEnv {
                var p = p
                return try PolicyEvaluator.evaluate(
                    env: &env, policy: &p, episodes: episodes, seed: seed, envID: envID, scenario: scenario.name,
                    progress: progress, record: record.map { record in { record($0, .indices($1), $2) } })
            }
            switch policy {
            case "random": return try run(RandomPolicy<WaveformEnv>(seed: seed))
            case "sweep": return try run(WaveformSweepPolicy())
            case "greedy": return try run(WaveformModelPolicy(.greedy))
            case "oracle": return try run(WaveformModelPolicy(.oracle))
            case "widest": return try run(WaveformModelPolicy(.widest))
            case "cheapest": return try run(WaveformModelPolicy(.cheapest))
            default: throw ValidationError("unknown policy '\(policy)' for \(envID)")
            }
        }
        var env = RISConfigurationEnv(scenario: scenario)
        func run<P: Policy>(_ p: P) throws -> EvaluationReport where P.Environment == RISConfigurationEnv {
            var p = p
            return try PolicyEvaluator.evaluate(
                env: &env, policy: &p, episodes: episodes, seed: seed, envID: envID, scenario: scenario.name,
                progress: progress, record: record.map { record in { record($0, .index($1), $2) } })
        }
        switch policy {
        case "random": return try run(RandomPolicy<RISConfigurationEnv>(seed: seed))
        case "sweep": return try run(ExhaustiveSweepPolicy<RISConfigurationEnv>())
        case "greedy": return try run(RISModelPolicy(.greedy))
        case "oracle": return try run(RISModelPolicy(.oracle))
        default: throw ValidationError("policy '\(policy)' is for Waveform-v0 only")
        }
    }
}
