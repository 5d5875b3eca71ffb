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
            observation: episode.observationModels[plan.accessPoint], x: x, y: y)
    }

    /// The cost in nats the reward charges for option `action` ([carrier, bandwidth]).
    public func probeCost(action: [Int]) -> Double {
        episode.reward.cost(
            energyJoules: probeEnergyJoules[action[0] * bandwidthsHz.count + action[1]],
            bandwidthHertz: bandwidthsHz[action[1]], durationSeconds: episode.scenario.radio.probeDurationS)
    }
}
