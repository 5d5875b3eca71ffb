// MetaRL: how RL² adapts to a held-out positioning task — episode n + 1 of a trial is "after n adaptation episodes".
import Environments
import GymCore

/// Meta-test for RL² on a positioning task: run trials of `maxAdaptationEpisodes + 1` episodes with the hidden
/// state carried across them; the records of the trials' episode `n` are the policy after `n` adaptation episodes.
/// No gradient step is taken: RL² adapts in its hidden state.
public enum RL2Adaptation {
    /// The episodes of `trials` trials on `task`, grouped by position in the trial (`result[n]`: the n-th episodes).
    /// - Parameters:
    ///   - agent: The meta-trained agent.
    ///   - task: The task env.
    ///   - episodesPerTrial: `maxAdaptationEpisodes + 1`.
    ///   - trials: Independent trials (trial `j` seeded with `seed + j`).
    ///   - seed: The first trial's seed.
    ///   - sampleActions: Sample the policy (default) or take its mode.
    /// - Throws: ``EnvError`` when the task rejects an action.
    public static func episodesByPosition(
        agent: RecurrentActorCriticAgent, task: AnyEnv<ProbeInfo>, episodesPerTrial: Int, trials: Int, seed: UInt64,
        sampleActions: Bool = true
    ) throws(EnvError) -> [[EpisodeRecord]] {
        var byPosition = [[EpisodeRecord]](repeating: [], count: episodesPerTrial)
        for j in 0 ..< trials {
            var energies: [Double] = []
            var energy = 0.0
            let episodes = try RL2.runTrial(
                agent: agent, task: task, episodes: episodesPerTrial, seed: seed &+ UInt64(j), sampleActions: sampleActions
            ) { info, ended in
                energy += info.energyJoules
                if ended {
                    energies.append(energy)
                    energy = 0
                }
            }
            for (n, episode) in episodes.enumerated() where n < episodesPerTrial {
                byPosition[n].append(
                    EpisodeRecord(
                        episodicReturn: episode.episodicReturn, terminated: episode.terminated,
                        finalInfo: episode.finalInfo, energyJoules: n < energies.count ? energies[n] : 0))
            }
        }
        return byPosition
    }
}
