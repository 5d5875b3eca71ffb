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

    /// χ²₂(0.95): the squared Mahalanobis radius of the 95 % error ellipse.
    @inlinable public static var chiSquare95: Double { 5.991_464_547_107_979 }

    /// Radius of the 95 % error circle bound: √(χ²₂(0.95) · λ_max) of the position block, metres.
    @inlinable public var errorRadius95: Double { Self.errorRadius95(of: covariance) }

    /// ``errorRadius95`` of a filter holding `covariance`, metres.
    @inlinable public static func errorRadius95(of covariance: Matrix4) -> Double {
        let lambdaMax = largestEigenvalue(xx: covariance.r0[0], xy: covariance.r0[1], yy: covariance.r1[1])
        return (chiSquare95 * lambdaMax).squareRoot()
    }

    /// Std of the position along the covariance's major axis, √λ_max of the position block, metres: how far
    /// (1σ) the truth may lie from the estimate in the worst direction.
    @inlinable public var majorAxisStdMetres: Double {
        Self.largestEigenvalue(xx: covariance.r0[0], xy: covariance.r0[1], yy: covariance.r1[1]).squareRoot()
    }

    /// The larger eigenvalue of the symmetric 2×2 block [[xx, xy], [xy, yy]].
    @inlinable static func largestEigenvalue(xx: Double, xy: Double, yy: Double) -> Double {
        0.5 * (xx + yy) + (0.25 * (xx - yy) * (xx - yy) + xy * xy).squareRoot()
    }
}
