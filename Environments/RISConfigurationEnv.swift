import Foundation
import GymCore
import RadioScene

/// `RISConfiguration-v1` (`action: codebook`): choose between the access points' direct beams and the reflection
/// beams of the RIS panels to locate a user the access point may not see directly.
///
/// ## Description
/// Line of sight from the access point to the user is blocked or weak; one or more RIS panels carry the
/// measurement. Each probe the AP steers its beam at a panel and the panel reflects with a codebook phase
/// profile; the AP → element → user paths add coherently,
/// gain = |Σ_m g_m e^{j(φ_m − k(d1m + d2m))}|² (``ReconfigurableIntelligentSurface``, ``RISLink``), so a beam
/// aimed at the user gains ≈ M² and a misaimed one ≈ M or less. The measurement (``RISProbeCore``) is the
/// unfolded AP → RIS → user range and the angle of departure from the panel, with Cramér–Rao-bound noise; the
/// iterated EKF fuses it through ``RISObservation``. Impairments: clock bias (range offset), phase-calibration
/// errors (AP elements and RIS elements, per episode) and element failures (stuck at a uniform random phase
/// with probability `ris_element_failure_probability`, per element per episode).
///
/// ## Action Space
/// `Discrete(D + K)`: actions a < D are the access points' direct beams, exactly as in ``BeamSelectionEnv``
/// (``DirectBeamProbes``, D = APs × (W + K_AP)); action D + r is RIS beam r of ``beams``: panel `beams[r].panel` steered to the in-plane direction
/// (`beams[a].u`, `beams[a].v`), a DFT grid u = (2i + 1 − Ku)/Ku, v = (2j + 1 − Kv)/Kv over the panel's two axes
/// (Ku × Kv from the scenario, default columns × rows), keeping the directions in front of the panel (u² + v² < 1).
/// A beam's phases compensate the incident path exactly: φ_m = k·d1m − k·(r_m − c)·(u·x̂ + v·ẑ).
///
/// ## Observation Space
/// `Box` of 9 + 2·(D + K) floats, never the true position (option o = action):
///
/// | index | meaning | range |
/// |---|---|---|
/// | 0–8 | tracker: estimate, velocity, log std, correlation, budget left, last outcome (``PositioningEpisode``) | see there |
/// | 9 … 9+D+K−1 | energy SNR of the last probe with each option, dB ÷ 50 (−1: never used or nothing seen) | −1…2 |
/// | 9+D+K … 9+2(D+K)−1 | probes since each option was last used ÷ budget (1: never) | 0…1 |
///
/// ## Rewards
/// r_t = ½ ln det P⁺_{t−1} − ½ ln det P⁺_t − cost (nats, net of motion, capped at the target;
/// ``InformationGainReward``), energy P_tx·T_probe.
///
/// ## Starting State
/// As ``BeamSelectionEnv``; failures and phase errors are drawn at every reset (after the user's position).
///
/// ## Episode End
/// - Termination: the tracker's 95 % error radius falls below `target_accuracy_m`.
///   Where the scenario sets `tracker.confirmation_links` (the factory: 2), fixes of that many links must also
///   support the track (``TrackConfirmation``); the observation does not show how many do.
/// - Truncation: `probe_budget` probes were used.
///
/// ## Arguments
/// `scenario`; registry keyword `action=codebook` (this env) or `action=phases` (``RISPhaseConfigurationEnv``).
///
/// ## Version History
/// - v1 (tracker, issue 10): each link's multipath floor (every AP and each RIS path) is a Schmidt–Kalman consider
///   bias instead of white noise; floors resized to the simulated merge bias; a constant-velocity user's kerb
///   bounce is predicted.
/// - v1 (confirmation, issue 10): scenarios may require fixes of two links before termination
///   (`tracker.confirmation_links`; the factory and the `ris-failures` family do); a starting fix may lie outside the
///   room by its own 3σ only (at most 0.3 m).
/// - v1: the RIS reflect beam read as an analog beam (an angle only for a user in the beam's monopulse region, the
///   RIS gain counted once), Rician fading and outliers, a track started from the first reliable fix, the reward
///   net of motion and capped at the target; one action space with the APs' direct beams and the RIS beams;
///   clustered element failures (`ris_failure_pattern: clustered`).
/// - v1 (direct-path test, issue 10): a reliable detection shorter than the track's line of sight allows ends a
///   track resting on its starting fix (an established one after three such pieces of evidence).
/// - v1 (fix linearisation, issue 10): a fix is linearised and gated at the position it implies, with the range's
///   second-order term across the arc the fix's angle leaves; a constant-velocity user's boundary folds the
///   tracker's Gaussian (docs/PHYSICS.md §3).
/// - v1 (reflection mixture, issue 10): where a scenario sets `tracker.reflection_probability` (the factory: 0.02),
///   an accepted update is weighted by its probability of being line of sight (PDA; docs/PHYSICS.md §3).
/// - v1 (surveillance region, issue 10): the tracker gates fixes to the user area (the room less `user.margin_m`),
///   not the room (docs/PHYSICS.md §3).
/// - v1 (site map, issue 10): where a scenario sets `tracker.blocker_map` (the factory), a fix its racks hide from
///   the AP is NLoS and the reflection prior grows with the share of the track they hide (docs/PHYSICS.md §3).
/// - v1 (start-fix check, issue 10): a fix that would start the track is widened to the merge bias the room predicts
///   for its beam at the implied position, where that exceeds 3 of its stds (docs/PHYSICS.md §3).
/// - v1 (predicted-merge check, issue 10): every direct-beam fix with an angle is so checked, at the track's estimate
///   once a track exists; the merge gate asks whether a merge is expected anywhere within the track's 1σ major-axis
///   std of its estimate, not at the estimate alone (docs/PHYSICS.md §3).
/// - v0: (removed) every detection returned the true angle with a bound that counted the RIS gain twice.
public struct RISConfigurationEnv: Env {
    /// The shared RIS physics and episode.
    public private(set) var core: RISProbeCore
    /// The codebook: panel and in-plane steering direction of each action.
    public let beams: [(panel: Int, u: Double, v: Double)]
    /// The access points' direct beams (actions 0 ..< ``directCount``).
    public private(set) var direct: DirectBeamProbes
    /// Number of direct-beam actions D; RIS beam r is action D + r.
    public var directCount: Int { direct.count }
    /// `Discrete(K)`.
    public let actionSpace: Discrete
    /// The flat observation box.
    public let observationSpace: Box

