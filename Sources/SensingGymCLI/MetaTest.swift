import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym meta-test`: score a meta-trained checkpoint on held-out tasks after 0, 1, 2, 5, 10 adaptation
/// episodes, beside the baselines on the same tasks.
struct MetaTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta-test",
        abstract: "Evaluate a meta-trained checkpoint on held-out tasks after n adaptation episodes, beside the baselines.",
        discussion: """
            The tasks are --task-count tasks of the checkpoint's family and the --tasks split, from --first-task on; a \
            set that shares a task with the checkpoint's training tasks is refused. Per task:
            - rl2: --trials trials of max(--adapt-episodes) + 1 episodes (sampled actions, hidden state carried); \
            "after n" is the trials' episode n + 1 — the adaptation is the hidden state, no gradient step;
            - fomaml / reptile: the meta-policy adapted on n episodes of the task (the inner loop of meta-training), then \
            --trials episodes of the adapted policy (other seeds than the adaptation's);
            - ppo-multitask (meta-train --algo ppo): --trials episodes of its policy, the same for every n (it does not \
            adapt);
            Learners act by sampling their policy unless --actions mode.
            - the baselines (--baselines) over --baseline-episodes episodes; random and oracle also normalise each \
            task's return (random = 0, oracle = 1).
            Figures are means ± std over tasks (per-task means first), as in `run --family`.
            Example: sensing-gym meta-test --checkpoint runs/meta-rl2/agent.sgnn --tasks test --task-count 20 \
            --adapt-episodes 0,1,2,5,10 --json
            """)

    @OptionGroup var output: OutputOptions

    @Option(help: "The checkpoint written by `sensing-gym meta-train`.")
    var checkpoint: String

    @Option(help: "The split to score: test (held out, in distribution) or ood (out of distribution); train is refused where it overlaps.")
    var tasks: String = "test"

    @Option(help: "Tasks to score.")
    var taskCount: Int = 20

    @Option(help: "Index of the first task in the split.")
    var firstTask: Int = 0

    @Option(help: "Adaptation episodes to report, comma separated.")
    var adaptEpisodes: String = "0,1,2,5,10"

    @Option(help: "Trials (rl2) or episodes (ppo-multitask) per task.")
    var trials: Int = 10

    @Option(help: "Baselines to run on the same tasks, comma separated (random and oracle are needed for the normalised score; empty for none).")
    var baselines: String = "random,greedy,hierarchical,oracle"

    @Option(help: "Episodes per task for each baseline.")
    var baselineEpisodes: Int = 50

    @Option(help: "Seed of the first trial and episode.")
    var seed: UInt64 = 1

    @Option(help: "How the learner acts: sampled (from its policy; RL²'s exploration lives there) or mode (its most likely action).")
    var actions: String = "sampled"

    func validate() throws {
        try Bounds.check("--task-count", taskCount, 1...10_000)
        try Bounds.check("--first-task", firstTask, 0...TaskFamily.maxIndex)
        try Bounds.check("--trials", trials, 1...100_000)
        try Bounds.check("--baseline-episodes", baselineEpisodes, 1...100_000)
        guard let counts = adaptationCounts, !counts.isEmpty else {
            throw ValidationError("--adapt-episodes takes non-negative integers like 0,1,2,5,10, got '\(adaptEpisodes)'")
        }
        try Bounds.check("--adapt-episodes (largest)", counts.max() ?? 0, 0...1000)
        guard ["sampled", "mode"].contains(actions) else { throw ValidationError("--actions must be sampled or mode, got '\(actions)'") }
        guard TaskFamily.Split(rawValue: tasks) != nil else {
            throw ValidationError("--tasks must be train, test or ood, got '\(tasks)'")
        }
        for name in baselineNames where !BaselineCatalog.names.contains(name) {
            throw ValidationError("unknown baseline '\(name)'; known: \(BaselineCatalog.names.joined(separator: ", "))")
        }
    }

    private var adaptationCounts: [Int]? {
        let parts = adaptEpisodes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        return Array(Set(parts.compactMap { $0 })).sorted()
    }

    private var baselineNames: [String] { baselines.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func run() throws {
        let loaded = try TrainedAgentCheckpoint.loadForCommand(checkpoint, purpose: "load checkpoint")
        let trained = try Self.trainingTasks(of: loaded)
        let family = try TaskFamily.named(trained.family)
        let learner = try Self.mamlLearner(loaded, family: family)
        guard let split = TaskFamily.Split(rawValue: tasks) else { throw ValidationError("--tasks must be train, test or ood") }
        let ids = (firstTask ..< (firstTask + taskCount)).map { family.taskID(index: $0, split: split) }
        do {
            try trained.checkHeldOut(ids)
        } catch {
            throw CommandFailure("refusing to meta-test \(checkpoint) on \(tasks) tasks \(firstTask)–\(firstTask + taskCount - 1): \(error)")
        }
        let counts = adaptationCounts ?? [0]
        let scenarios = try ids.map { try family.task($0) }
        // perTask[n][t]: the agent after counts[n] adaptation episodes on task t, then the baselines.
        var agentReports = [[EvaluationReport]](repeating: [], count: counts.count)
        var baselineReports = [[EvaluationReport]](repeating: [], count: ids.count)
        var progress = ProgressReporter(label: "\(loaded.algorithm) on \(ids.count) \(tasks) tasks", total: ids.count)
        for (t, scenario) in scenarios.enumerated() {
            let env = try family.makeEnv(task: scenario)
            let reports = try evaluateAgent(loaded, learner, task: ids[t], on: env, scenario: scenario.name, counts: counts)
            for n in counts.indices { agentReports[n].append(reports[n]) }
            for name in baselineNames {
                var report = try BaselineCatalog.evaluate(
                    policy: name, envID: family.envID, scenario: scenario, episodes: baselineEpisodes, seed: seed,
                    progress: { _ in })
                report.actionHistogram = nil
                report.trackingActionHistogram = nil
                baselineReports[t].append(report)
            }
            progress.update(t + 1)
        }
        let labels = ids.map(\.description)
        func summary(_ perTask: [[EvaluationReport]]) -> TaskSetReport {
            TaskSetReport(
                family: family.name, envID: family.envID, split: split.rawValue, tasks: labels,
                episodesPerTask: trials, seed: seed, perTask: perTask)
        }
        let adaptation = counts.enumerated().map { n, count in
            MetaTestOutput.Adaptation(
                adaptationEpisodes: count,
                summary: summary((0 ..< ids.count).map { [agentReports[n][$0]] + baselineReports[$0] }).policies[0])
        }
        let baselineSummary = summary(baselineReports).policies
        let result = MetaTestOutput(
            checkpoint: checkpoint, algorithm: loaded.algorithm, family: family.name, env: family.envID,
            split: split.rawValue, tasks: labels, trainingTasks: trained.tasks.count, trialsPerTask: trials,
            baselineEpisodesPerTask: baselineEpisodes, adaptation: adaptation, baselines: baselineSummary,
            perTask: (0 ..< ids.count).map { t in counts.indices.map { agentReports[$0][t] } + baselineReports[t] })
        if output.json {
            print(try JSONText.encode(result))
        } else {
            print("""
                \(loaded.algorithm) (\(checkpoint), \(loaded.globalStep) steps on \(trained.tasks.count) \(family.name) train tasks) \
                on \(ids.count) \(split.rawValue) tasks (\(labels.first ?? "") …), \(trials) trials per task; \
                baselines \(baselineEpisodes) episodes per task; mean ± std over tasks

                """)
            print(MetaTestTable.render(result))
        }
    }

    /// The training tasks a meta-trained checkpoint recorded.
    static func trainingTasks(of loaded: TrainedAgentCheckpoint) throws -> MetaTrainingTasks {
        guard case let .maml(m) = loaded else { return try MetaTrain.trainingTasks(loaded.extra) }
        let ids = m.trainTasks.compactMap(TaskID.init)
        guard ids.count == m.trainTasks.count, let family = ids.first?.family else {
            throw CommandFailure("the checkpoint's training tasks are not task-family tasks (family/split/index)")
        }
        return MetaTrainingTasks(family: family, tasks: ids)
    }

    /// The MAML-family learner of a MAML checkpoint (its meta-policy restored), able to adapt to any task of the
    /// family; nil for other checkpoints.
    static func mamlLearner(_ loaded: TrainedAgentCheckpoint, family: TaskFamily) throws -> MAMLLearner<ProbeInfo>? {
        guard case let .maml(m) = loaded else { return nil }
        let learner = try MAMLLearner<ProbeInfo>(
            configuration: m.configuration, envID: m.envID, trainTasks: m.trainTasks,
            makeEnv: MetaTrain.taskEnvironment(family))
        try learner.restore(from: m)
        return learner
    }

    /// The agent's report after each adaptation count on one task.
    private func evaluateAgent(
        _ loaded: TrainedAgentCheckpoint, _ learner: MAMLLearner<ProbeInfo>?, task: TaskID, on env: AnyEnv<ProbeInfo>,
        scenario: String, counts: [Int]
    ) throws -> [EvaluationReport] {
        let samplingSeed: UInt64? = actions == "sampled" ? seed : nil
        // Evaluation episodes never reuse an adaptation episode's seed.
        let evaluationSeed = seed &+ 1_000_000
        switch loaded {
        case let .maml(m):
            guard let learner else { return [] }
            return try counts.map { n in
                let adapted = try learner.adapt(to: task.description, episodes: n, seed: seed)
                var env = env
                var policy = LearnedPolicy<AnyEnv<ProbeInfo>>(agent: adapted.agent, name: "\(m.algorithm.rawValue)@\(n)", samplingSeed: samplingSeed)
                var report = try PolicyEvaluator.evaluate(
                    env: &env, policy: &policy, episodes: trials, seed: evaluationSeed, envID: m.envID, scenario: scenario)
                report.actionHistogram = nil
                report.trackingActionHistogram = nil
                return report
            }
        case let .recurrent(c):
            let start = DispatchTime.now().uptimeNanoseconds
            let byPosition = try RL2Adaptation.episodesByPosition(
                agent: c.agent, task: env, episodesPerTrial: (counts.max() ?? 0) + 1, trials: trials, seed: seed,
                sampleActions: actions == "sampled")
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let steps = byPosition.joined().reduce(0) { $0 + $1.finalInfo.probesUsed }
            return counts.map { n in
                EvaluationReport(
                    env: c.envID, scenario: scenario, policy: "\(c.algorithm)@\(n)", records: byPosition[n], steps: steps,
                    seconds: seconds)
            }
        case let .feedForward(c):
            var env = env
            var policy = LearnedPolicy<AnyEnv<ProbeInfo>>(agent: c.agent, name: c.algorithm, samplingSeed: samplingSeed)
            var report = try PolicyEvaluator.evaluate(
                env: &env, policy: &policy, episodes: trials, seed: evaluationSeed, envID: c.envID, scenario: scenario)
            report.actionHistogram = nil
            report.trackingActionHistogram = nil
            return counts.map { n in
                var copy = report
                copy.policy = "\(c.algorithm)@\(n)"
                return copy
            }
        }
    }
}

/// What `meta-test --json` prints.
struct MetaTestOutput: Encodable {
    /// The agent after n adaptation episodes, summarised over the tasks (with its normalised score).
    struct Adaptation: Encodable {
        var adaptationEpisodes: Int
        var summary: TaskSetReport.PolicySummary
        enum CodingKeys: String, CodingKey { case adaptationEpisodes = "adaptation_episodes", summary }
    }
    var checkpoint: String
    var algorithm: String
    var family: String
    var env: String
    var split: String
    var tasks: [String]
    var trainingTasks: Int
    var trialsPerTask: Int
    var baselineEpisodesPerTask: Int
    var adaptation: [Adaptation]
    var baselines: [TaskSetReport.PolicySummary]
    /// Per task: the agent after each adaptation count, then the baselines.
    var perTask: [[EvaluationReport]]
    enum CodingKeys: String, CodingKey {
        case checkpoint, algorithm, family, env, split, tasks, adaptation, baselines
        case trainingTasks = "training_tasks", trialsPerTask = "trials_per_task"
        case baselineEpisodesPerTask = "baseline_episodes_per_task", perTask = "per_task"
    }
}

/// The table `meta-test` prints: one row per adaptation count, then one per baseline.
enum MetaTestTable {
    static func render(_ result: MetaTestOutput) -> String {
        let rows = result.adaptation.map { ("\(result.algorithm) after \($0.adaptationEpisodes)", $0.summary) }
            + result.baselines.map { ($0.policy, $0) }
        var lines = ["policy                 return            probes to target  reached %  err med cm     err p90 cm     normalised score"]
        for (name, s) in rows {
            func pm(_ spread: TaskSetReport.Spread?, _ scale: Double = 1, _ digits: Int = 2) -> String {
                guard let spread else { return "–" }
                return String(format: "%.\(digits)f ± %.\(digits)f", spread.mean * scale, spread.std * scale)
            }
            lines.append(
                name.padding(toLength: 22, withPad: " ", startingAt: 0) + " "
                    + pm(s.meanReturn).padding(toLength: 17, withPad: " ", startingAt: 0) + " "
                    + pm(s.probesToTarget, 1, 1).padding(toLength: 17, withPad: " ", startingAt: 0) + " "
                    + String(format: "%.1f", 100 * s.targetReachedPooled).padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                    + pm(s.errorMedianM, 100, 1).padding(toLength: 14, withPad: " ", startingAt: 0) + " "
                    + pm(s.errorP90M, 100, 1).padding(toLength: 14, withPad: " ", startingAt: 0) + " "
                    + pm(s.normalisedScore))
        }
        return lines.joined(separator: "\n")
    }
}
