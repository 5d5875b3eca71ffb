import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym list`: environment ids, scenarios and their spaces.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List environment ids and built-in scenarios with their spaces.",
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
        if output.json {
            print(try JSONText.encode(["environments": entries]))
            return
        }
        print("Environments: \(SensingGymRegistry.ids.joined(separator: ", "))")
        print("Scenarios:    \(ScenarioLibrary.names.joined(separator: ", "))\n")
        let rows = entries.map { e in
            [e.env, e.scenario, e.actionSpace.description, "Box(\(e.observationShape.map(String.init).joined(separator: ", ")),)",
             e.offered ? "yes" : "no"]
        }
        print(TextTable.render(header: ["env", "scenario", "action space", "observation", "offered"], rows: rows))
    }
}
