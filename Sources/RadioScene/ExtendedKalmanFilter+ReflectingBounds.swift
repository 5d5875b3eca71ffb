/// The known reflecting boundary of a constant-velocity user (``ExtendedKalmanFilter/reflectingBounds``).
extension ExtendedKalmanFilter {
    /// An axis-aligned area whose edges mirror the user's motion (lower and upper corner, metres).
    public struct ReflectingBounds: Sendable, Equatable {
        /// Lower corner (x, y), metres.
        public var lower: SIMD2<Double>
        /// Upper corner (x, y), metres.
        public var upper: SIMD2<Double>
        /// Creates the bounds.
        public init(lower: SIMD2<Double>, upper: SIMD2<Double>) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// Mirrors the mean at the bounds it crossed, as the simulated user is (position 2b − x, velocity negated), with
    /// the mirror's Jacobian applied to the covariance and the consider cross-covariance.
    @inlinable
    mutating func reflect(lower: SIMD2<Double>, upper: SIMD2<Double>) {
        for axis in 0..<2 {
            let bound: Double
            if mean[axis] < lower[axis] {
                bound = lower[axis]
            } else if mean[axis] > upper[axis] {
                bound = upper[axis]
            } else {
                continue
            }
            mean[axis] = 2 * bound - mean[axis]
            mean[axis + 2] = -mean[axis + 2]
            var d = SIMD4<Double>.one
            d[axis] = -1
            d[axis + 2] = -1
            covariance = Matrix4(covariance.r0 * d * d[0], covariance.r1 * d * d[1], covariance.r2 * d * d[2],
                                 covariance.r3 * d * d[3])
            if considerActive { considerBias.mirror(axis: axis) }
        }
    }
}
