import Foundation

/// A constant-velocity position tracker: an iterated extended Kalman filter on state [x, y, vx, vy].
///
/// Prediction uses the white-noise-acceleration model (Bar-Shalom, Li & Kirubarajan, *Estimation with
/// Applications to Tracking and Navigation*, 2001, §6.2.2). Updates take one range/angle measurement through
/// ``RangeAngleObservation``, relinearising up to ``maxIterations`` times (iterated EKF, ibid. §10.3.2), which
/// matters when a precise measurement meets a room-sized prior. The noise model R is the measurement's Cramér–Rao
/// variance (plus the tracker's own white floors ``rangeStdFloorMetres``, ``angleStdFloorRadians``). The receiver's
/// multipath floors (``ProbeMeasurement/rangeBiasStdMetres``, ``ProbeMeasurement/angleBiasStdRadians``) are not
/// white: unresolved multipath biases every probe of a link alike, so they enter as per-source bias parameters of a
/// Schmidt–Kalman consider filter (``ConsiderBiasCovariance``) and do not average down over repeated probes (until
/// the user has moved far enough to change the merge, ``biasDecorrelationRatePerSecond``). With
/// ``reflectingBounds`` the prediction mirrors the state at the user area's edges, as the simulated constant-velocity
/// user does (a known reflecting boundary; without it a kerb bounce is a manoeuvre of twice the speed that the
/// white-noise acceleration model cannot follow). Two gates reject outliers (NLoS paths): the
/// innovation's Mahalanobis distance, and the requirement that the position the measurement implies lies in
/// the room. A rejected measurement leaves the state unchanged and gains no information.
///
/// The track starts from the first reliable fix (``initialise(from:observation:)``): a detection with a range
/// and an angle whose outlier probability is small sets the mean to the position it implies and the covariance
/// to H⁻¹RH⁻ᵀ, so no measurement is ever gated through a linearisation at the room-wide prior. Until then
/// the state is the room prior (not propagated: the user cannot leave the room) and range-only detections
/// are set aside. Detections without an angle (an analog beam's path outside its monopulse region) are fused
/// as range-only updates once the track exists. A track is dropped when reliable fixes keep failing its gate, or
/// when detections are shorter than its line of sight allows (``contradictsDirectPath(_:observation:)``: once if
/// it rests on its starting fix alone, else after ``trackLossCount``).
///
/// ```swift
/// var ekf = ExtendedKalmanFilter(mean: [0, 0, 0, 0], covariance: Matrix4(diagonal: [16, 16, 1, 1]), …)
/// ekf.predict(dt: 0.01)
/// let outcome = ekf.update(measurement, observation: model)
/// ```
public struct ExtendedKalmanFilter: Sendable, Equatable {
    /// State mean [x, y, vx, vy] (metres, metres per second).
    public var mean: SIMD4<Double>
    /// State covariance.
    public var covariance: Matrix4
    /// Power spectral density of the white acceleration noise, m²/s³.
    public var accelerationNoiseDensity: Double
    /// Mahalanobis gate on the innovation (χ² with 2 degrees of freedom).
    public var gateThreshold: Double
    /// The region a measurement's implied position must fall in (the room's footprint, plus a margin) to be accepted.
    public var validRegion: SurveillanceRegion?
    /// Tolerance of the region check, metres.
    public var regionMargin: Double
    /// Standard deviation added in quadrature to each range measurement's, metres (unmodelled multipath bias).
    public var rangeStdFloorMetres: Double = 0
    /// Standard deviation added in quadrature to each angle measurement's, radians.
    public var angleStdFloorRadians: Double = 0
    /// Prior probability that a detection the gates accept into a track is a reflection passing for the line of
    /// sight (0: none; then updates are plain EKF updates, bit for bit). Above 0 an accepted update is mixed with the
    /// prior by ``lineOfSightProbability(normalisedInnovation:dimension:gate:)`` (PDA), so a reflection accepted
    /// into a wide track widens it instead of collapsing it on the wrong position.
    public var reflectionProbability: Double = 0
    /// Correlation of the state error with each source's multipath bias (Schmidt–Kalman consider parameters).
    public var considerBias = ConsiderBiasCovariance.zero
    /// Whether ``considerBias`` may be non-zero (false until a measurement with a bias part is fused: until then,
    /// and for white-floor envs always, the consider algebra is skipped).
    @usableFromInline var considerActive = false
    /// exp(−``biasDecorrelationRatePerSecond``·dt) for the last dt (slots have one duration: computed once).
    @usableFromInline var biasCorrelationDt = -1.0
    @usableFromInline var biasCorrelationPerDt = 1.0
    /// Rate at which a source's multipath bias decorrelates as the user moves, 1/s: the biases are first-order
    /// Gauss–Markov, correlation exp(−rate·Δt) over Δt (Gelb, *Applied Optimal Estimation*, 1974, §3.8; 0: random
    /// constants). The environments set it to the user's speed over the range resolution c/B, the distance over
    /// which the path-length difference that sets a merge bias changes by a resolution cell.
    public var biasDecorrelationRatePerSecond: Double = 0
    /// The horizontal area a constant-velocity user reflects off; nil: no boundary.
    public var reflectingBounds: ReflectingBounds?

