import Environments
import GymCore

/// Sweeps the (carrier, bandwidth) options of `Waveform-v0` round robin: [0, 0], [0, 1], …, [C−1, B−1], [0, 0], ….
public struct WaveformSweepPolicy: Policy {
    private var next = 0

    /// Creates the policy.
    public init() {}

    /// `sweep`.
    public var name: String { "sweep" }

    /// Restarts the sweep.
    public mutating func beginEpisode(in env: WaveformEnv, observation: UnsafeBufferPointer<Float>) { next = 0 }

    /// The next option in order.
    public mutating func action(in env: WaveformEnv, observation: UnsafeBufferPointer<Float>) -> [Int] {
        let widths = env.bandwidthsHz.count
        let o = next % (env.carriersHz.count * widths)
        next += 1
        return [o / widths, o % widths]
    }
}
