import Foundation

extension MeasurementModel {
    /// How far the noise-free strongest cluster of `paths` (traced to `user`) lies from the line of sight in range
    /// (metres) and angle (radians, through asin of sin θ), for a probe steered to `steeredFrequency` of `array`:
    /// the merge bias the room predicts at `user`. nil when the cluster is not led by the line of sight (a
    /// reflection's bias is not a merge's) or `user` sits on the array. Allocates nothing.
    @inlinable
    public func predictedMergeOffsets(
        paths: UnsafeBufferPointer<PropagationPath>, array: UniformLinearArray, steeredFrequency: Double, user: Vector3
    ) -> (rangeMetres: Double, angleRadians: Double)? {
        let v = user - array.position
        let length = v.length
        guard length > 1e-6 else { return nil }
        let cluster = strongestCluster(paths: paths, array: array, steeredFrequency: steeredFrequency)
        guard cluster.isLineOfSight else { return nil }
        let u = array.spatialFrequency(of: v / length)
        return (abs(cluster.lengthMetres - length),
                abs(asin(max(-1, min(1, cluster.frequency))) - asin(max(-1, min(1, u)))))
    }
}

extension ProbeMeasurement {
    /// How many of its own stds a fix's predicted merge bias must exceed to widen it
    /// (``widenedToOutlyingBias(_:)``).
    public static let outlyingBiasSigmas = 3.0

    /// The fix with each bias std raised to the predicted merge offset (``MeasurementModel/predictedMergeOffsets(paths:array:steeredFrequency:user:)``)
    /// where that offset exceeds ``outlyingBiasSigmas`` of the fix's own std — what a Gaussian at the floors calls an
    /// outlier; within that the floors, sized over the scene, stand (``widenedBias(rangeMetres:angleRadians:)``).
    @inlinable
    public func widenedToOutlyingBias(_ offsets: (rangeMetres: Double, angleRadians: Double)?) -> ProbeMeasurement {
        guard let offsets else { return self }
        let k = Self.outlyingBiasSigmas
        return widenedBias(
            rangeMetres: offsets.rangeMetres > k * rangeStdMetres ? offsets.rangeMetres : 0,
            angleRadians: offsets.angleRadians > k * angleStdRadians ? offsets.angleRadians : 0)
    }
}