    @usableFromInline var initialisedStorage = false
    /// How many times a track has started (from a fix, a restart after track loss, or ``startTrack(mean:covariance:)``):
    /// whoever counts what supports the track (``TrackConfirmation``) sees from it when the track it counted ended.
    @inlinable public var trackStartCount: Int { trackStarts }
    @usableFromInline var trackStarts = 0
    /// Consecutive detections with an angle that the innovation gate rejected, and direct-path contradictions
    /// (``contradictsDirectPath(_:observation:)``), since the last accepted fix (track-loss evidence).
    @usableFromInline var consecutiveFixesRejected = 0
    /// Measurements fused since the track started (0: the track rests on its starting fix alone).
    @usableFromInline var updatesSinceStart = 0
    /// The prior the track started from (restored when the track is lost).
    @usableFromInline var priorMean = SIMD4<Double>.zero
    @usableFromInline var priorCovariance = Matrix4(diagonal: .one)
    /// Detections with an angle rejected in a row after which the track is declared lost and restarted from the
    /// next fix (M-of-N track deletion, Blackman & Popoli, *Design and Analysis of Modern Tracking Systems*, §9.3).
    public static let trackLossCount = 3
    /// Whether the track has started from a fix (until then the state is the prior).
    @inlinable public var isInitialised: Bool { initialisedStorage }

    /// Relinearisation steps of the iterated update.
    public static let maxIterations = 10
    /// χ²₂ quantile at 0.999: the default gate.
    public static let defaultGate = 13.815_510_557_964_274
    /// χ²₁ quantile at 0.999: the gate of range-only updates.
    public static let rangeOnlyGate = 10.827_566_170_662_733

    /// Creates a tracker; with `trustedPrior` the prior counts as a track already (no fix needed first).
    /// `validRegion`'s footprint becomes ``validRegion``.
    public init(
        mean: SIMD4<Double>, covariance: Matrix4, accelerationNoiseDensity: Double,
        gateThreshold: Double = ExtendedKalmanFilter.defaultGate, validRegion: Room? = nil, regionMargin: Double = 0.3,
        trustedPrior: Bool = false
    ) {
        initialisedStorage = trustedPrior
        priorMean = mean
        priorCovariance = covariance
        self.mean = mean
        self.covariance = covariance
        self.accelerationNoiseDensity = accelerationNoiseDensity
        self.gateThreshold = gateThreshold
        self.validRegion = validRegion.map(SurveillanceRegion.init(room:))
        self.regionMargin = regionMargin
    }

    /// The outcome of an update.
    public enum UpdateOutcome: Sendable, Equatable {
        /// The measurement was fused.
        case accepted
        /// The innovation failed the Mahalanobis gate.
        case gatedByInnovation
        /// The measurement implies a position outside the room (a reflection's mirror image).
        case gatedByRegion
        /// Nothing was detected: nothing to fuse.
        case noDetection
        /// No track yet, and the detection cannot start one (no angle, or too likely an outlier).
        case awaitingFix
    }

