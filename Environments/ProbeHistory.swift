/// What a device remembers of its recent probes, per probe option (beam, waveform or RIS beam): the energy SNR
/// the option last saw and how long ago it was used. It is the second half of every environment's observation.
///
/// | entries | meaning | range |
/// |---|---|---|
/// | 0 … n−1 | energy SNR of each option's last probe, dB ÷ 50 (−1: never probed, or nothing seen) | −1…2 |
/// | n … 2n−1 | probes since each option was last used ÷ budget (1: never) | 0…1 |
///
/// Probe numbers are kept as `Int32` lanes, so that ``write(into:at:now:probeBudget:)`` converts them to `Float`
/// in vector registers (a 64-bit integer to float conversion has no SSE/AVX2 vector form). Probe numbers are
/// exact up to 2³⁰ − 1, far beyond any probe budget a scenario may set (≤ 100 000).
public struct ProbeHistory: Sendable, Equatable {
    private var lastSNR: [Float]
    private var lastProbed: [Int32]

    /// The probe number of an option never probed: now − never ≥ 2³⁰ probes ago, which reads as 1 (never).
    private static let never: Int32 = -(1 << 30)
    /// The largest probe number kept exactly (now − ``never`` must not overflow `Int32`).
    private static let largestProbe = (1 << 30) - 1

    /// A history of `optionCount` options, all never probed.
    public init(optionCount: Int) {
        lastSNR = [Float](repeating: -1, count: optionCount)
        lastProbed = [Int32](repeating: Self.never, count: optionCount)
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
            lastProbed[i] = Self.never
        }
    }

    /// Records that `option` was probed as probe number `probe` and saw `energySNRdB` (if anything was detected).
    public mutating func record(option: Int, detected: Bool, energySNRdB: Double, probe: Int) {
        lastSNR[option] = detected ? Float(max(-1, min(2, energySNRdB / 50))) : -1
        lastProbed[option] = Int32(min(probe, Self.largestProbe))
    }

    /// Writes the 2n entries at `base`, with `now` probes used of a budget of `probeBudget`.
    public func write(into o: UnsafeMutableBufferPointer<Float>, at base: Int, now: Int, probeBudget: Int) {
        let count = lastSNR.count
        let inverseBudget = 1 / Float(probeBudget)
        let now = Int32(min(now, Self.largestProbe))
        precondition(base >= 0 && base + 2 * count <= o.count, "the observation buffer is too short")
        guard count > 0, let start = o.baseAddress else { return }
        // Through plain pointers and wrapping arithmetic, so that no index carries an overflow check and the
        // loops vectorise (the precondition above covers every index).
        let snrOut = start + base, ageOut = start + base + count
        lastSNR.withUnsafeBufferPointer { snr in snrOut.update(from: snr.baseAddress!, count: count) }
        lastProbed.withUnsafeBufferPointer { probed in
            for i in 0..<count {
                // now − probed cannot wrap (both ≤ 2³⁰ − 1, never = −2³⁰).
                ageOut[i] = min(1, Float(now &- probed[i]) * inverseBudget)
            }
        }
    }
}
