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
        probes.predictedProbe(action, x: x, y: y, episode: episode, scratch: &buffer)
    }
}

/// What a probe would yield at a hypothesised position: detection, line of sight, mean SNR and the Fisher
/// information the tracker would gain from it (zero when it would be rejected or set aside).
public struct PredictedProbe: Sendable, Equatable {
    /// Whether the strongest cluster would pass the detection threshold (at its mean, unfaded power).
    public var detected: Bool
    /// Whether that cluster's dominant path is line of sight.
    public var lineOfSight: Bool
    /// Whether the receiver would report an angle.
    public var hasAngle: Bool
    /// Whether the episode's NLoS power gate would reject the detection: its mean power below the threshold times
    /// what line of sight would bring at the position (a merged cluster faded by its reflection's phase, a bounce).
    public var powerGated = false
    /// Mean energy SNR of the strongest cluster, linear.
    public var energySNR: Double
    /// Fisher information about the position (zero unless detected, line of sight and usable by the tracker).
    public var information: FisherInformation.Symmetric2
    /// The tracker's variances of range (m²) and angle (rad²): white (averages down over repeats) and the link's
    /// shared bias (does not; `biasShare` of the floors); zero when unusable.
    public var whiteVariances = SIMD2<Double>.zero, biasVariances = SIMD2<Double>.zero
    /// Gradients of range and angle with respect to the position at the hypothesis.
    public var rangeGradient = SIMD2<Double>.zero, angleGradient = SIMD2<Double>.zero

    /// Predicts a probe from its traced `paths`; before a track exists (`trackStarted` false) only a detection
    /// with an angle is usable (it starts the track), and after it a range-only one only from the main lobe. A
    /// detection with an angle whose mean power is below `nlosPowerThreshold` (linear, the episode's
    /// ``PositioningEpisode/nlosPowerThreshold``; 0: no gate) times line of sight's at (x, y) is not usable either:
    /// the NLoS power gate would reject it, as it does a probe where the line of sight merges with a reflection
    /// in antiphase, every time the user stands there.
    public init(
        paths: [PropagationPath], array: UniformLinearArray, steeredFrequency: Double, model: MeasurementModel,
        observation: RangeAngleObservation, noiseFloors: (rangeMetres: Double, angleRadians: Double) = (0, 0),
        trackStarted: Bool = true, biasShare: Double = 0, nlosPowerThreshold: Double = 0, x: Double, y: Double
    ) {
        let cluster = paths.withUnsafeBufferPointer {
            model.strongestCluster(paths: $0, array: array, steeredFrequency: steeredFrequency)
        }
        energySNR = model.linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts)
        detected = energySNR >= model.detectionThreshold
        lineOfSight = cluster.isLineOfSight
        let stds = model.reportedStds(
            energySNR: energySNR, frequency: cluster.frequency, steeredFrequency: steeredFrequency, array: array)
        hasAngle = detected && stds.angleRadians.isFinite
        let inMainLobe = MeasurementModel.mainLobeCovers(
            frequency: cluster.frequency, steeredFrequency: steeredFrequency, elementCount: array.elementCount,
            spacingWavelengths: array.spacingWavelengths)
        if hasAngle, nlosPowerThreshold > 0,
            let los = model.lineOfSightPowerWatts(
                array: array, steeredFrequency: steeredFrequency, observation: observation, at: (x, y))
        {
            powerGated = cluster.powerWatts < nlosPowerThreshold * los
        }
        let usable = detected && lineOfSight && !powerGated && (hasAngle || (trackStarted && inMainLobe))
        if usable {
            // The tracker's noise model: the reported std plus the tracker's own floor, in quadrature.
            let range = (stds.rangeMetres * stds.rangeMetres + noiseFloors.rangeMetres * noiseFloors.rangeMetres)
                .squareRoot()
            let angle = (stds.angleRadians * stds.angleRadians + noiseFloors.angleRadians * noiseFloors.angleRadians)
                .squareRoot()
            information = FisherInformation.position(
                observation: observation, x: x, y: y, rangeStdMetres: range, angleStdRadians: angle)
            let h = observation.evaluate(x: x, y: y)
            rangeGradient = h.rangeGradient
            angleGradient = h.angleGradient
            if biasShare > 0 {
                let floors = model.biasStds(
                    hasAngle: hasAngle, frequency: cluster.frequency, elementCount: array.elementCount,
                    spacingWavelengths: array.spacingWavelengths)
                biasVariances = SIMD2(floors.rangeMetres, floors.angleRadians) * biasShare
                biasVariances *= biasVariances
            }
            whiteVariances = SIMD2(range * range, angle.isFinite ? angle * angle : .infinity) - biasVariances
        } else {
            information = (0, 0, 0)
        }
    }

    /// Equality of every field (the tuple of information compared element by element).
    public static func == (a: PredictedProbe, b: PredictedProbe) -> Bool {
        a.detected == b.detected && a.lineOfSight == b.lineOfSight && a.hasAngle == b.hasAngle
            && a.powerGated == b.powerGated && a.energySNR == b.energySNR && a.information == b.information
    }
}
