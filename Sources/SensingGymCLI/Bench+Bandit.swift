import ArgumentParser
import Foundation
import SensingGym

extension Bench {
    /// `--rl2-bandit`: meta-train RL² on random Bernoulli bandits and compare it with Thompson sampling.
    func runBandit() throws {
        try Bounds.check("--train-steps", trainSteps, 1_024...1_000_000_000)
        try Bounds.check("--bandit-arms", banditArms, 2...1000)
        try Bounds.check("--bandit-pulls", banditPulls, 1...100_000)
        var settings = BanditBenchmark.Settings()
        settings.trainSteps = trainSteps
        settings.arms = banditArms
        settings.pulls = banditPulls
        var progress = ProgressReporter(label: "rl2 bandit", total: trainSteps)
        let result = try BanditBenchmark.run(settings) { steps, _ in progress.update(min(steps, trainSteps)) }
        if output.json {
            print(try JSONText.encode(result))
            return
        }
        print(String(
            format: "RL² on %d-armed Bernoulli bandits, %d pulls: %d meta-training steps in %.0f s (%.0f steps/s)",
            result.arms, result.pulls, result.trainSteps, result.trainSeconds, result.stepsPerSecond))
        print(String(
            format: "held-out bandits: %d; mean return RL² %.1f, Thompson sampling %.1f (RL² = %.1f %% of it), reward-blind %.1f",
            result.evaluationTasks, result.rl2Return, result.thompsonReturn, 100 * result.fractionOfThompson,
            result.rewardBlindReturn))
    }
}
