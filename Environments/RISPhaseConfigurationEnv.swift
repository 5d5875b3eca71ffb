import Foundation
import GymCore
import RadioScene

/// `RISConfiguration-v1` with `action: phases`: set every element phase of the serving RIS panel directly, for
/// Gaussian (continuous) policies.
///
/// ## Description
/// The physics, measurement, impairments and reward of ``RISConfigurationEnv`` (see ``RISProbeCore``); only the
/// action differs. The AP lights panel 0 of the scenario (the serving panel; other panels stay idle). The gain
/// sums the M elements with the commanded phases: |Σ_m g_m e^{j(φ_m − k(d1m + d2m))}|²; failed elements keep
/// their stuck phase whatever the action says. One sine and cosine per element per step.
///
/// ## Action Space
/// `Box(−π, π, [M])`: the phase φ_m of element m = row × columns + column, radians.
///
/// ## Observation Space
/// `Box` of 10 floats, never the true position:
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0–8 | tracker: estimate, velocity, log std, correlation, budget left, last outcome (``PositioningEpisode``) | see there |
/// | 9 | energy SNR of the last probe, dB ÷ 50 (−1: nothing seen or no probe yet) | −1…2 |
///
/// ## Rewards
/// As ``RISConfigurationEnv``.
///
/// ## Starting State
/// As ``RISConfigurationEnv``.
///
/// ## Episode End
/// - Termination: the tracker's 95 % error radius falls below `target_accuracy_m`.
/// - Truncation: `probe_budget` probes were used.
///
/// ## Arguments
/// `scenario`; registry keyword `action=phases`.
///
/// ## Version History
/// - v1 (tracker, issue 10): each link's multipath floor (every AP and each RIS path) is a Schmidt–Kalman consider
///   bias instead of white noise; floors resized to the simulated merge bias; a constant-velocity user's kerb
///   bounce is predicted.
/// - v1: the RIS reflect beam read as an analog beam (an angle only for a user in the beam's monopulse region, the
///   RIS gain counted once), Rician fading and outliers, a track started from the first reliable fix, the reward
///   net of motion and capped at the target. (The combined space of direct AP beams and RIS configurations is not
///   in v1 yet.)
/// - v0: (removed) every detection returned the true angle with a bound that counted the RIS gain twice.
public struct RISPhaseConfigurationEnv: Env {
    /// The shared RIS physics and episode.
    public private(set) var core: RISProbeCore
    /// `Box(−π, π, [M])` over the serving panel's elements.
    public let actionSpace: Box
    /// The flat observation box.
    public let observationSpace: Box
    private var lastSNR: Float = -1

    /// The registry id (shared with the codebook form; the `action` keyword selects this one).
    public static let id = RISConfigurationEnv.id

    /// The shared episode state (user, tracker, reward).
    public var episode: PositioningEpisode { core.episode }

    /// Creates the environment for `scenario`.
    public init(scenario: Scenario) {
        core = RISProbeCore(scenario: scenario)
        actionSpace = Box(low: -Float.pi, high: Float.pi, shape: [core.links[0].surface.elementCount])
        let bounds = PositioningEpisode.trackerObservationBounds
        observationSpace = Box(low: bounds.low + [-1], high: bounds.high + [2])
    }

    /// Starts an episode; see ``Env/reset(seed:options:into:)``.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> ProbeInfo {
        core.begin(seed: seed)
        lastSNR = -1
        writeObservation(into: observation)
        return core.episode.resetInfo()
    }

    /// Applies the element phases `action` and probes; see ``Env/step(_:into:)``.
    public mutating func step(
        _ action: [Float], into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<ProbeInfo> {
        guard actionSpace.contains(action) else {
            throw .invalidAction(
                "phases of \(action.count) elements are not in \(actionSpace) (one phase in [−π, π] per element)")
        }
        guard !core.episode.isOver else {
            throw .needsReset("\(Self.id): the episode ended; call reset before stepping again")
        }
        core.advance()
        let user = core.episode.userPosition
        let gain = core.isOpen(panel: 0, user: user)
            ? action.withUnsafeBufferPointer { core.links[0].phasesPowerGain(to: user, phases: $0) } : 0
        let (transition, snrDB) = core.probe(panel: 0, gain: gain)
        lastSNR = transition.info.detected ? Float(max(-1, min(2, snrDB / 50))) : -1
        writeObservation(into: observation)
        return transition
    }

    /// The phases of codebook beam (`u`, `v`) of the serving panel (what the codebook env would apply), radians.
    public func codebookPhases(u: Double, v: Double) -> [Float] {
        let link = core.links[0]
        return link.surface.beamPhases(from: link.source, horizontal: u, vertical: v).map { Float($0) }
    }

    /// Mutating only so that the env is passed by address: a non-mutating call from `step` copies the whole env.
    private mutating func writeObservation(into o: UnsafeMutableBufferPointer<Float>) {
        core.episode.writeTrackerObservation(into: o)
        o[PositioningEpisode.trackerObservationCount] = lastSNR
    }
}
