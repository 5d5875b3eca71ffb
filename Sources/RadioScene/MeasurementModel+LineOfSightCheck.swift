import Foundation

extension MeasurementModel {
    /// Measured power over the power a line-of-sight path would have at the position the measurement implies
    /// (linear). A detection without an angle implies no position; the tracker's innovation gate screens it.
    ///
    /// NLoS identification by range–power consistency (Güvenç & Chong, IEEE Commun. Surveys Tuts. 2009, §III):
    /// a specular reflection arrives with the same beam gain as a LoS path at its implied position but has lost
    /// the reflection loss on the way, so it reads weaker than LoS would. The ratio is linear (compare it with
    /// `Decibels.linear(fromDB: −margin)`). Returns nil when there is no position to compare at.
    @inlinable
    public func lineOfSightPowerRatio(
        of m: ProbeMeasurement, array: UniformLinearArray, steeredFrequency: Double,
        observation: RangeAngleObservation
    ) -> Double? {
        guard m.hasAngle, let position = observation.impliedPosition(range: m.rangeMetres, angle: m.angleRadians)
        else { return nil }
        return lineOfSightPowerRatio(
            of: m, array: array, steeredFrequency: steeredFrequency, observation: observation, at: position)
    }

    /// Measured power over the mean line-of-sight power at horizontal position `position` (linear).
    @inlinable
    public func lineOfSightPowerRatio(
        of m: ProbeMeasurement, array: UniformLinearArray, steeredFrequency: Double,
        observation: RangeAngleObservation, at position: (x: Double, y: Double)
    ) -> Double? {
        lineOfSightPowerWatts(array: array, steeredFrequency: steeredFrequency, observation: observation, at: position)
            .map { m.receivedPowerWatts / $0 }
    }

    /// The mean (unfaded) power a line-of-sight path from `array` to horizontal position `position` would arrive
    /// with through the receiver's gain (the steered beam's for an analog one), watts; nil at the array itself.
    @inlinable
    public func lineOfSightPowerWatts(
        array: UniformLinearArray, steeredFrequency: Double, observation: RangeAngleObservation,
        at position: (x: Double, y: Double)
    ) -> Double? {
        let v = Vector3(position.x, position.y, observation.userHeightMetres) - array.position
        let length = v.length
        guard length > 1e-6 else { return nil }
        // The phasor form (inlinable, phase 0 as (1, 0)): the arrival direction, which no gain reads, is then never
        // computed.
        let los = PropagationPath(
            lengthMetres: length, departureDirection: v / length, arrivalDirection: v / -length,
            reflectionAmplitude: 1, reflectionCount: 0, lastSurface: nil, phaseCosine: 1, phaseSine: 0)
        let gain = receiver == .digital
            ? Double(array.elementCount) * array.elementGain(towards: los.departureDirection)
            : array.beamGain(towards: los.departureDirection, steeredFrequency: steeredFrequency)
        return linkBudget.transmitPowerWatts * gain * linkBudget.pathPowerGain(los)
    }

    /// ``lineOfSightPowerRatio(of:array:steeredFrequency:observation:)`` in dB (for diagnostics and logs).
    public func lineOfSightPowerExcessDB(
        of m: ProbeMeasurement, array: UniformLinearArray, steeredFrequency: Double,
        observation: RangeAngleObservation
    ) -> Double? {
        lineOfSightPowerRatio(of: m, array: array, steeredFrequency: steeredFrequency, observation: observation)
            .map { Decibels.dB(fromLinear: $0) }
    }
}