    /// Propagates the state `dt` seconds under the constant-velocity model.
    @inlinable
    public mutating func predict(dt: Double) {
        guard isInitialised else { return }
        let f = Matrix4(SIMD4(1, 0, dt, 0), SIMD4(0, 1, 0, dt), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1))
        let q = accelerationNoiseDensity
        let a = q * dt * dt * dt / 3, b = q * dt * dt / 2, c = q * dt
        let noise = Matrix4(SIMD4(a, 0, b, 0), SIMD4(0, a, 0, b), SIMD4(b, 0, c, 0), SIMD4(0, b, 0, c))
        mean = f * mean
        covariance = (f * covariance * f.transposed + noise).symmetrized
        if considerActive {
            considerBias.propagate(dt: dt)
            if biasDecorrelationRatePerSecond > 0 {
                if biasCorrelationDt != dt {
                    biasCorrelationDt = dt
                    biasCorrelationPerDt = exp(-biasDecorrelationRatePerSecond * dt)
                }
                considerBias.scale(by: biasCorrelationPerDt)
            }
        }
        if let bounds = reflectingBounds { reflect(lower: bounds.lower, upper: bounds.upper) }
    }

    /// Fuses one measurement of `observation` (range and angle with their standard deviations).
    ///
    /// `observation` is any ``PositionObservationModel``: line of sight (``RangeAngleObservation``) or via an
    /// RIS (``RISObservation``). `source` names the link whose multipath bias the measurement carries (the access
    /// point's index, or a distinct index per RIS path); sources at or beyond
    /// ``ConsiderBiasCovariance/sourceCapacity`` have their bias treated as white noise.
    @inlinable
    public mutating func update(
        _ m: ProbeMeasurement, observation: some PositionObservationModel, source: Int = 0
    ) -> UpdateOutcome {
        update(m, observation: observation, source: source, impliedPosition: nil)
    }

    /// ``update(_:observation:source:)`` for a caller that has already asked `observation` where `m`'s range and
    /// angle put the user: `impliedPosition` is that answer (`.some(nil)`: nowhere), used instead of asking again
    /// (the same bits); nil asks where needed.
    @inlinable
    public mutating func update(
        _ m: ProbeMeasurement, observation: some PositionObservationModel, source: Int,
        impliedPosition implied: (x: Double, y: Double)??
    ) -> UpdateOutcome {
        guard m.detected else { return .noDetection }
        guard isInitialised else {
            return initialise(from: m, observation: observation, source: source, impliedPosition: implied)
        }
        guard m.hasAngle else { return updateRange(m, observation: observation, source: source) }
        let outcome = updateFix(m, observation: observation, source: source, impliedPosition: implied)
        guard outcome == .gatedByInnovation,
            m.outlierProbability <= MeasurementModel.maximumInitialisationOutlierProbability
        else {
            if outcome == .accepted { consecutiveFixesRejected = 0 }
            return outcome
        }
        consecutiveFixesRejected += 1
        guard consecutiveFixesRejected >= Self.trackLossCount else { return outcome }
        // Track lost: reliable fixes keep contradicting it. Restart from this one.
        dropTrack()
        return initialise(from: m, observation: observation, source: source, impliedPosition: implied)
    }

    /// The consider columns of `source` (range, angle) and the bias stds a measurement scales them by; the stds
    /// are zero when the source has no bias pair (its floor then stays in the white variance).
    @inlinable
    func biasTerms(_ m: ProbeMeasurement, source: Int) -> (rangeColumn: Int, angleColumn: Int, scale: SIMD2<Double>) {
        guard source >= 0, source < ConsiderBiasCovariance.sourceCapacity else { return (0, 1, .zero) }
        return (2 * source, 2 * source + 1,
                SIMD2(m.rangeBiasStdMetres, m.hasAngle ? m.angleBiasStdRadians : 0))
    }

    /// The range-and-angle update of an existing track (region and innovation gates, iterated).
    @inlinable
    mutating func updateFix(
        _ m: ProbeMeasurement, observation: some PositionObservationModel, source: Int,
        impliedPosition given: (x: Double, y: Double)?? = nil
    ) -> UpdateOutcome {
        let implied = given ?? observation.impliedPosition(range: m.rangeMetres, angle: m.angleRadians)
        if validRegion != nil {
            guard let p = implied, isInValidRegion(p) else { return .gatedByRegion }
        }
        let bias = biasTerms(m, source: source)
        var rVar = whiteVariances(m, biasScale: bias.scale)
        let mr = considerBias.column(bias.rangeColumn) * bias.scale[0]
        let ma = considerBias.column(bias.angleColumn) * bias.scale[1]
        let z = SIMD2(m.rangeMetres, m.angleRadians)
        let p = covariance
        let prior = mean
        // Gauss–Newton from the position the fix implies, not from the prior mean: where the prior is wider than the
        // fix, h is far from linear across it (a far user near a linear array's axis: the cone angle barely moves
        // with the cross-range), and started at the prior the iteration and its gate read the fix through the
        // wrong slope. Linearised at the measurement, the gate is the converted-measurement test
        // (Lerro & Bar-Shalom, IEEE TAES 29(3), 1993) and the iterations reach the posterior mode from its side.
        let start = implied.map { SIMD4($0.x, $0.y, prior[2], prior[3]) } ?? prior
        // The range's second-order term (secondOrderRangeVariance) over the spread the fix's own angle leaves: the
        // prior, narrowed by the angle alone. Across that spread the range circle bends away from the tangent the
        // linearisation reads the range along (the prior's correlation carries a precise range into the cross-range
        // as if the circle were straight).
        let atStart = observation.evaluate(x: start[0], y: start[1])
        let spread = Self.angleConditionedSpread(
            prior: p, angleGradient: atStart.angleGradient, angleVariance: rVar[1] + bias.scale[1] * bias.scale[1])
        rVar[0] += Self.tangentialSecondOrderRangeVariance(
            hessian: observation.rangeHessian(x: start[0], y: start[1]), rangeGradient: atStart.rangeGradient,
            xx: spread.xx, xy: spread.xy, yy: spread.yy)
        var linearisation = start
        var gain0 = SIMD4<Double>.zero, gain1 = SIMD4<Double>.zero, c0 = SIMD4<Double>.zero, c1 = SIMD4<Double>.zero
        var hr = SIMD2<Double>.zero, ha = SIMD2<Double>.zero
        var beta = 1.0
        for iteration in 0..<Self.maxIterations {
            let h = iteration == 0 ? atStart : observation.evaluate(x: linearisation[0], y: linearisation[1])
            hr = h.rangeGradient
            ha = h.angleGradient
            // P·Hᵀ + M·Jᵀ, column by column (H has non-zeros in the position columns only; J picks the source's
            // bias pair, scaled by the probe's floors).
            c0 = p.r0 * hr[0] + p.r1 * hr[1] + mr
            c1 = p.r0 * ha[0] + p.r1 * ha[1] + ma
            // S = H P Hᵀ + H M Jᵀ + J Mᵀ Hᵀ + J Jᵀ + R.
            let s00 = hr[0] * c0[0] + hr[1] * c0[1] + hr[0] * mr[0] + hr[1] * mr[1]
                + bias.scale[0] * bias.scale[0] + rVar[0]
            let s01 = hr[0] * c1[0] + hr[1] * c1[1] + ha[0] * mr[0] + ha[1] * mr[1]
            let s11 = ha[0] * c1[0] + ha[1] * c1[1] + ha[0] * ma[0] + ha[1] * ma[1]
                + bias.scale[1] * bias.scale[1] + rVar[1]
            let det = s00 * s11 - s01 * s01
            guard det > 0, det.isFinite else { return .gatedByInnovation }
            let i00 = s11 / det, i01 = -s01 / det, i11 = s00 / det
            // Innovation about the linearisation point: z − h(xᵢ) − H(x̂ − xᵢ).
            let dx = prior - linearisation
            let innovation = z - SIMD2(h.range, h.angle)
                - SIMD2(hr[0] * dx[0] + hr[1] * dx[1], ha[0] * dx[0] + ha[1] * dx[1])
            if iteration == 0 {
                let d2 = innovation[0] * (i00 * innovation[0] + i01 * innovation[1])
                    + innovation[1] * (i01 * innovation[0] + i11 * innovation[1])
                guard d2 <= gateThreshold else { return .gatedByInnovation }
                beta = lineOfSightProbability(normalisedInnovation: d2, dimension: 2, gate: gateThreshold)
            }
            gain0 = c0 * i00 + c1 * i01
            gain1 = c0 * i01 + c1 * i11
            let next = prior + gain0 * innovation[0] + gain1 * innovation[1]
            let step = next - linearisation
            linearisation = next
            if step[0] * step[0] + step[1] * step[1] < 1e-12 { break }
        }
        mean = linearisation
        // P⁺ = P − K·(P·Hᵀ + M·Jᵀ)ᵀ = P − K S Kᵀ, with the H the gain was computed from.
        covariance = Matrix4(
            p.r0 - gain0[0] * c0 - gain1[0] * c1, p.r1 - gain0[1] * c0 - gain1[1] * c1,
            p.r2 - gain0[2] * c0 - gain1[2] * c1, p.r3 - gain0[3] * c0 - gain1[3] * c1
        ).symmetrized
        // M⁺ = M − K·(H·M + J) (Schmidt: the biases' own covariance stays the identity).
        if considerActive || bias.scale != .zero {
            var row0 = considerBias.positionRow(hr), row1 = considerBias.positionRow(ha)
            row0[bias.rangeColumn] += bias.scale[0]
            row1[bias.angleColumn] += bias.scale[1]
            // Scaled by the line-of-sight weight β (1 without a reflection prior: x·1 is x, bit for bit).
            considerBias.subtract(gain0: gain0 * beta, row0: row0, gain1: gain1 * beta, row1: row1)
            considerActive = true
        }
        if beta < 1 { mixUpdate(withPrior: prior, priorCovariance: p, weight: beta) }
        updatesSinceStart += 1
        return .accepted
    }

    /// Replaces the belief with a fix from elsewhere (a fingerprint localizer) and marks the track started.
    public mutating func startTrack(mean: SIMD4<Double>, covariance: Matrix4) {
        if !isInitialised {
            priorMean = self.mean
            priorCovariance = self.covariance
        }
        self.mean = mean
        self.covariance = covariance
        considerBias = .zero
        considerActive = false
        initialisedStorage = true
        trackStarts += 1
        updatesSinceStart = 0
    }

    /// Whether horizontal position `p` lies in the valid region, with ``regionMargin`` (true without a region).
    @inlinable
    func isInValidRegion(_ p: (x: Double, y: Double), margin: Double? = nil) -> Bool {
        guard let region = validRegion else { return true }
        return region.contains(x: p.x, y: p.y, margin: margin ?? regionMargin)
    }

    /// Standard deviations of its own position uncertainty a starting fix may lie outside the valid region.
    public static let regionSigmas = 3.0

    /// The measurement's variances with the tracker's own floors added: (range m², angle rad²).
    @inlinable
    func measurementVariances(_ m: ProbeMeasurement) -> SIMD2<Double> {
        SIMD2(
            m.rangeStdMetres * m.rangeStdMetres + rangeStdFloorMetres * rangeStdFloorMetres,
            m.angleStdRadians * m.angleStdRadians + angleStdFloorRadians * angleStdFloorRadians)
    }

    /// The white part of the measurement's variances: ``measurementVariances(_:)`` less the considered bias
    /// variances `biasScale`² (range m², angle rad²).
    @inlinable
    func whiteVariances(_ m: ProbeMeasurement, biasScale: SIMD2<Double>) -> SIMD2<Double> {
        let total = measurementVariances(m)
        return SIMD2(max(total[0] - biasScale[0] * biasScale[0], 0), max(total[1] - biasScale[1] * biasScale[1], 0))
    }

    /// Starts the track from `m` when it can: a range and an angle, unlikely to be an outlier, implying a
    /// position inside the valid region. The position covariance is H⁻¹RH⁻ᵀ at that position (the
    /// measurement's own uncertainty mapped to the plane); the velocity block keeps its prior.
    @inlinable
    public mutating func initialise(
        from m: ProbeMeasurement, observation: some PositionObservationModel, source: Int = 0
    ) -> UpdateOutcome {
        initialise(from: m, observation: observation, source: source, impliedPosition: nil)
    }

    /// ``initialise(from:observation:source:)`` with the position `m` implies when the caller has it already
    /// (``update(_:observation:source:impliedPosition:)``).
    @inlinable
    mutating func initialise(
        from m: ProbeMeasurement, observation: some PositionObservationModel, source: Int,
        impliedPosition implied: (x: Double, y: Double)??
    ) -> UpdateOutcome {
        guard m.detected else { return .noDetection }
        guard m.hasAngle, m.outlierProbability <= MeasurementModel.maximumInitialisationOutlierProbability else {
            return .awaitingFix
        }
        guard let p = implied ?? observation.impliedPosition(range: m.rangeMetres, angle: m.angleRadians)
        else { return .gatedByRegion }
        let h = observation.evaluate(x: p.x, y: p.y)
        let hr = h.rangeGradient, ha = h.angleGradient
        let det = hr[0] * ha[1] - hr[1] * ha[0]
        guard abs(det) > 1e-12, det.isFinite else { return .gatedByRegion }
        // H⁻¹ = [[ha1, −hr1], [−ha0, hr0]] / det.
        let a00 = ha[1] / det, a01 = -hr[1] / det, a10 = -ha[0] / det, a11 = hr[0] / det
        var r = measurementVariances(m)
        // The fix is an arc of the range circle, not its tangent: the second-order term of the range over the
        // fix's own spread (``secondOrderRangeVariance(hessian:xx:xy:yy:)``) widens it across the arc.
        r[0] += Self.tangentialSecondOrderRangeVariance(
            hessian: observation.rangeHessian(x: p.x, y: p.y), rangeGradient: hr,
            xx: a00 * a00 * r[0] + a01 * a01 * r[1], xy: a00 * a10 * r[0] + a01 * a11 * r[1],
            yy: a10 * a10 * r[0] + a11 * a11 * r[1])
        let pxx = a00 * a00 * r[0] + a01 * a01 * r[1]
        let pxy = a00 * a10 * r[0] + a01 * a11 * r[1]
        let pyy = a10 * a10 * r[0] + a11 * a11 * r[1]
        // A fix outside the room by more than its own uncertainty allows is a reflection's mirror image (a user near
        // a wall puts it just beyond): the tolerance is the fix's 3σ, at most ``regionMargin``.
        let sigmaMax = Self.largestEigenvalue(xx: pxx, xy: pxy, yy: pyy).squareRoot()
        guard isInValidRegion(p, margin: min(regionMargin, Self.regionSigmas * sigmaMax)) else { return .gatedByRegion }
        mean = SIMD4(p.x, p.y, 0, 0)
        covariance = Matrix4(
            SIMD4(pxx, pxy, 0, 0), SIMD4(pxy, pyy, 0, 0), SIMD4(0, 0, priorCovariance.r2[2], 0),
            SIMD4(0, 0, 0, priorCovariance.r3[3]))
        // x̃ = H⁻¹(v − J β̃), so M = −H⁻¹J: the fix carries its source's bias, and no other source's.
        let bias = biasTerms(m, source: source)
        considerBias = .zero
        considerActive = bias.scale != .zero
        considerBias.x[bias.rangeColumn] = -a00 * bias.scale[0]
        considerBias.y[bias.rangeColumn] = -a10 * bias.scale[0]
        considerBias.x[bias.angleColumn] = -a01 * bias.scale[1]
        considerBias.y[bias.angleColumn] = -a11 * bias.scale[1]
        initialisedStorage = true
        trackStarts += 1
        updatesSinceStart = 0
        return .accepted
    }
}
