import Foundation

/// A constant-velocity position tracker: an iterated extended Kalman filter on state [x, y, vx, vy].
///
/// Prediction uses the white-noise-acceleration model (Bar-Shalom, Li & Kirubarajan, *Estimation with
/// Applications to Tracking and Navigation*, 2001, §6.2.2). Updates take one range/angle measurement through
/// ``RangeAngleObservation``, relinearising up to ``maxIterations`` times (iterated EKF, ibid. §10.3.2), which
/// matters when a precise measurement meets a room-sized prior. The noise model R is the measurement's Cramér–Rao
/// variance plus a floor (``rangeStdFloorMetres``, ``angleStdFloorRadians``) for the bias of unresolved multipath,
/// without which the filter is overconfident in a real channel. Two gates reject outliers (NLoS paths): the
/// innovation's Mahalanobis distance, and the requirement that the position the measurement implies lies in
/// the room. A rejected measurement leaves the state unchanged and gains no information.
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
    /// The region a measurement's implied position must fall in (room, plus a margin) to be accepted.
    public var validRegion: Room?
    /// Tolerance of the region check, metres.
    public var regionMargin: Double
    /// Standard deviation added in quadrature to each range measurement's, metres (unmodelled multipath bias).
    public var rangeStdFloorMetres: Double = 0
    /// Standard deviation added in quadrature to each angle measurement's, radians.
    public var angleStdFloorRadians: Double = 0

    /// Relinearisation steps of the iterated update.
    public static let maxIterations = 10
    /// χ²₂ quantile at 0.999: the default gate.
    public static let defaultGate = 13.815_510_557_964_274

    /// Creates a tracker.
    public init(
        mean: SIMD4<Double>, covariance: Matrix4, accelerationNoiseDensity: Double,
        gateThreshold: Double = ExtendedKalmanFilter.defaultGate, validRegion: Room? = nil, regionMargin: Double = 0.3
    ) {
        self.mean = mean
        self.covariance = covariance
        self.accelerationNoiseDensity = accelerationNoiseDensity
        self.gateThreshold = gateThreshold
        self.validRegion = validRegion
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
    }

    /// Propagates the state `dt` seconds under the constant-velocity model.
    @inlinable
    public mutating func predict(dt: Double) {
        let f = Matrix4(SIMD4(1, 0, dt, 0), SIMD4(0, 1, 0, dt), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1))
        let q = accelerationNoiseDensity
        let a = q * dt * dt * dt / 3, b = q * dt * dt / 2, c = q * dt
        let noise = Matrix4(SIMD4(a, 0, b, 0), SIMD4(0, a, 0, b), SIMD4(b, 0, c, 0), SIMD4(0, b, 0, c))
        mean = f * mean
        covariance = (f * covariance * f.transposed + noise).symmetrized
    }

    /// Fuses one measurement of `observation` (range and angle with their standard deviations).
    ///
    /// `observation` is any ``PositionObservationModel``: line of sight (``RangeAngleObservation``) or via an
    /// RIS (``RISObservation``).
    @inlinable
    public mutating func update(_ m: ProbeMeasurement, observation: some PositionObservationModel) -> UpdateOutcome {
        guard m.detected else { return .noDetection }
        if let region = validRegion {
            guard let p = observation.impliedPosition(range: m.rangeMetres, angle: m.angleRadians),
                region.contains(Vector3(p.x, p.y, region.minCorner.z), margin: regionMargin)
            else { return .gatedByRegion }
        }
        let rVar = SIMD2(
            m.rangeStdMetres * m.rangeStdMetres + rangeStdFloorMetres * rangeStdFloorMetres,
            m.angleStdRadians * m.angleStdRadians + angleStdFloorRadians * angleStdFloorRadians)
        let z = SIMD2(m.rangeMetres, m.angleRadians)
        let p = covariance
        let prior = mean
        var linearisation = prior
        var gain0 = SIMD4<Double>.zero, gain1 = SIMD4<Double>.zero, c0 = SIMD4<Double>.zero, c1 = SIMD4<Double>.zero
        for iteration in 0..<Self.maxIterations {
            let h = observation.evaluate(x: linearisation[0], y: linearisation[1])
            let hr = h.rangeGradient, ha = h.angleGradient
            // P·Hᵀ, column by column (H has non-zeros in the position columns only).
            c0 = p.r0 * hr[0] + p.r1 * hr[1]
            c1 = p.r0 * ha[0] + p.r1 * ha[1]
            let s00 = hr[0] * c0[0] + hr[1] * c0[1] + rVar[0]
            let s01 = ha[0] * c0[0] + ha[1] * c0[1]
            let s11 = ha[0] * c1[0] + ha[1] * c1[1] + rVar[1]
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
            }
            gain0 = c0 * i00 + c1 * i01
            gain1 = c0 * i01 + c1 * i11
            let next = prior + gain0 * innovation[0] + gain1 * innovation[1]
            let step = next - linearisation
            linearisation = next
            if step[0] * step[0] + step[1] * step[1] < 1e-12 { break }
        }
        mean = linearisation
        // P⁺ = P − K·(P·Hᵀ)ᵀ.
        covariance = Matrix4(
            p.r0 - gain0[0] * c0 - gain1[0] * c1, p.r1 - gain0[1] * c0 - gain1[1] * c1,
            p.r2 - gain0[2] * c0 - gain1[2] * c1, p.r3 - gain0[3] * c0 - gain1[3] * c1
        ).symmetrized
        return .accepted
    }

    /// ln det of the 2×2 position block of the covariance (nats × 2 of differential entropy, up to a constant).
    @inlinable public var logDetPosition: Double {
        log(max(covariance.r0[0] * covariance.r1[1] - covariance.r0[1] * covariance.r1[0], 1e-300))
    }

    /// Radius of the 95 % error circle bound: √(χ²₂(0.95) · λ_max) of the position block, metres.
    @inlinable public var errorRadius95: Double {
        let a = covariance.r0[0], b = covariance.r0[1], d = covariance.r1[1]
        let lambdaMax = 0.5 * (a + d) + (0.25 * (a - d) * (a - d) + b * b).squareRoot()
        return (5.991_464_547_107_979 * lambdaMax).squareRoot()
    }
}
