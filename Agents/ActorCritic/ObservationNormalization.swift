// ActorCritic: running observation normalisation, shared by the feed-forward and recurrent agents.
import GymCore

/// CleanRL's `NormalizeObservation`: `clip((x − mean) / √(var + 1e-8), ±clip)` with running statistics.
enum ObservationNormalization {
    /// Normalises env-major rows of `width` in place; `update` first adds each row to the statistics.
    static func apply(
        _ observations: inout [Float], width: Int, statistics: inout RunningMeanStd, update: Bool, clip: Float
    ) {
        let rows = observations.count / width
        observations.withUnsafeMutableBufferPointer { buffer in
            if update {
                for r in 0 ..< rows {
                    statistics.update(UnsafeBufferPointer(rebasing: buffer[(r * width) ..< ((r + 1) * width)]))
                }
            }
            let limit = Double(clip)
            // The same operations as element by element, with the per-feature square roots taken once per call.
            let mean = statistics.mean
            let std = statistics.variance.map { ($0 + 1e-8).squareRoot() }
            mean.withUnsafeBufferPointer { m in
                std.withUnsafeBufferPointer { s in
                    for r in 0 ..< rows {
                        let row = r * width
                        for i in 0 ..< width {
                            let scaled = (Double(buffer[row + i]) - m[i]) / s[i]
                            buffer[row + i] = Float(min(max(scaled, -limit), limit))
                        }
                    }
                }
            }
        }
    }
}
