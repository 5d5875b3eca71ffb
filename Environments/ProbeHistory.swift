/// What a device remembers of its recent probes, per probe option (beam, waveform or RIS beam): the energy SNR
/// the option last saw and how long ago it was used. It is the second half of every environment's observation.
///
/// | entries | meaning | range |
/// |---|---|---|
/// | 0 … n−1 | energy SNR of each option's last probe, dB ÷ 50 (−1: never probed, or nothing seen) | −1…2 |
/// | n … 2n−1 | probes since each option was last used ÷ budget (1: never) | 0…1 |
public struct ProbeHistory: Sendable, Equatable {
    private var lastSNR: [Float]
    private var lastProbed: [Int]

    /// A history of `optionCount` options, all never probed.
    public init(optionCount: Int) {
        lastSNR = [Float](repeating: -1, count: optionCount)
        lastProbed = [Int](repeating: Int.min / 2, count: optionCount)
    }

    /// Number of options n (the history writes 2n observation entries).
    public var optionCount: Int { lastSNR.count }

    /// Lower and upper bounds of the 2n entries.
    public var bounds: (low: [Float], high: [Float]) {
        let n = optionCount
        return ([Float](repeating: -1, count: n) + [Float](repeating: 0, count: n),
                [Float](repeating: 2, count: n) + [Float](repeating: 1, count: n))
    }

    /// Forgets every probe (start of an episode). Allocates nothing.
    public mutating func clear() {
        for i in lastSNR.indices {
            lastSNR[i] = -1
            lastProbed[i] = Int.min / 2
        }
    }

    /// Records that `option` was probed as probe number `probe` and saw `energySNRdB` (if anything was detected).
    public mutating func record(option: Int, detected: Bool, energySNRdB: Double, probe: Int) {
        lastSNR[option] = detected ? Float(max(-1, min(2, energySNRdB / 50))) : -1
        lastProbed[option] = probe
    }

    /// Writes the 2n entries at `base`, with `now` probes used of a budget of `probeBudget`.
    public func write(into o: UnsafeMutableBufferPointer<Float>, at base: Int, now: Int, probeBudget: Int) {
        let count = lastSNR.count
        let inverseBudget = 1 / Float(probeBudget)
        lastSNR.withUnsafeBufferPointer { snr in
            lastProbed.withUnsafeBufferPointer { probed in
                for i in 0..<count {
                    o[base + i] = snr[i]
                    o[base + count + i] = min(1, Float(now - probed[i]) * inverseBudget)
                }
            }
        }
    }
}
