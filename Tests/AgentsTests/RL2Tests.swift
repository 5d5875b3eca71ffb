// RL²: the hidden state across a trial's episodes and between trials, learning on bandits, determinism, held-out tasks.
import Environments
import GymCore
import NeuralNet
import XCTest

@testable import Agents

final class RL2Tests: XCTestCase {
    private func banditTask(arms: Int, pulls: Int) -> (UInt64) -> AnyEnv<BernoulliBanditEnv.Info> {
        { seed in
            var rng = Xoshiro256StarStar(seed: seed)
            return AnyEnv(BernoulliBanditEnv.sampleTask(armCount: arms, pulls: pulls, using: &rng))
        }
    }

    /// In a rollout of trials of 2 episodes, the policy's hidden state is reset exactly at trial starts (the first
    /// slot and the slot after each trial's autoreset), not at the episode boundary inside a trial — and there the
    /// carried state changes the policy's output.
    func testHiddenState_CarriesAcrossATrialsEpisodes_AndResetsBetweenTrials() throws {
        let (pulls, steps) = (3, 20)
        var trials = TrialBatch(count: 1, episodesPerTrial: 2, makeTask: banditTask(arms: 2, pulls: pulls))
        trials.reset(seed: 4, options: .none)
        var config = PPOConfiguration()
        config.normalizeObservations = false
        let agent = try RecurrentActorCriticAgent(
            observationSize: trials.singleObservationSpace.size, actionSpace: trials.singleActionSpaceDescription,
            hiddenSize: 8, configuration: config)
        for i in agent.actorHead.weight.value.indices { agent.actorHead.weight.value[i] = Float((i * 7) % 5) - 2 }
        var buffer = RolloutBuffer(numSteps: steps, numEnvs: 1, observationSize: agent.observationSize, actionWidth: 1)
        var rng = Xoshiro256StarStar(seed: 1)
        try buffer.collect(from: &trials, agent: agent, using: &rng)
        // A trial is 2 × 3 pulls, then one autoreset slot: trials start at slots 0, 7, 14.
        let expectedStarts = (0 ..< steps).map { $0 % (2 * pulls + 1) == 0 }
        XCTAssertEqual(buffer.episodeStarts, expectedStarts)
        // Slot 3 is the second episode's first pull: its observation carries the done flag, but no reset.
        let width = agent.observationSize
        XCTAssertEqual(buffer.observations[3 * width + width - 1], 1, "the done flag of the trial's episode boundary")
        XCTAssertFalse(buffer.episodeStarts[3])
        // Replaying with a reset forced at slot 3 changes the policy there: the carried state matters.
        let replay = { (starts: [Bool]) -> [Float] in
            agent.evaluateSequence(
                observations: buffer.observations, actions: buffer.actions, episodeStarts: starts,
                initialHidden: Tensor(shape: [1, 8])
            ).logProb
        }
        var forced = buffer.episodeStarts
        forced[3] = true
        let carried = replay(buffer.episodeStarts), reset = replay(forced)
        XCTAssertEqual(carried[3], buffer.logProbs[3], accuracy: 1e-5, "the replay reproduces the rollout")
        XCTAssertNotEqual(carried[3], reset[3], "the hidden state carried into the second episode changes the policy")
        XCTAssertEqual(carried[7], reset[7], accuracy: 1e-6, "a new trial starts from a zero state either way")
    }

    /// A short RL² run on 2-armed, 20-pull bandits earns clearly more on held-out bandits than any policy that
    /// ignores rewards (its expected return is 20 × 0.5 = 10), and training is deterministic given the seed.
    func testRL2_OnBandits_BeatsARewardBlindPolicy_AndIsDeterministic() throws {
        func train(seed: UInt64, iterations: Int) throws -> RecurrentPPO<TrialBatch<BernoulliBanditEnv.Info>> {
            var config = PPOConfiguration()
            config.seed = seed
            config.numEnvs = 8
            config.numSteps = 42
            config.numMinibatches = 4
            config.learningRate = 3e-3
            config.gamma = 0.9
            config.gaeLambda = 0.9
            config.hiddenSizes = [16]
            config.totalTimesteps = 8 * 42 * iterations
            let learner = try RL2.learner(
                configuration: config, episodesPerTrial: 1, normalizesValues: false, makeTask: banditTask(arms: 2, pulls: 20))
            try learner.train()
            return learner
        }
        let learner = try train(seed: 2, iterations: 150)
        var tasks = Xoshiro256StarStar(seed: 99)
        var total = 0.0, blind = 0.0
        let count = 300
        for k in 0 ..< count {
            let bandit = BernoulliBanditEnv.sampleTask(armCount: 2, pulls: 20, using: &tasks)
            total += try RL2.runTrial(agent: learner.agent, task: AnyEnv(bandit), episodes: 1, seed: UInt64(k))[0].episodicReturn
            blind += 20 * bandit.means.reduce(0, +) / 2
        }
        // A 20-pull return has a std below 3, so 1.5 is over 5 standard errors of a 300-bandit mean.
        XCTAssertGreaterThan(total / Double(count), blind / Double(count) + 1.5, "RL² must exploit what it learns within the trial")
        let (a, b) = (try train(seed: 7, iterations: 3), try train(seed: 7, iterations: 3))
        XCTAssertEqual(a.agent.parameters.snapshot(), b.agent.parameters.snapshot(), "same seed, same meta-weights")
    }

    /// Meta-test's held-out rule: a task the checkpoint trained on, or of another family, is refused.
    func testHeldOutCheck_RefusesTrainingTasksAndOtherFamilies() throws {
        let trained = MetaTrainingTasks(family: "beam-rooms", tasks: TaskFamily.beamRooms.taskIDs(split: .train, count: 10))
        XCTAssertNoThrow(try trained.checkHeldOut(TaskFamily.beamRooms.taskIDs(split: .test, count: 10)))
        XCTAssertNoThrow(try trained.checkHeldOut([TaskFamily.beamRooms.taskID(index: 10, split: .train)]))
        XCTAssertThrowsError(try trained.checkHeldOut([TaskFamily.beamRooms.taskID(index: 3, split: .train)])) {
            XCTAssertEqual($0 as? MetaTestError, .overlapsTrainingTasks([TaskFamily.beamRooms.taskID(index: 3, split: .train)]))
        }
        XCTAssertThrowsError(try trained.checkHeldOut(TaskFamily.risFailures.taskIDs(split: .test, count: 1)))
        let restored = try MetaTrainingTasks(metadata: trained.metadata)
        XCTAssertEqual(restored, trained)
    }
}
