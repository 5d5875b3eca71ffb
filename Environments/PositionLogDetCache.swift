import RadioScene

/// ln det of the position block of a covariance (``ExtendedKalmanFilter/logDetPosition(of:)``), remembered for
/// the last block it was computed for.
///
/// Each step needs ln det of the same posterior twice: when the probe is scored, and as the reference of the
/// next slot (``PositioningEpisode/advanceSlot()``). The four entries the value depends on are compared bit for
/// bit, so a reused value is exactly the one `log` would return again (a NaN entry compares equal to itself too).
struct PositionLogDetCache: Sendable {
    /// Bit patterns of P[0][0], P[0][1], P[1][0], P[1][1] of the cached block.
    private var key = SIMD4<UInt64>(repeating: 0)
    /// ln det of the cached block.
    private var logDet = 0.0
    /// Whether ``logDet`` holds a value (false until the first call).
    private var isFilled = false

    /// ln det of the position block of `covariance`, computed only when the block differs from the last one.
    @inline(__always)
    mutating func value(of covariance: Matrix4) -> Double {
        let bits = SIMD4(
            covariance.r0[0].bitPattern, covariance.r0[1].bitPattern, covariance.r1[0].bitPattern,
            covariance.r1[1].bitPattern)
        if isFilled && bits == key { return logDet }
        key = bits
        logDet = ExtendedKalmanFilter.logDetPosition(of: covariance)
        isFilled = true
        return logDet
    }
}
