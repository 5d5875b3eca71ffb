import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym evaluate`: score a trained agent like `run` scores the baselines, optionally next to them.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trained agent (deterministic actions) and print the same table as `run`.",
        discussion: """
            The env and scenario come from the checkpoint unless --scenario overrides the scenario. Episode i uses
            seed + i, as in `run`, so with the same --seed and --episodes every policy meets the same episodes.
            Example: sensing-gym evaluate --checkpoint runs/beam-ppo/agent.sgnn --episodes 500 --baselines
            """)

    @OptionGroup var output: OutputOptions

    @Option(help: "The checkpoint written by `sensing-gym train` (agent.sgnn).")
    var checkpoint: String

    @Option(help: "Episodes per policy.")
    var episodes: Int = 500

    @Option(help: "Seed of the first episode; episode i uses seed + i.")
    var seed: UInt64 = 1

    @Option(help: "Evaluate on this scenario (built-in name or YAML path) instead of the one trained on.")
    var scenario: String?

    @Flag(help: "Also run the baselines (random, sweep, greedy, oracle) on the same episodes.")
    var baselines = false

    @Flag(help: "Also time single decisions (p50/p99 of normalisation + one actor forward pass + mode).")
    var latency = false

    @Flag(help: "Sample actions from the policy (seeded by --seed) instead of taking its most likely action (feed-forward agents).")
    var sampleActions = false

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
        try Bounds.check("--episodes", episodes, 1...10_000_000)
    }

    func run() throws {
        let loaded = try TrainedAgentCheckpoint.loadForCommand(checkpoint, purpose: "load checkpoint")
        let scenarioName = scenario ?? loaded.scenario
        var env: AnyEnv<ProbeInfo>
        do {
            env = try SensingGymRegistry.make(loaded.envID, scenario: scenarioName)
        } catch {
            throw ValidationError("cannot make \(loaded.envID) with scenario \(scenarioName): \(error)")
        }
        guard env.observationSpace.size == loaded.observationSize, env.actionSpaceDescription == loaded.actionSpace else {
            throw ValidationError(
                "the agent (observation \(loaded.observationSize), actions \(loaded.actionSpace)) does not "
                    + "fit \(loaded.envID) on \(scenarioName) (observation \(env.observationSpace.size), actions "
                    + "\(env.actionSpace))")
        }
        let scenarioValue = try ScenarioLibrary.resolve(scenarioName)
        var progress = ProgressReporter(label: loaded.algorithm, total: episodes)
        var reports = [
            try loaded.evaluate(
                env: &env, episodes: episodes, seed: seed, scenario: scenarioValue.name,
                samplingSeed: sampleActions ? seed : nil, progress: { progress.update($0) })
        ]
        if baselines {
            for name in BaselineCatalog.names {
                var progress = ProgressReporter(label: name, total: episodes)
                reports.append(
                    try BaselineCatalog.evaluate(
                        policy: name, envID: loaded.envID, scenario: scenarioValue, episodes: episodes, seed: seed,
                        progress: { progress.update($0) }))
            }
        }
        var timing: (p50: Double, p99: Double)? = nil
        if latency {
            guard case let .feedForward(feedForward) = loaded else {
                throw ValidationError("--latency times feed-forward agents only; \(checkpoint) holds a \(loaded.algorithm) agent")
            }
            timing = measureLatency(policy: LearnedPolicy(agent: feedForward.agent, name: loaded.algorithm), env: env)
        }
        if output.json {
            struct Output: Encodable {
                var results: [EvaluationReport]
                var decisionLatencyP50Us: Double?
                var decisionLatencyP99Us: Double?
                enum CodingKeys: String, CodingKey {
                    case results, decisionLatencyP50Us = "decision_latency_p50_us"
                    case decisionLatencyP99Us = "decision_latency_p99_us"
                }
            }
            if reports.count == 1 && timing == nil {
                print(try JSONText.encode(reports[0]))
            } else {
                print(try JSONText.encode(Output(results: reports, decisionLatencyP50Us: timing?.p50, decisionLatencyP99Us: timing?.p99)))
            }
        } else {
            print("""
                \(loaded.envID) on \(scenarioValue.name), \(episodes) episodes per policy, seed \(seed); \
                \(loaded.algorithm) trained on \(loaded.scenario) for \(loaded.globalStep) steps (\(checkpoint))

                """)
            print(EvaluationTable.render(reports))
            if let timing {
                print(String(format: "\ndecision latency (%@, one observation): p50 %.1f µs, p99 %.1f µs", loaded.algorithm, timing.p50, timing.p99))
            }
        }
    }

    /// p50 and p99 of single decisions on observations from a few random-policy episodes, in microseconds.
    private func measureLatency(policy: LearnedPolicy<AnyEnv<ProbeInfo>>, env: AnyEnv<ProbeInfo>) -> (p50: Double, p99: Double) {
        var env = env
        var rng = Xoshiro256StarStar(seed: seed)
        var observations: [[Float]] = []
        var (observation, _) = env.reset(seed: seed)
        while observations.count < 256 {
            observations.append(observation)
            guard let result = try? env.step(env.actionSpace.sample(using: &rng)) else { break }
            observation = result.terminated || result.truncated ? env.reset(seed: nil).observation : result.observation
        }
        let summary = DecisionLatency.measure(policy: policy, in: env, observations: observations)
        return (summary.p50Nanoseconds / 1000, summary.p99Nanoseconds / 1000)
    }
}
