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
    /// and takes the cluster's range and angle offsets from the line of sight there as the bias stds where they exceed
    /// 3 of the fix's own (``ProbeMeasurement/widenedToOutlyingBias(_:)``; ray-tracing-aided positioning, Kanhere &
    /// Rappaport, IEEE ICC 2018). Once a track exists its gate weighs each fix against it; the check runs only on a
    /// start, once or a few times an episode.
    ///
    /// - Parameters:
    ///   - m: the fix as the tracker would fuse it (after ``MultipathMergeGate/trackerView(of:array:trackEstimate:impliedPosition:userHeightMetres:rangeResolutionMetres:)``).
    ///   - action: the beam that measured it.
    ///   - position: where the fix puts the user (horizontal, metres).
    ///   - heightMetres: the user's antenna height.
    /// - Returns: `m`, its bias stds raised where the predicted cluster is led by the line of sight and biased beyond
    ///   3 of its stds.
    public mutating func startFixView(
        of m: ProbeMeasurement, action: Int, at position: (x: Double, y: Double), heightMetres: Double
    ) -> ProbeMeasurement {
        guard m.hasAngle else { return m }
        let beam = self.beam(of: action)
        let model = beam.isWide ? wideMeasurementModel : measurementModel
        let user = Vector3(position.x, position.y, heightMetres)
        // The probe's buffer is free again (the measurement is made): traced into in place, its slot count kept.
        var tracer = self.tracer
        let count = paths.withUnsafeMutableBufferPointer { buffer in
            tracer.traceInPlace(from: beam.array.position, to: user, into: buffer)
        }
        let offsets = paths.withUnsafeBufferPointer { buffer in
            model.predictedMergeOffsets(
                paths: UnsafeBufferPointer(rebasing: buffer[..<count]), array: beam.array,
                steeredFrequency: beam.steeredFrequency, user: user)
        }
        return m.widenedToOutlyingBias(offsets)
    }
}
