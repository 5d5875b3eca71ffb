import ArgumentParser
import SensingGym

/// `sensing-gym scenario`: work with scenarios; `scenario sample` draws a task of the meta-RL task distribution.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Work with scenarios (sample tasks of the meta-RL task distribution).",
        subcommands: [Sample.self])

    /// `sensing-gym scenario sample --seed 7 [--split train|test]`: print a sampled task as scenario YAML.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print task --seed of the train or test split as scenario YAML (loadable with --scenario).",
            discussion: """
                Train tasks use even task seeds and test tasks odd ones, so the splits never share a task.
                Example: sensing-gym scenario sample --seed 7 --split test > task.yaml
                """)

        @Option(help: "Index of the task within its split.")
        var seed: UInt64 = 0

        @Option(help: "Split: train or test.")
        var split: String = "train"

        func run() throws {
            guard let which = TaskDistribution.Split(rawValue: split) else {
                throw ValidationError("--split must be train or test, got '\(split)'")
            }
            print(try ScenarioLoader.yaml(of: TaskDistribution.sample(index: seed, split: which)), terminator: "")
        }
    }
}
