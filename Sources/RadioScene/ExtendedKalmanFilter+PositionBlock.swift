import Foundation

/// Summaries of the 2×2 position block of the tracker's covariance, on a filter or on a bare covariance (the
/// static forms let a caller holding the filter inside a large mutating struct read them without copying it).
extension ExtendedKalmanFilter {
    /// ln det of the 2×2 position block of the covariance (nats × 2 of differential entropy, up to a constant).
    @inlinable public var logDetPosition: Double { Self.logDetPosition(of: covariance) }

    /// ln det of the 2×2 position block of `covariance` (``logDetPosition`` of a filter holding it).
    @inlinable public static func logDetPosition(of covariance: Matrix4) -> Double {
        log(max(covariance.r0[0] * covariance.r1[1] - covariance.r0[1] * covariance.r1[0], 1e-300))
    }

    /// Radius of the 95 % error circle bound: √(χ²₂(0.95) · λ_max) of the position block, metres.
    @inlinable public var errorRadius95: Double { Self.errorRadius95(of: covariance) }

    /// ``errorRadius95`` of a filter holding `covariance`, metres.
    @inlinable public static func errorRadius95(of covariance: Matrix4) -> Double {
        let a = covariance.r0[0], b = covariance.r0[1], d = covariance.r1[1]
        let lambdaMax = 0.5 * (a + d) + (0.25 * (a - d) * (a - d) + b * b).squareRoot()
        return (5.991_464_547_107_979 * lambdaMax).squareRoot()
    }
}
