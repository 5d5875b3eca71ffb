import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym list`: environment ids, scenarios and their spaces.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List environment ids, built-in scenarios and meta-RL task families with their spaces.",
        discussion: """
            Shows the combinations offered as benchmarks (a real decision problem: the oracle clearly ahead of \
            random, every baseline's false-success rate ≤ 5 %); --all also lists the others.
            """)

    @OptionGroup var output: OutputOptions

    @Flag(help: "Also list the env × scenario combinations not offered as benchmarks.")
    var all = false

    func run() throws {
        struct Entry: Encodable {
            var env: String
            var scenario: String
            var actionSpace: SpaceDescription
            var observationShape: [Int]
            var offered: Bool
            enum CodingKeys: String, CodingKey {
                case env, scenario, offered, actionSpace = "action_space", observationShape = "observation_shape"
            }
        }
        var entries: [Entry] = []
        for id in SensingGymRegistry.ids {
            for name in ScenarioLibrary.names {
                let offered = OfferedBenchmarks.isOffered(envID: id, scenario: name)
                guard offered || all else { continue }
                let env = try SensingGymRegistry.make(id, scenario: name)
                entries.append(
                    Entry(env: id, scenario: name, actionSpace: env.actionSpaceDescription,
                          observationShape: env.observationSpace.shape, offered: offered))
            }
        }
        struct Family: Encodable {
            var name: String
            var env: String
            var actionSpace: SpaceDescription
            var observationShape: [Int]
            var summary: String
            enum CodingKeys: String, CodingKey {
                case name, env, summary, actionSpace = "action_space", observationShape = "observation_shape"
            }
        }
        let families = try TaskFamily.all.map { f in
            let env = try f.makeEnv(task: f.task(index: 0, split: .train))
            return Family(
                name: f.name, env: f.envID, actionSpace: env.actionSpaceDescription,
                observationShape: env.observationSpace.shape, summary: f.summary)
        }
        if output.json {
            struct Listing: Encodable {
                var environments: [Entry]
                var taskFamilies: [Family]
                enum CodingKeys: String, CodingKey { case environments, taskFamilies = "task_families" }
            }
            print(try JSONText.encode(Listing(environments: entries, taskFamilies: families)))
            return
        }
        print("Environments: \(SensingGymRegistry.ids.joined(separator: ", "))")
        print("Scenarios:    \(ScenarioLibrary.names.joined(separator: ", "))\n")
        let rows = entries.map { e in
            [e.env, e.scenario, e.actionSpace.description, "Box(\(e.observationShape.map(String.init).joined(separator: ", ")),)",
             e.offered ? "yes" : "no"]
        }
        print(TextTable.render(header: ["env", "scenario", "action space", "observation", "offered"], rows: rows))
        print("\nTask families for meta-RL (one space per family; `sensing-gym scenario sample --help` lists their ranges):\n")
        print(TextTable.render(
            header: ["family", "env", "action space", "observation", "what varies"],
            rows: families.map { f in
                [f.name, f.env, f.actionSpace.description,
                 "Box(\(f.observationShape.map(String.init).joined(separator: ", ")),)", f.summary]
            }))
    }
}
