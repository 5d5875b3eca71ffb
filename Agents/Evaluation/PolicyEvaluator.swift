import Dispatch
import Environments
import GymCore

/// Runs a policy for a number of episodes and summarises what it achieved.
///
/// ```swift
/// var env = BeamSelectionEnv(scenario: scenario)
/// var policy = ExhaustiveSweepPolicy<BeamSelectionEnv>()
/// let report = try PolicyEvaluator.evaluate(env: &env, policy: &policy, episodes: 200, seed: 1)
/// ```
public enum PolicyEvaluator {
    /// Runs `episodes` episodes, episode i seeded with `seed + i`.
    /// - Parameters:
    ///   - progress: called after every episode with the number done.
    ///   - record: called for every step with (episode, action, transition), e.g. to log trajectories.
    /// - Throws: ``EnvError`` if the policy produces an invalid action.
    public static func evaluate<P: Policy>(
        env: inout P.Environment, policy: inout P, episodes: Int, seed: UInt64, envID: String, scenario: String,
        progress: (Int) -> Void = { _ in },
        record: ((Int, P.Environment.ActionSpace.Element, Transition<ProbeInfo>) -> Void)? = nil
    ) throws(EnvError) -> EvaluationReport where P.Environment.Info == ProbeInfo {
        var observation = [Float](repeating: 0, count: env.observationSpace.size)
        var returns: [Double] = [], errors: [Double] = [], probesToTarget: [Double] = [], energies: [Double] = []
        var steps = 0, falseSuccesses = 0
        var neesValues: [Double] = []
        var histogram: [String: Int] = [:]
        let start = DispatchTime.now().uptimeNanoseconds
        for episode in 0..<episodes {
            var total = 0.0, energy = 0.0
            var info = observation.withUnsafeMutableBufferPointer {
                env.reset(seed: seed &+ UInt64(episode), options: .none, into: $0)
            }
            observation.withUnsafeBufferPointer { policy.beginEpisode(in: env, observation: $0) }
            while true {
                let action = observation.withUnsafeBufferPointer { policy.action(in: env, observation: $0) }
                let t = try observation.withUnsafeMutableBufferPointer { buffer throws(EnvError) in
                    try env.step(action, into: buffer)
                }
                steps += 1
                histogram["\(action)", default: 0] += 1
                record?(episode, action, t)
                total += t.reward
                energy += t.info.energyJoules
                info = t.info
                if t.terminated {
                    probesToTarget.append(Double(t.info.probesUsed))
                    if t.info.errorMetres > t.info.targetAccuracyMetres { falseSuccesses += 1 }
                }
                if t.terminated || t.truncated { break }
            }
            if info.trackStarted, info.nees.isFinite { neesValues.append(info.nees) }
            returns.append(total)
            errors.append(info.errorMetres)
            energies.append(energy)
            progress(episode + 1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let n = Double(max(episodes, 1))
        return EvaluationReport(
            env: envID, scenario: scenario, policy: policy.name, episodes: episodes,
            meanReturn: returns.reduce(0, +) / n,
            probesToTargetMean: probesToTarget.isEmpty ? nil : probesToTarget.reduce(0, +) / Double(probesToTarget.count),
            targetReachedRate: Double(probesToTarget.count) / n,
            errorMedianM: EvaluationReport.quantile(errors, 0.5), errorP90M: EvaluationReport.quantile(errors, 0.9),
            errorP98M: EvaluationReport.quantile(errors, 0.98),
            outliersOver10cm: Double(errors.filter { $0 > 0.1 }.count) / n,
            energyPerEpisodeJ: energies.reduce(0, +) / n, stepsPerSecond: Double(steps) / max(seconds, 1e-9),
            falseSuccessRate: probesToTarget.isEmpty ? nil : Double(falseSuccesses) / Double(probesToTarget.count),
            neesMean: neesValues.isEmpty ? nil : neesValues.reduce(0, +) / Double(neesValues.count),
            neesBand: neesValues.isEmpty ? nil : EvaluationReport.neesBand(count: neesValues.count),
            actionHistogram: histogram)
    }
}
