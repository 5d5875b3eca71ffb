import ArgumentParser
import SensingGym

/// `sensing-gym scenario`: work with scenarios; `scenario sample` draws a task of the meta-RL task distribution.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Work with scenarios (sample tasks of the meta-RL task distribution).",
        subcommands: [Sample.self])

    /// `sensing-gym scenario sample --seed 7 [--split train|test|ood] [--family NAME]`: print a sampled task as
    /// scenario YAML.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print task --seed of a split as scenario YAML (loadable with --scenario).",
            discussion: """
                Train task i has task seed 2i and test task i has 2i + 1, so the splits never share a task. Without \
                --family the task comes from the open task distribution (array and RIS sizes vary from task to \
                task); with --family from a meta-RL task family, whose tasks share one observation and action space \
                and which also has an ood split (task seeds 2^62 + i, drawn outside the training ranges). The task's \
                identifier (family/split/index) and seed are in its description.

                \(familyHelp)
                Example: sensing-gym scenario sample --family ris-failures --seed 7 --split ood > task.yaml
                """)

        @Option(help: "Index of the task within its split.")
        var seed: UInt64 = 0

        @Option(help: "Split: train or test (and ood with --family).")
        var split: String = "train"

        @Option(help: "Task family: \(TaskFamily.names.joined(separator: ", ")); absent: the open task distribution.")
        var family: String?

        func run() throws {
            if let family {
                let chosen = try FamilyRunOptions.family(named: family)
                guard let which = TaskFamily.Split(rawValue: split) else {
                    throw ValidationError("--split must be train, test or ood, got '\(split)'")
                }
                guard seed <= UInt64(TaskFamily.maxIndex) else {
                    throw ValidationError("--seed must be at most \(TaskFamily.maxIndex) with --family, got \(seed)")
                }
                print(try ScenarioLoader.yaml(of: chosen.task(index: Int(seed), split: which)), terminator: "")
                return
            }
            guard let which = TaskDistribution.Split(rawValue: split) else {
                throw ValidationError(
                    split == "ood" ? "--split ood needs --family (\(TaskFamily.names.joined(separator: ", ")))"
                        : "--split must be train or test, got '\(split)'")
            }
            print(try ScenarioLoader.yaml(of: TaskDistribution.sample(index: seed, split: which)), terminator: "")
        }

        /// `lo–hi` in the shortest form (`224–396`).
        private static func span(_ range: ClosedRange<Double>) -> String {
            String(format: "%g–%g", range.lowerBound, range.upperBound)
        }

        /// Each family's env, fixed shape, sampled ranges and ood shift, for `--help`.
        static var familyHelp: String {
            TaskFamily.all.map { f in
                (["\(f.name) (\(f.envID)): \(f.summary)", "  fixed:"] + f.fixed.map { "    - \($0)" } + ["  sampled:"]
                    + f.sampled.map { "    - \($0)" }
                    + ["  ood: \(f.oodShift.quantity) \(span(f.oodShift.outOfDistribution)) (train and test: \(span(f.oodShift.training)))"])
                    .joined(separator: "\n")
            }.joined(separator: "\n") + "\n"
        }
    }
}
