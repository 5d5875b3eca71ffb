import Foundation
import RadioScene

extension DirectBeamProbes {
    /// A fix with its bias prior raised to the merge bias the room predicts for this beam where the user is
    /// believed to be: the track's estimate, or before a track the position the fix implies.
    ///
    /// The floors are a scene-wide RMS; an analog beam steered nearer a reflection than the line of sight weighs
    /// that reflection more in the merged cluster, and its monopulse angle is pulled towards it far beyond the
    /// floor (the lab, seed 10241: beam 13 for a user 0.35 m from a wall, 7.7 mrad off against a 0.54 mrad std;
    /// the track started 3.3 cm off with a 1.2 cm 95 % radius and ended the episode at once, NEES 205). The
    /// tracker knows the room (as ``MultipathMergeGate`` does), so before trusting a fix it traces the beam's
    /// noise-free cluster there (``MeasurementModel/strongestCluster(paths:array:steeredFrequency:)``) and takes
    /// the cluster's range and angle offsets from the line of sight as the bias stds where they exceed 3 of the
    /// fix's own (``ProbeMeasurement/widenedToOutlyingBias(_:)``; ray-tracing-aided positioning, Kanhere &
    /// Rappaport, IEEE ICC 2018). An established track needs it too: in the office (greedy, seed 10241) a user
    /// 0.4 m from the west wall, 8 m north of AP0 (itself 0.36 m from it), saw a reflection merged into AP0's
    /// narrow beam 28; the gate rejected its fix eight times and accepted it once the covariance had grown, which
    /// ended the episode 12 cm off with a 3.8 cm 95 % radius (NEES 59, a false success; with the check, 1.4 cm).
    ///
    /// - Parameters:
    ///   - m: the fix as the tracker would fuse it (after ``MultipathMergeGate/trackerView(of:array:trackEstimate:impliedPosition:userHeightMetres:rangeResolutionMetres:trackRadiusMetres:)``).
    ///   - action: the beam that measured it.
    ///   - position: where the user is believed to be (horizontal, metres).
    ///   - heightMetres: the user's antenna height.
    /// - Returns: `m`, its bias stds raised where the predicted cluster is led by the line of sight and biased beyond
    ///   3 of its stds.
    public mutating func predictedMergeView(
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
