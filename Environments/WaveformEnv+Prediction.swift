import GymCore
import RadioScene

extension WaveformEnv {
    /// The noise-free outcome the model predicts for probe `action` ([carrier, bandwidth]) if the user stood at
    /// (x, y) and the tracker's estimate were (`estimateX`, `estimateY`) (which picks the AP and the steering).
    ///
    /// Model-based agents (the greedy and oracle baselines) plan with it; it draws no randomness and leaves the
    /// environment unchanged. `scratch` holds the traced paths (no allocation once it has grown).
    public func predictedProbe(
        action: [Int], x: Double, y: Double, estimateX: Double, estimateY: Double,
        scratch buffer: inout [PropagationPath]
    ) -> PredictedProbe {
        let carrier = action[0]
        let option = carrier * bandwidthsHz.count + action[1]
        let plan = plannedProbe(carrier: carrier, estimateX: estimateX, estimateY: estimateY)
        let array = arrays[carrier][plan.accessPoint]
        tracers[carrier].trace(from: array.position, to: Vector3(x, y, episode.scenario.user.heightM), into: &buffer)
        return PredictedProbe(
            paths: buffer, array: array, steeredFrequency: plan.steeredFrequency, model: measurementModels[option],
            observation: episode.observationModels[plan.accessPoint], trackStarted: episode.tracker.isInitialised,
            biasShare: biasCorrelation, nlosPowerThreshold: episode.nlosPowerThreshold, x: x, y: y)
    }

    /// How many probes with option `action`, one per slot, the tracker would need before its 95 % radius falls below
    /// the target if the user stood at (x, y): the tracker's own update (consider biases, merge gate and motion
    /// included) run on a copy with the noise-free measurement there, so a planner sees that repeating one link
    /// does not average its bias away. `maxRepeats + 1` when it never does, or when the probe would not be usable.
    /// `scratch` is the caller's path buffer (as for ``predictedProbe(action:x:y:estimateX:estimateY:scratch:)``: a
    /// planner asking for every option allocates it once).
    public func repeatsToTarget(
        action: [Int], x: Double, y: Double, maxRepeats: Int = 64, scratch: inout [PropagationPath]
    ) -> Int {
        let estimate = (episode.tracker.mean[0], episode.tracker.mean[1])
        let probe = predictedProbe(
            action: action, x: x, y: y, estimateX: estimate.0, estimateY: estimate.1, scratch: &scratch)
        guard probe.information != (0, 0, 0) else { return maxRepeats + 1 }
        let plan = plannedProbe(carrier: action[0], estimateX: estimate.0, estimateY: estimate.1)
        let observation = episode.observationModels[plan.accessPoint]
        let h = observation.evaluate(x: x, y: y)
        let total = probe.whiteVariances + probe.biasVariances
        var m = ProbeMeasurement(
            detected: true, rangeMetres: h.range, angleRadians: probe.hasAngle ? h.angle : .nan,
            receivedPowerWatts: 0, energySNRdB: Decibels.dB(fromLinear: probe.energySNR), rangeStdMetres: total[0].squareRoot(),
            angleStdRadians: probe.hasAngle ? total[1].squareRoot() : .infinity, isLineOfSight: true, mergedPathCount: 1,
            rangeBiasStdMetres: probe.biasVariances[0].squareRoot(),
            angleBiasStdRadians: probe.hasAngle ? probe.biasVariances[1].squareRoot() : 0)
        let source = Self.biasSource(accessPoint: plan.accessPoint, wideBand: isWideBandwidth[action[1]])
        let dt = episode.scenario.episode.slotDurationS, target = episode.scenario.episode.targetAccuracyM
        var tracker = episode.tracker
        for n in 1...maxRepeats {
            tracker.predict(dt: dt)
            m = mergeGate.trackerView(
                of: m, array: arrays[action[0]][plan.accessPoint], observation: observation, tracker: tracker,
                userHeightMetres: episode.scenario.user.heightM,
                rangeResolutionMetres: measurementModels[action[0] * bandwidthsHz.count + action[1]].linkBudget
                    .rangeResolutionMetres)
            _ = tracker.update(m, observation: observation, source: source)
            if tracker.isInitialised, tracker.errorRadius95 < target { return n }
        }
        return maxRepeats + 1
    }

    /// The cost in nats the reward charges for option `action` ([carrier, bandwidth]).
    public func probeCost(action: [Int]) -> Double {
        episode.reward.cost(
            energyJoules: probeEnergyJoules[action[0] * bandwidthsHz.count + action[1]],
            bandwidthHertz: bandwidthsHz[action[1]], durationSeconds: episode.scenario.radio.probeDurationS)
    }
}
