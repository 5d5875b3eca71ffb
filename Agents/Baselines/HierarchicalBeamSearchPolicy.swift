import Environments
import GymCore

/// 5G NR's hierarchical beam management (3GPP TR 38.802 §6.1.6.1, P-1/P-2/P-3): a wide-beam sweep per access
/// point, then a narrow-beam refinement inside the best wide beam, then tracking on the best narrow beam.
///
/// - P-1: every AP's W wide beams, interleaved across APs; the best of each AP is the one with the highest
///   measured SNR (read from the observation, as a UE reports RSRP).
/// - P-2: per AP, the K/W narrow beams inside its best wide beam; the best becomes that AP's serving beam.
/// - P-3: probe the serving beams of the APs in turn; a serving beam that misses is refined again with its two
///   neighbours.
/// An AP whose wide sweep saw nothing keeps being swept. It uses no model and counts every probe it spends.
public struct HierarchicalBeamSearchPolicy: Policy {
    private enum Stage { case wideSweep, refine, track }
    private var queue: [Int] = []
    private var stage = Stage.wideSweep
    private var best: [(action: Int, snr: Float)] = []
    private var trackTurn = 0
    private var lastAction: Int?

    /// Creates the policy.
    public init() {}

    /// `"hierarchical"`.
    public var name: String { "hierarchical" }

    /// Starts a new P-1 sweep.
    public mutating func beginEpisode(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) {
        let aps = env.arrays.count
        let wide = env.wideCodebook?.count ?? 0
        queue.removeAll(keepingCapacity: true)
        best = Array(repeating: (-1, -Float.infinity), count: aps)
        if wide > 0 {
            beginEpisodeSweep(env: env)
        } else {
            for k in 0..<env.codebook.count { for ap in 0..<aps { queue.append(env.narrowAction(accessPoint: ap, beam: k)) } }
            stage = .refine
        }
        trackTurn = 0
        lastAction = nil
    }

    /// The next probe of the P-1 / P-2 / P-3 schedule.
    public mutating func action(in env: BeamSelectionEnv, observation: UnsafeBufferPointer<Float>) -> Int {
        let perAP = env.beamsPerAccessPoint
        // The SNR of the last probe (observation entry 9 + action; −1 when nothing was seen).
        if let last = lastAction {
            let snr = observation[PositioningEpisode.trackerObservationCount + last]
            let ap = last / perAP
            if stage != .track, snr > -1, snr > best[ap].snr { best[ap] = (last, snr) }
            if stage == .track, snr <= -1 { refineAround(env: env, ap: ap) }
        }
        if queue.isEmpty { advanceStage(env: env) }
        let action = queue.isEmpty ? trackAction(env: env) : queue.removeFirst()
        lastAction = action
        return action
    }

    private mutating func advanceStage(env: BeamSelectionEnv) {
        let perAP = env.beamsPerAccessPoint
        let wide = env.wideCodebook?.count ?? 0
        switch stage {
        case .wideSweep:
            stage = .refine
            let ratio = env.codebook.count / max(wide, 1)
            for ap in best.indices {
                guard best[ap].action >= 0 else { continue }
                let w = best[ap].action % perAP
                best[ap].snr = -.infinity
                for k in (w * ratio)..<min((w + 1) * ratio, env.codebook.count) {
                    queue.append(env.narrowAction(accessPoint: ap, beam: k))
                }
            }
            if queue.isEmpty { beginEpisodeSweep(env: env) }
        case .refine:
            stage = .track
        case .track:
            break
        }
    }

    /// Queues the P-1 sweep: every AP's wide beams, interleaved across APs.
    private mutating func beginEpisodeSweep(env: BeamSelectionEnv) {
        stage = .wideSweep
        for w in 0..<(env.wideCodebook?.count ?? 0) {
            for ap in best.indices { queue.append(env.wideAction(accessPoint: ap, beam: w)) }
        }
    }

    private mutating func refineAround(env: BeamSelectionEnv, ap: Int) {
        let wide = env.wideCodebook?.count ?? 0
        let k = best[ap].action % env.beamsPerAccessPoint - wide
        guard k >= 0 else { return }
        for neighbour in [k - 1, k + 1] where neighbour >= 0 && neighbour < env.codebook.count {
            queue.append(env.narrowAction(accessPoint: ap, beam: neighbour))
        }
        best[ap].snr = -.infinity
        stage = .refine
    }

    private mutating func trackAction(env: BeamSelectionEnv) -> Int {
        let serving = best.indices.filter { best[$0].action >= 0 }
        guard !serving.isEmpty else {
            beginEpisodeSweep(env: env)
            return queue.isEmpty ? 0 : queue.removeFirst()
        }
        trackTurn += 1
        return best[serving[trackTurn % serving.count]].action
    }
}
