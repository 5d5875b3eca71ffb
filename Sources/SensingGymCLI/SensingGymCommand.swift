import ArgumentParser
import SensingGym

@main
struct SensingGymCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensing-gym",
        abstract: "A reinforcement-learning gym for adaptive radio sensing in 6G positioning.")
}
