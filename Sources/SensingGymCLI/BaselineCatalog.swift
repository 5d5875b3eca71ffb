import Foundation
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
        if policy == "random" {
            return try evaluate(RandomPolicy<RemoteEnv>(seed: seed), in: env, envID: envID, scenario: env.scenario,
                                episodes: episodes, seed: seed, progress: progress, record: record)
        }
        let sweep: FixedOrderSweepPolicy<RemoteEnv>
        switch sweepOrder(envID: envID, scenario: scenario, cardinality: env.actionSpace.cardinality) {
        case .structured(let order):
            sweep = FixedOrderSweepPolicy(order: order)
        case .actionOrder:
            sweep = FixedOrderSweepPolicy(order: Array(0..<env.actionSpace.cardinality))
        case .unavailable(let reason):
            FileHandle.standardError.write(Data(
                "note: \(reason); sweeping in action order instead (reported as sweep-action-order)\n".utf8))
            sweep = FixedOrderSweepPolicy(order: Array(0..<env.actionSpace.cardinality), name: "sweep-action-order")
        }
        return try evaluate(sweep, in: env, envID: envID, scenario: env.scenario, episodes: episodes, seed: seed,
                            progress: progress, record: record)
    }

    /// How the local `sweep` of an env orders its actions.
    enum SweepOrder {
        /// An interleaved order derived from the env's structure (action indices).
        case structured([Int])
        /// Action order: what the local sweep does (Waveform-v1, and envs without a structured sweep).
        case actionOrder
        /// The structured order cannot be derived here (the reason says why).
        case unavailable(String)
    }

    /// The order the local `sweep` uses for `envID` on `scenario` (a built-in name or a local file), so that a
    /// remote run sweeps exactly as a local one; the env is built locally to read its structure.
    static func sweepOrder(envID: String, scenario name: String, cardinality: Int) -> SweepOrder {
        guard envID == BeamSelectionEnv.id || envID == RISConfigurationEnv.id else { return .actionOrder }
        let scenario: Scenario
        do {
            scenario = try ScenarioLibrary.resolve(name)
        } catch {
            return .unavailable("the interleaved sweep of \(envID) needs scenario '\(name)' here too (\(error))")
        }
        let order = envID == BeamSelectionEnv.id
            ? InterleavedBeamSweepPolicy.order(for: BeamSelectionEnv(scenario: scenario))
            : InterleavedLinkSweepPolicy.order(for: RISConfigurationEnv(scenario: scenario))
        guard !order.isEmpty, order.allSatisfy({ (0..<cardinality).contains($0) }) else {
            return .unavailable("the local '\(name)' does not match the server's action space (\(cardinality) actions)")
        }
        return .structured(order)
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
