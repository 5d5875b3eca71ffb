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
        var records: [EpisodeRecord] = []
        records.reserveCapacity(episodes)
        var steps = 0
        var histogram: [String: Int] = [:], trackingHistogram: [String: Int] = [:]
        let start = DispatchTime.now().uptimeNanoseconds
        for episode in 0..<episodes {
            var total = 0.0, energy = 0.0
            var info = observation.withUnsafeMutableBufferPointer {
                env.reset(seed: seed &+ UInt64(episode), options: .none, into: $0)
            }
            observation.withUnsafeBufferPointer { policy.beginEpisode(in: env, observation: $0) }
            var terminated = false
            while true {
                let action = observation.withUnsafeBufferPointer { policy.action(in: env, observation: $0) }
                let t = try observation.withUnsafeMutableBufferPointer { buffer throws(EnvError) in
                    try env.step(action, into: buffer)
                }
                steps += 1
                histogram["\(action)", default: 0] += 1
                if info.trackStarted { trackingHistogram["\(action)", default: 0] += 1 }
                record?(episode, action, t)
                total += t.reward
                energy += t.info.energyJoules
                info = t.info
                terminated = t.terminated
                if t.terminated || t.truncated { break }
            }
            records.append(EpisodeRecord(episodicReturn: total, terminated: terminated, finalInfo: info, energyJoules: energy))
            progress(episode + 1)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var report = EvaluationReport(
            env: envID, scenario: scenario, policy: policy.name, records: records, steps: steps, seconds: seconds,
            actionHistogram: histogram)
        report.trackingActionHistogram = trackingHistogram
        return report
    }
}
