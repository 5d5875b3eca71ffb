extension ExtendedKalmanFilter {
    /// Fuses a range without an angle (iterated scalar update, gated at χ²₁ 0.999).
    @inlinable
    mutating func updateRange(
        _ m: ProbeMeasurement, observation: some PositionObservationModel, source: Int
    ) -> UpdateOutcome {
        let bias = biasTerms(m, source: source)
        let p = covariance
        let prior = mean
        let atPrior = observation.evaluate(x: prior[0], y: prior[1])
        let rVar = whiteVariances(m, biasScale: bias.scale)[0] + Self.tangentialSecondOrderRangeVariance(
            hessian: observation.rangeHessian(x: prior[0], y: prior[1]), rangeGradient: atPrior.rangeGradient,
            xx: p.r0[0], xy: p.r0[1], yy: p.r1[1])
        let mr = considerBias.column(bias.rangeColumn) * bias.scale[0]
        var linearisation = prior
        var gain = SIMD4<Double>.zero, c0 = SIMD4<Double>.zero, hr = SIMD2<Double>.zero
        var beta = 1.0
        for iteration in 0..<Self.maxIterations {
            let h = iteration == 0 ? atPrior : observation.evaluate(x: linearisation[0], y: linearisation[1])
            hr = h.rangeGradient
            c0 = p.r0 * hr[0] + p.r1 * hr[1] + mr
            let s = hr[0] * c0[0] + hr[1] * c0[1] + hr[0] * mr[0] + hr[1] * mr[1] + bias.scale[0] * bias.scale[0] + rVar
            guard s > 0, s.isFinite else { return .gatedByInnovation }
            let dx = prior - linearisation
            let innovation = m.rangeMetres - h.range - (hr[0] * dx[0] + hr[1] * dx[1])
            if iteration == 0 {
                guard innovation * innovation / s <= Self.rangeOnlyGate else { return .gatedByInnovation }
                beta = lineOfSightProbability(
                    normalisedInnovation: innovation * innovation / s, dimension: 1, gate: Self.rangeOnlyGate)
            }
            gain = c0 / s
            let next = prior + gain * innovation
            let step = next - linearisation
            linearisation = next
            if step[0] * step[0] + step[1] * step[1] < 1e-12 { break }
        }
        mean = linearisation
        covariance = Matrix4(p.r0 - gain[0] * c0, p.r1 - gain[1] * c0, p.r2 - gain[2] * c0, p.r3 - gain[3] * c0)
            .symmetrized
        if considerActive || bias.scale[0] != 0 {
            var row = considerBias.positionRow(hr)
            row[bias.rangeColumn] += bias.scale[0]
            considerBias.subtract(gain0: gain * beta, row0: row, gain1: .zero, row1: .zero)
            considerActive = true
        }
        if beta < 1 { mixUpdate(withPrior: prior, priorCovariance: p, weight: beta) }
        updatesSinceStart += 1
        return .accepted
    }
}
