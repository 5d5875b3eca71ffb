extension ExtendedKalmanFilter {
    /// Whether detection `m` on a direct link is shorter than the track's line of sight allows: no path is shorter
    /// than the direct one (a reflection's and a merged cluster's length exceed it), so a reliable range below
    /// the track's predicted line-of-sight range by more than the range gate (χ²₁ at 0.999, against the predicted
    /// range variance HPHᵀ plus the measurement's) says the track is wrong, whatever beam saw it and whatever the
    /// other gates make of it. Such tracks start from a reflection's fix that passed the power gate; the line-of-sight
    /// detections that follow are shorter, but arrive as range-only sidelobe detections or power-gated ones that
    /// the innovation gate never sees.
    ///
    /// The bound is the model's ``PositionObservationModel/directPathRange(x:y:)`` at the track's estimate: the
    /// line of sight for an access point's probe, the path through the panel's centre less twice its half-diagonal
    /// for an RIS probe. False for measurements that cannot tell: no track, nothing detected, too likely an outlier
    /// (p_out above ``MeasurementModel/maximumInitialisationOutlierProbability``), or a model without a bound.
    @inlinable
    public func contradictsDirectPath(_ m: ProbeMeasurement, observation: some PositionObservationModel) -> Bool {
        guard isInitialised, m.detected, m.outlierProbability <= MeasurementModel.maximumInitialisationOutlierProbability,
            let direct = observation.directPathRange(x: mean[0], y: mean[1])
        else { return false }
        let shortfall = direct.range - m.rangeMetres
        guard shortfall > 0 else { return false }
        let g = direct.gradient, p = covariance
        let predicted = g[0] * (p.r0[0] * g[0] + p.r0[1] * g[1]) + g[1] * (p.r1[0] * g[0] + p.r1[1] * g[1])
        return shortfall * shortfall > Self.rangeOnlyGate * (predicted + measurementVariances(m)[0])
    }

    /// Counts a direct-path contradiction as track-loss evidence and drops the track (back to the prior, no track)
    /// when it rests on its starting fix alone, or after ``trackLossCount`` pieces of evidence without an accepted
    /// fix between them (M-of-N track deletion, Blackman & Popoli 1999, §9.3). Returns whether it dropped the track.
    @inlinable
    public mutating func recordContradiction() -> Bool {
        consecutiveFixesRejected += 1
        guard updatesSinceStart == 0 || consecutiveFixesRejected >= Self.trackLossCount else { return false }
        dropTrack()
        return true
    }

    /// Ends the track: the state returns to the prior it started from, and the next reliable fix starts a new one.
    @inlinable
    mutating func dropTrack() {
        mean = priorMean
        covariance = priorCovariance
        initialisedStorage = false
        consecutiveFixesRejected = 0
    }
}
