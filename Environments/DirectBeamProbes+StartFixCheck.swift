import Foundation
import RadioScene

extension DirectBeamProbes {
    /// A fix that would start the track, with its bias prior raised to the merge bias the room predicts for this
    /// beam at the position the fix implies.
    ///
    /// The floors are a scene-wide RMS; an analog beam steered nearer a reflection than the line of sight weighs
    /// that reflection more in the merged cluster, and its monopulse angle is pulled towards it far beyond the
    /// floor (the lab, seed 10241: beam 13 for a user 0.35 m from a wall, 7.7 mrad off against a 0.54 mrad std;
    /// the track started 3.3 cm off with a 1.2 cm 95 % radius and ended the episode at once, NEES 205). The
    /// tracker knows the room (as ``MultipathMergeGate`` does), so before trusting a lone fix it traces the beam's
    /// noise-free cluster at the implied position (``MeasurementModel/strongestCluster(paths:array:steeredFrequency:)``)
    /// and takes the cluster's range and angle offsets from the line of sight there as the least bias stds
    /// (``ProbeMeasurement/widenedBias(rangeMetres:angleRadians:)``; ray-tracing-aided positioning, Kanhere &
    /// Rappaport, IEEE ICC 2018). Once a track exists its gate weighs each fix against it; the check runs only on a
    /// start, once or a few times an episode.
    ///
    /// - Parameters:
    ///   - m: the fix as the tracker would fuse it (after ``MultipathMergeGate/trackerView(of:array:trackEstimate:impliedPosition:userHeightMetres:rangeResolutionMetres:)``).
    ///   - action: the beam that measured it.
    ///   - position: where the fix puts the user (horizontal, metres).
    ///   - heightMetres: the user's antenna height.
    /// - Returns: `m`, its bias stds raised where the predicted cluster is led by the line of sight and biased more.
    public mutating func startFixView(
        of m: ProbeMeasurement, action: Int, at position: (x: Double, y: Double), heightMetres: Double
    ) -> ProbeMeasurement {
        let beam = self.beam(of: action)
        let model = beam.isWide ? wideMeasurementModel : measurementModel
        let user = Vector3(position.x, position.y, heightMetres)
        let v = user - beam.array.position
        let length = v.length
        guard m.hasAngle, length > 1e-6 else { return m }
        // The probe's buffer is free again (the measurement is made): traced into in place, its slot count kept.
        var tracer = self.tracer
        let count = paths.withUnsafeMutableBufferPointer { buffer in
            tracer.traceInPlace(from: beam.array.position, to: user, into: buffer)
        }
        let cluster = paths.withUnsafeBufferPointer { buffer in
            model.strongestCluster(
                paths: UnsafeBufferPointer(rebasing: buffer[..<count]), array: beam.array,
                steeredFrequency: beam.steeredFrequency)
        }
        guard cluster.isLineOfSight else { return m }
        let u = beam.array.spatialFrequency(of: v / length)
        let angleBias = abs(asin(max(-1, min(1, cluster.frequency))) - asin(max(-1, min(1, u))))
        // Only a bias the fix's own std does not cover (beyond 3σ: what a Gaussian at the floors calls an outlier)
        // widens it; within that the floors, sized over the scene, stand.
        let rangeBias = abs(cluster.lengthMetres - length)
        return m.widenedBias(
            rangeMetres: rangeBias > Self.startFixSigmas * m.rangeStdMetres ? rangeBias : 0,
            angleRadians: angleBias > Self.startFixSigmas * m.angleStdRadians ? angleBias : 0)
    }

    /// How many of its own stds a start fix's predicted bias must exceed to widen it.
    public static let startFixSigmas = 3.0
}
