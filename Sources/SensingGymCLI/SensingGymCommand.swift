import ArgumentParser
import SensingGym

/// The `sensing-gym` command: run, evaluate, benchmark and serve SensingGym environments.
@main
struct SensingGymCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensing-gym",
        abstract: "A reinforcement-learning gym for adaptive radio sensing in 6G positioning.",
        discussion: """
            Environments: BeamSelection-v1 (which beam to probe), Waveform-v1 (which carrier and bandwidth), \
            RISConfiguration-v1 (how to configure a reconfigurable intelligent surface). Scenarios are YAML files; \
            `list` shows the built-in ones, and --scenario also takes a path. Every command that reports figures \
            takes --json.

            Start with: sensing-gym run --policy all   (baselines on the default scenario)
            """,
        version: "0.1.0",
        subcommands: [
            List.self, Run.self, Train.self, Evaluate.self, Bench.self, Serve.self, ScenarioCommand.self, Dataset.self,
            Localize.self, Paths.self, ErrorBudget.self, MetaTrain.self, MetaTest.self,
        ])

    /// Runs the command line, with `--option -5` read as `--option=-5` so a negative number reaches the option's
    /// own range check ("--episodes must be positive, got -5") instead of being taken for an unknown flag.
    static func main() {
        main(Bounds.joiningNegativeNumbers(Array(CommandLine.arguments.dropFirst())))
    }
}
