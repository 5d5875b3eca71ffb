import ArgumentParser
import Foundation
import SensingGym

/// The options of `run --family`: which task family, split and how many tasks.
struct FamilyRunOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Run on tasks of this meta-RL task family instead of one scenario.",
        discussion: "Families: \(TaskFamily.names.joined(separator: ", ")) (see `sensing-gym scenario sample --help`)."))
    var family: String?

    @Option(help: "Split of the family's tasks: train, test or ood (out of distribution).")
    var tasks: String = "test"

    @Option(help: "Number of tasks: indices --first-task ..< --first-task + --task-count of the split.")
    var taskCount: Int = 20

    @Option(help: "Index of the first task.")
    var firstTask: Int = 0

    /// The family named by `--family`, nil without it.
    func resolvedFamily() throws -> TaskFamily? { try family.map(Self.family(named:)) }

    /// The family `name`, or a validation error for `--family` listing the known names.
    static func family(named name: String) throws -> TaskFamily {
        do {
            return try TaskFamily.named(name)
        } catch {
            throw ValidationError("--family: \(error)")
        }
    }

    /// The split named by `--tasks`.
    func split() throws -> TaskFamily.Split {
        guard let split = TaskFamily.Split(rawValue: tasks) else {
            throw ValidationError("--tasks must be train, test or ood, got '\(tasks)'")
        }
        return split
    }

    /// Checks the options against each other.
    func validate(remote: String?, trajectories: String?) throws {
        guard try resolvedFamily() != nil else { return }
        _ = try split()
        try Bounds.check("--task-count", taskCount, 1...100_000)
        try Bounds.check("--first-task", firstTask, 0...(TaskFamily.maxIndex - taskCount + 1))
        if remote != nil { throw ValidationError("--family runs locally; drop --remote") }
        if trajectories != nil { throw ValidationError("--trajectories is for one scenario; drop it with --family") }
    }
}

extension Run {
    /// `run --family`: every policy on every task, aggregated over tasks, then the decision-problem check.
    func runFamily(_ family: TaskFamily) throws {
        let split = try familyOptions.split()
        let ids = (familyOptions.firstTask..<(familyOptions.firstTask + familyOptions.taskCount)).map {
            family.taskID(index: $0, split: split)
        }
        let tasks = try ids.map { try family.task($0) }
        var perTask = Array(repeating: [EvaluationReport](), count: tasks.count)
        for name in policyNames {
            var progress = ProgressReporter(label: "\(name) on \(tasks.count) tasks", total: tasks.count * episodes)
            for (t, task) in tasks.enumerated() {
                let done = t * episodes
                var report = try BaselineCatalog.evaluate(
                    policy: name, envID: family.envID, scenario: task, episodes: episodes, seed: envOptions.seed,
                    progress: { progress.update(done + $0) })
                report.actionHistogram = nil  // per task it would dwarf the figures; `run --scenario` shows it
                report.trackingActionHistogram = nil
                perTask[t].append(report)
            }
        }
        let report = TaskSetReport(
            family: family.name, envID: family.envID, split: split.rawValue, tasks: ids.map(\.description),
            episodesPerTask: episodes, seed: envOptions.seed, perTask: perTask)
        let check = DecisionProblemCheck(report)
        if output.json {
            print(try JSONText.encode(FamilyRunOutput(report: report, check: check)))
        } else {
            print("\(family.envID) on \(tasks.count) \(split.rawValue) tasks of \(family.name) (\(ids.first?.description ?? "") …), "
                + "\(episodes) episodes per task and policy, seed \(envOptions.seed)\n")
            print(TaskSetTable.render(report))
            if let check { print("\n" + TaskSetTable.render(check)) }
        }
    }
}

/// The JSON object `run --family --json` prints: the report and the check (`null` without random, greedy and oracle).
struct FamilyRunOutput: Encodable {
    let report: TaskSetReport
    let check: DecisionProblemCheck?

    enum CodingKeys: String, CodingKey { case report, check }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report, forKey: .report)
        try c.encode(check, forKey: .check)
    }
}

/// The table `run --family` prints.
enum TaskSetTable {
    static func render(_ report: TaskSetReport) -> String {
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        func pm(_ s: TaskSetReport.Spread, _ scale: Double = 1, _ digits: Int = 2) -> String {
            "\(f(scale * s.mean, digits)) ± \(f(scale * s.std, digits))"
        }
        let rows = report.policies.map { p in
            [p.policy, pm(p.meanReturn), p.probesToTargetPooled.map { f($0, 1) } ?? "-",
             p.probesToTarget.map { pm($0, 1, 1) } ?? "-", f(100 * p.targetReachedPooled, 1),
             pm(p.targetReachedRate, 100, 1), pm(p.errorMedianM, 100), pm(p.errorP90M, 100),
             p.falseSuccessPooled.map { f(100 * $0, 1) } ?? "-", p.normalisedScore.map { pm($0) } ?? "-"]
        }
        return TextTable.render(
            header: ["policy", "return", "probes (pooled)", "probes/task", "reached %", "reached %/task",
                     "err med cm", "err p90 cm", "false success %", "normalised score"],
            rows: rows)
    }

    static func render(_ c: DecisionProblemCheck) -> String {
        func mark(_ ok: Bool) -> String { ok ? "yes" : "NO" }
        let ratio = c.probesRatio.map { String(format: "%.2f", $0) } ?? "-"
        return """
            decision problem: \(c.passes ? "yes" : "NO")
              oracle ≥ greedy ≥ random in return: \(mark(c.ordered))
              spread: oracle reached +\(String(format: "%.1f", c.reachedGainPoints)) points, probes ratio \(ratio): \(mark(c.spread))
              worst false success \(String(format: "%.1f", 100 * c.worstFalseSuccess)) % ≤ 5 %: \(mark(c.honest))
              oracle reached \(String(format: "%.1f", 100 * c.oracleReached)) % > 50 %: \(mark(c.solvable))
            """
    }
}
