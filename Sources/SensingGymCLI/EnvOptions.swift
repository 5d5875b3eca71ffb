import ArgumentParser
import SensingGym

/// Options that name an environment: `--env`, `--scenario`, `--seed`.
struct EnvOptions: ParsableArguments {
    @Option(help: "Environment id (see `sensing-gym list`).")
    var env: String = BeamSelectionEnv.id

    @Option(help: "Built-in scenario name or path to a scenario YAML file.")
    var scenario: String = ScenarioLibrary.defaultName

    @Option(help: "Seed of the first episode; episode i uses seed + i.")
    var seed: UInt64 = 1

    /// Loads the scenario, turning a bad file into a clear validation error.
    func loadScenario() throws -> Scenario {
        do {
            return try ScenarioLibrary.resolve(scenario)
        } catch {
            throw CommandFailure("scenario: \(error)")
        }
    }

    /// Checks that `env` is a known id.
    func validateEnv() throws {
        guard SensingGymRegistry.ids.contains(env) else {
            throw CommandFailure(
                "unknown environment '\(env)'; known: \(SensingGymRegistry.ids.joined(separator: ", "))")
        }
    }
}

/// The `--json` flag of commands that report figures.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON object instead of a table (for scripts and CI).")
    var json = false
}
