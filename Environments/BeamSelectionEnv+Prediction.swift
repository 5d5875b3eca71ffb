import GymCore
import RadioScene

extension BeamSelectionEnv {
    /// The noise-free outcome the model predicts for probe `action` if the user stood at (x, y).
    ///
    /// Model-based agents (the greedy and oracle baselines) plan with it; it draws no randomness and leaves the
    /// environment unchanged.
    public func predictedProbe(action: Int, x: Double, y: Double) -> PredictedProbe {
        var buffer: [PropagationPath] = []
        return predictedProbe(action: action, x: x, y: y, scratch: &buffer)
    }

    /// ``predictedProbe(action:x:y:)`` reusing `scratch` for the traced paths (no allocation once it has grown).
    public func predictedProbe(action: Int, x: Double, y: Double, scratch buffer: inout [PropagationPath]) -> PredictedProbe {
        let ap = action / codebook.count
        let beam = action % codebook.count
        tracer.trace(
            from: arrays[ap].position, to: Vector3(x, y, episode.scenario.user.heightM), into: &buffer)
        return PredictedProbe(
            paths: buffer, array: arrays[ap], steeredFrequency: codebook.spatialFrequencies[beam],
            model: measurementModel, observation: episode.observationModels[ap],
            noiseFloors: episode.scenario.trackerNoiseFloors, x: x, y: y)
    }
}

/// A probe's predicted, noise-free outcome at a hypothetical user position.
public struct PredictedProbe: Sendable, Equatable {
    /// The strongest cluster passes the detection threshold.
    public var detected: Bool
    /// The strongest cluster is line of sight (so the tracker can use it).
    public var lineOfSight: Bool
    /// Energy SNR of the strongest cluster, linear.
    public var energySNR: Double
    /// Fisher information about (x, y) of the measurement, when detected and line of sight; zero otherwise.
    public var information: FisherInformation.Symmetric2

    /// Predicts the probe from traced paths.
    public init(
        paths: [PropagationPath], array: UniformLinearArray, steeredFrequency: Double, model: MeasurementModel,
        observation: RangeAngleObservation, noiseFloors: (rangeMetres: Double, angleRadians: Double) = (0, 0),
        x: Double, y: Double
    ) {
        let cluster = paths.withUnsafeBufferPointer {
            model.strongestCluster(paths: $0, array: array, steeredFrequency: steeredFrequency)
        }
        energySNR = model.linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts)
        detected = energySNR >= model.detectionThreshold
        lineOfSight = cluster.isLineOfSight
        if detected && lineOfSight {
            let angle = observation.evaluate(x: x, y: y).angle
            // The tracker's noise model: the bound plus the multipath floor, in quadrature.
            let rangeBound = CramerRaoBound.rangeStdMetres(
                energySNR: energySNR, bandwidthHertz: model.linkBudget.bandwidthHertz)
            let angleBound = CramerRaoBound.angleStdRadians(
                energySNR: energySNR, elementCount: array.elementCount, spacingWavelengths: array.spacingWavelengths,
                angleRadians: angle)
            information = FisherInformation.position(
                observation: observation, x: x, y: y,
                rangeStdMetres: (rangeBound * rangeBound + noiseFloors.rangeMetres * noiseFloors.rangeMetres).squareRoot(),
                angleStdRadians: (angleBound * angleBound + noiseFloors.angleRadians * noiseFloors.angleRadians).squareRoot())
        } else {
            information = (0, 0, 0)
        }
    }

    /// Compares outcomes field by field.
    public static func == (a: PredictedProbe, b: PredictedProbe) -> Bool {
        a.detected == b.detected && a.lineOfSight == b.lineOfSight && a.energySNR == b.energySNR
            && a.information == b.information
    }
}
