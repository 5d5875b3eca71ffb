import ArgumentParser
import Foundation
import SensingGym

extension MetaTrain {
    /// `--algo fomaml|reptile`, or `--resume` of such a checkpoint: the MAML-family learner on the family's tasks.
    func runMAML(algorithm: MAMLAlgorithm? = nil, resume: MAMLCheckpoint? = nil) throws {
        try Bounds.check("--meta-batch-size", metaBatchSize, 1...10_000)
        try Bounds.check("--inner-updates", innerUpdates, 1...1000)
        try Bounds.check("--inner-episodes", innerEpisodes, 1...10_000)
        try Bounds.check("--query-episodes", queryEpisodes, 1...10_000)
        try Bounds.check("--inner-lr", innerLr, 1e-9...100)
        try Bounds.check("--outer-lr", outerLr, 1e-9...100)
        var config = resume?.configuration ?? MAMLConfiguration()
        let trainIDs: [String]
        let taskFamily: TaskFamily
        if let resume {
            let tasks = try MetaTest.trainingTasks(of: .maml(resume))
            taskFamily = try TaskFamily.named(tasks.family)
            trainIDs = resume.trainTasks
        } else {
            taskFamily = try TaskFamily.named(family)
            trainIDs = taskFamily.taskIDs(split: .train, count: trainTasks).map(\.description)
            config.algo = algorithm ?? .fomaml
            config.seed = seed
            config.metaBatchSize = metaBatchSize
            config.innerUpdates = innerUpdates
            config.innerEpisodes = innerEpisodes
            config.queryEpisodes = queryEpisodes
            config.innerLearningRate = innerLr
            config.outerLearningRate = outerLr
        }
        if let env, env != taskFamily.envID {
            throw ValidationError("family \(taskFamily.name) is an \(taskFamily.envID) family, not \(env)")
        }
        let learner: MAMLLearner<ProbeInfo>
        do {
            learner = try MAMLLearner(
                configuration: config, envID: taskFamily.envID, trainTasks: trainIDs,
                makeEnv: Self.taskEnvironment(taskFamily))
            if let resume { try learner.restore(from: resume) }
        } catch {
            throw CommandFailure("cannot \(resume == nil ? "start" : "resume") \(config.algo.rawValue): \(error)")
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let checkpointPath = out + "/agent.sgnn"
        let log = try MetaTrainingLog(path: out + "/meta-train.csv")
        let label = "\(config.algo.rawValue) on \(taskFamily.name)"
        var progress = ProgressReporter(label: label, total: totalSteps)
        var last: MetaTrainingMetrics?
        learner.restartClock()
        while learner.globalStep < totalSteps {
            let metrics = try learner.iterate()
            try log.append(metrics)
            progress.update(min(metrics.globalStep, totalSteps))
            last = metrics
            if metrics.iteration % checkpointEvery == 0 { try learner.checkpoint().save(to: checkpointPath) }
        }
        try learner.checkpoint().save(to: checkpointPath)
        try log.close()
        print(String(
            format: "%@ (%@): %d steps in %d meta-iterations, %.0f steps/s; inner return before %.2f, after %.2f",
            label, taskFamily.envID, learner.globalStep, learner.iteration, last?.stepsPerSecond ?? 0,
            last?.innerReturnBefore ?? .nan, last?.innerReturnAfter ?? .nan))
        print("log: \(out)/meta-train.csv  checkpoint: \(checkpointPath)")
        print("meta-test: sensing-gym meta-test --checkpoint \(checkpointPath) --tasks test --adapt-episodes 0,1,2,5,10")
    }
}
