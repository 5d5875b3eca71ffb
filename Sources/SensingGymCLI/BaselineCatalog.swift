import ArgumentParser
import SensingGym

/// The baseline policies the CLI knows, by name.
enum BaselineCatalog {
    static let names = ["random", "sweep", "hierarchical", "greedy", "oracle"]
    /// Extra baselines of `Waveform-v1`.
    static let waveformNames = ["widest", "cheapest"]

    /// Policies that need no model of the environment, so they also run against a remote server.
    static let modelFreeNames = ["random", "sweep"]

    /// Evaluates a model-free baseline on an environment served at `endpoint` (`sensing-gym serve`).
    static func evaluateRemote(
        policy: String, endpoint: String, envID: String, scenario: String, episodes: Int, seed: UInt64,
        progress: (Int) -> Void, record: ((Int, FlatAction, Transition<ProbeInfo>) -> Void)? = nil
    ) throws -> EvaluationReport {
        guard modelFreeNames.contains(policy) else {
            throw CommandFailure(
                "policy '\(policy)' plans with the environment's model and runs only locally; "
                    + "with --remote use \(modelFreeNames.joined(separator: " or "))")
        }
        let env: RemoteEnv
        do {
            env = try RemoteEnv(endpoint: endpoint, env: envID, scenario: scenario)
        } catch {
            throw CommandFailure("cannot use \(envID) at \(endpoint): \(error)")
        }
        defer { env.close() }
        return policy == "random"
            ? try evaluate(RandomPolicy<RemoteEnv>(seed: seed), in: env, envID: envID, scenario: env.scenario,
                           episodes: episodes, seed: seed, progress: progress, record: record)
            : try evaluate(ExhaustiveSweepPolicy<RemoteEnv>(), in: env, envID: envID, scenario: env.scenario,
                           episodes: episodes, seed: seed, progress: progress, record: record)
    }

    /// Evaluates the named baseline on `envID` with `scenario`.
    static func evaluate(
        policy: String, envID: String, scenario: Scenario, episodes: Int, seed: UInt64, progress: (Int) -> Void,
        record: ((Int, FlatAction, Transition<ProbeInfo>) -> Void)? = nil
    ) throws -> EvaluationReport {
        switch envID {
        case BeamSelectionEnv.id:
            let env = BeamSelectionEnv(scenario: scenario)
            func run<P: Policy>(_ p: P) throws -> EvaluationReport where P.Environment == BeamSelectionEnv {
                try evaluate(p, in: env, envID: envID, scenario: scenario.name, episodes: episodes, seed: seed,
                             progress: progress, record: record)
            }
            switch policy {
            case "random": return try run(RandomPolicy<BeamSelectionEnv>(seed: seed))
            case "sweep": return try run(InterleavedBeamSweepPolicy())
            case "hierarchical": return try run(HierarchicalBeamSearchPolicy())
            case "greedy": return try run(GreedyInformationGainPolicy(seed: seed))
            default: return try run(OraclePolicy())
            }
        case WaveformEnv.id, RISConfigurationEnv.id:
            return try evaluateWaveformOrRIS(
                policy: policy, envID: envID, scenario: scenario, episodes: episodes, seed: seed, progress: progress,
                record: record)
        default:
            throw ValidationError("no baselines for environment '\(envID)' yet")
        }
    }

    /// Runs `policy` in `env` through ``PolicyEvaluator``, logging each step's action in the flat wire form.
    static func evaluate<P: Policy>(
        _ policy: P, in env: P.Environment, envID: String, scenario: String, episodes: Int, seed: UInt64,
        progress: (Int) -> Void, record: ((Int, FlatAction, Transition<ProbeInfo>) -> Void)?
    ) throws -> EvaluationReport where P.Environment.Info == ProbeInfo {
        var env = env
        var policy = policy
        let space = env.actionSpace
        return try PolicyEvaluator.evaluate(
            env: &env, policy: &policy, episodes: episodes, seed: seed, envID: envID, scenario: scenario,
            progress: progress, record: record.map { record in { record($0, space.flatAction(from: $1), $2) } })
    }
}
