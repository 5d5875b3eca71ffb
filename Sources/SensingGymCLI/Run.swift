import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym run`: evaluate baseline policies on an environment and print their figures.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run baseline policies on an environment and print return, probes to target and error.",
        discussion: """
            Policies: random, sweep (exhaustive round robin), greedy (one-step expected information gain, \
            model-based), oracle (knows the true position). Give several as a comma list, or `all`.
            Example: sensing-gym run --env BeamSelection-v1 --scenario wrf-office-16x15 --policy greedy --episodes 200 --seed 1

            With --family, the policies run on --task-count tasks of a meta-RL task family (--tasks train, test or \
            ood; --env and --scenario are then the family's) and the figures are aggregated over tasks: mean ± std \
            over tasks, pooled reached and false-success rates, and the normalised score (random = 0, oracle = 1) \
            per task, followed by the decision-problem check (oracle ≥ greedy ≥ random, spread, false success ≤ 5 %, \
            oracle solves most episodes).
            Example: sensing-gym run --family beam-rooms --tasks test --task-count 20 --episodes 50 --policy all
            """)

    @OptionGroup var envOptions: EnvOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Policy: random, sweep, greedy, oracle, a comma list of them, or all.")
    var policy: String = "all"

    @Option(help: "Episodes per policy.")
    var episodes: Int = 200

    @Option(help: "Run against an environment served at this endpoint (sensing-gym serve), e.g. tcp://127.0.0.1:5555; model-free policies only (random, sweep; the sweep keeps its local interleaved order when --scenario is available here too).")
    var remote: String?

    @Option(help: "Write every step (policy, episode, action, reward, info) as JSON lines to this file.")
    var trajectories: String?

    @OptionGroup var familyOptions: FamilyRunOptions

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive, got \(episodes)") }
        try Bounds.check("--episodes", episodes, 1...10_000_000)
        try familyOptions.validate(remote: remote, trajectories: trajectories)
        for name in policyNames where !BaselineCatalog.names(for: envID).contains(name) {
            throw ValidationError("unknown policy '\(name)'; choose from \(BaselineCatalog.names(for: envID).joined(separator: ", ")) or all")
        }
    }

    /// The environment: the family's when --family is given, else --env.
    var envID: String { (try? familyOptions.resolvedFamily())??.envID ?? envOptions.env }

    var policyNames: [String] {
        guard policy == "all" else { return policy.split(separator: ",").map { String($0) } }
        return remote == nil ? BaselineCatalog.names(for: envID) : BaselineCatalog.modelFreeNames
    }

    private func loadLocal() throws -> Scenario {
        try envOptions.validateEnv()
        return try envOptions.loadScenario()
    }

    func run() throws {
        if let family = try familyOptions.resolvedFamily() {
            return try runFamily(family)
        }
        var reports: [EvaluationReport] = []
        let log = try trajectories.map { try TrajectoryLog(path: $0) }
        let scenario = remote == nil ? try loadLocal() : nil
        for name in policyNames {
            var progress = ProgressReporter(label: name, total: episodes)
            let record = log.map { log in
                { log.write(policy: name, episode: $0, action: $1, transition: $2) }
            }
            if let remote {
                reports.append(
                    try BaselineCatalog.evaluateRemote(
                        policy: name, endpoint: remote, envID: envOptions.env, scenario: envOptions.scenario,
                        episodes: episodes, seed: envOptions.seed, progress: { progress.update($0) }, record: record))
            } else if let scenario {
                reports.append(
                    try BaselineCatalog.evaluate(
                        policy: name, envID: envOptions.env, scenario: scenario, episodes: episodes,
                        seed: envOptions.seed, progress: { progress.update($0) }, record: record))
            }
        }
        try log?.close()
        if output.json {
            print(reports.count == 1 ? try JSONText.encode(reports[0]) : try JSONText.encode(["results": reports]))
        } else {
            let place = remote.map { " at \($0)" } ?? ""
            print("\(envOptions.env) on \(envOptions.scenario)\(place), \(episodes) episodes per policy, seed \(envOptions.seed)\n")
            print(EvaluationTable.render(reports))
        }
    }
}

/// The table `run` and `evaluate` print.
enum EvaluationTable {
    static func render(_ reports: [EvaluationReport]) -> String {
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        func share(_ top: (action: String, share: Double)?) -> String {
            top.map { "\($0.action) \(f(100 * $0.share, 0))%" } ?? "-"
        }
        let rows = reports.map { (r: EvaluationReport) -> [String] in
            [r.policy, f(r.meanReturn), r.probesToTargetMean.map { f($0, 1) } ?? "-", f(100 * r.targetReachedRate, 1),
             r.falseSuccessRate.map { f(100 * $0, 1) } ?? "-",
             r.neesMean.map { nees in
                 let band = r.neesBand ?? [0, .infinity]
                 return f(nees) + (nees >= band[0] && nees <= band[1] ? "" : " !")
             } ?? "-",
             r.coverage95.map { f(100 * $0, 1) } ?? "-",
             f(100 * r.errorMedianM), f(100 * r.errorP90M), f(100 * r.errorP98M), f(100 * r.outliersOver10cm, 1),
             share(r.dominantAction), share(r.dominantTrackingAction),
             String(format: "%.0f", r.stepsPerSecond)]
        }
        return TextTable.render(
            header: ["policy", "mean return", "probes to target", "reached %", "false success %", "NEES", "in 95 % ellipse %",
                     "err med cm", "err p90 cm", "err p98 cm", ">10 cm %", "top action", "top action, tracking",
                     "steps/s"],
            rows: rows)
    }
}
