import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym list`: environment ids, scenarios and their spaces.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List environment ids and built-in scenarios with their spaces.")

    @OptionGroup var output: OutputOptions

    func run() throws {
        struct Entry: Encodable {
            var env: String
            var scenario: String
            var actionSpace: SpaceDescription
            var observationShape: [Int]
            enum CodingKeys: String, CodingKey {
                case env, scenario, actionSpace = "action_space", observationShape = "observation_shape"
            }
        }
        var entries: [Entry] = []
        for id in SensingGymRegistry.ids {
            for name in ScenarioLibrary.names {
                let env = try SensingGymRegistry.make(id, scenario: name)
                entries.append(
                    Entry(env: id, scenario: name, actionSpace: env.actionSpaceDescription,
                          observationShape: env.observationSpace.shape))
            }
        }
        if output.json {
            print(try JSONText.encode(["environments": entries]))
            return
        }
        print("Environments: \(SensingGymRegistry.ids.joined(separator: ", "))")
        print("Scenarios:    \(ScenarioLibrary.names.joined(separator: ", "))\n")
        let rows = entries.map { e in
            [e.env, e.scenario, e.actionSpace.description, "Box(\(e.observationShape.map(String.init).joined(separator: ", ")),)"]
        }
        print(TextTable.render(header: ["env", "scenario", "action space", "observation"], rows: rows))
    }
}