    private var history: ProbeHistory

    /// The registry id.
    public static let id = "RISConfiguration-v1"

    /// The shared episode state (user, tracker, reward).
    public var episode: PositioningEpisode { core.episode }

    /// Creates the environment for `scenario`.
    public init(scenario: Scenario) {
        core = RISProbeCore(scenario: scenario)
        let specs = scenario.ris ?? [RISProbeCore.defaultPanel(for: scenario)]
        var beams: [(panel: Int, u: Double, v: Double)] = []
        for (p, spec) in specs.enumerated() {
            let ku = spec.codebookColumns ?? spec.columns, kv = spec.codebookRows ?? spec.rows
            for j in 0..<kv {
                for i in 0..<ku {
                    let u = Double(2 * i + 1 - ku) / Double(ku), v = Double(2 * j + 1 - kv) / Double(kv)
                    if u * u + v * v < 1 { beams.append((p, u, v)) }
                }
            }
        }
        self.beams = beams
        direct = DirectBeamProbes(scenario: scenario)
        actionSpace = Discrete(direct.count + beams.count)
        history = ProbeHistory(optionCount: direct.count + beams.count)
        let bounds = PositioningEpisode.trackerObservationBounds
        observationSpace = Box(low: bounds.low + history.bounds.low, high: bounds.high + history.bounds.high)
    }

    /// Starts an episode; see ``Env/reset(seed:options:into:)``.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> ProbeInfo {
        core.begin(seed: seed)
        let calibrationStd = (core.episode.scenario.impairments?.phaseCalibrationErrorDeg ?? 0) * Double.pi / 180
        direct.drawCalibration(stdRadians: calibrationStd, using: &core.episode.generator)
        history.clear()
        writeObservation(into: observation)
        return core.episode.resetInfo()
    }

    /// Configures the panel with beam `action` and probes; see ``Env/step(_:into:)``.
    public mutating func step(
        _ action: Int, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<ProbeInfo> {
        guard actionSpace.contains(action) else {
            throw .invalidAction(
                "\(action) is not in \(actionSpace) (\(direct.count) direct beams + \(beams.count) RIS beams)")
        }
        guard !core.episode.isOver else {
            throw .needsReset("\(Self.id): the episode ended; call reset before stepping again")
        }
        core.advance()
        let transition: Transition<ProbeInfo>, snrDB: Double
        if action < direct.count {
            let result = direct.probe(
                action, episode: &core.episode, priorLogDet: core.pendingLogDet, priorError: core.pendingError)
            (transition, snrDB) = (result.transition, result.measurement.energySNRdB)
        } else {
            let beam = beams[action - direct.count]
            let user = core.episode.userPosition
            let gain = core.codebookPowerGain(panel: beam.panel, beamU: beam.u, beamV: beam.v, user: user)
            (transition, snrDB) = core.probe(panel: beam.panel, gain: gain, steeredFrequency: beam.u)
        }
        history.record(
            option: action, detected: transition.info.detected, energySNRdB: snrDB, probe: core.episode.probesUsed)
        writeObservation(into: observation)
        return transition
    }

    /// The RIS power gain action `action` would have towards a user at horizontal (x, y), with this episode's
    /// panel (its diagnosed stuck elements included), or with a healthy panel when `assumingHealthy`; 0 for a
    /// direct beam.
    public func predictedGain(action: Int, x: Double, y: Double, assumingHealthy: Bool = false) -> Double {
        guard action >= direct.count else { return 0 }
        let beam = beams[action - direct.count]
        let user = Vector3(x, y, core.episode.scenario.user.heightM)
        let link = assumingHealthy ? core.healthyLinks[beam.panel] : core.links[beam.panel]
        return core.isOpen(panel: beam.panel, user: user)
            ? link.codebookPowerGain(to: user, beamU: beam.u, beamV: beam.v) : 0
    }

    /// Mutating only so that the env is passed by address: a non-mutating call from `step` copies the whole env.
    private mutating func writeObservation(into o: UnsafeMutableBufferPointer<Float>) {
        core.episode.writeTrackerObservation(into: o)
        history.write(
            into: o, at: PositioningEpisode.trackerObservationCount, now: core.episode.probesUsed,
            probeBudget: core.episode.scenario.episode.probeBudget)
    }
}
