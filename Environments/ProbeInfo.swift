import GymCore
import RadioScene

/// What an environment reports beside each observation: ground truth and diagnostics for evaluation.
///
/// Everything needed to score a policy (true position, error, information gain, cost, LoS/NLoS of the detected
/// path, probes used) and nothing a policy may read.
public struct ProbeInfo: EnvInfo, Equatable {
    /// True horizontal position x, metres.
    public var trueX: Double
    /// True horizontal position y, metres.
    public var trueY: Double
    /// Tracker estimate x, metres.
    public var estimateX: Double
    /// Tracker estimate y, metres.
    public var estimateY: Double
    /// Distance between estimate and truth, metres.
    public var errorMetres: Double
    /// Radius of the tracker's 95 % error bound, metres.
    public var errorRadius95Metres: Double
    /// Information the probe added, nats (0 when nothing was fused).
    public var informationGainNats: Double
    /// The probe's cost in nats (what the reward subtracts).
    public var costNats: Double
    /// Transmitted energy of the probe, joules.
    public var energyJoules: Double
    /// Whether a path was detected.
    public var detected: Bool
    /// Whether the detected path was line of sight (ground truth).
    public var lineOfSight: Bool
    /// What the tracker did with the measurement.
    public var outcome: Outcome
    /// Probes used so far in this episode.
    public var probesUsed: Int
    /// Whether the tracker has a track (started from a fix).
    public var trackStarted: Bool = false
    /// The tracker's position covariance [[xx, xy], [xy, yy]], m² (the 95 % ellipse a renderer draws).
    public var covarianceXX: Double = .nan
    /// See ``covarianceXX``.
    public var covarianceXY: Double = .nan
    /// See ``covarianceXX``.
    public var covarianceYY: Double = .nan
    /// The scenario's accuracy target, metres (termination: a track whose 95 % radius is below it).
    public var targetAccuracyMetres: Double = .nan
    /// Normalised estimation error squared of the position, eᵀP⁻¹e (χ²₂-distributed for a consistent tracker).
    public var nees: Double = .nan

    /// The keys of the JSON and wire form, in order.
    enum CodingKeys: String, CodingKey {
        case trueX, trueY, estimateX, estimateY, errorMetres, errorRadius95Metres, informationGainNats, costNats
        case energyJoules, detected, lineOfSight, outcome, probesUsed, trackStarted, nees, targetAccuracyMetres
        case covarianceXX, covarianceXY, covarianceYY
    }

    /// The fate of a probe's measurement.
    public enum Outcome: String, Sendable, Codable {
        /// No step yet (after reset).
        case reset
        /// Fused by the tracker.
        case accepted
        /// Nothing detected above threshold.
        case missed
        /// Rejected by the innovation gate.
        case gatedByInnovation = "gated_innovation"
        /// Rejected because it implies a position outside the room.
        case gatedByRegion = "gated_region"
        /// Rejected as NLoS: weaker than line of sight would be at the position it implies.
        case gatedByPower = "gated_nlos"
        /// Set aside: no track yet, and this detection cannot start one (no angle, or likely an outlier).
        case awaitingFix = "awaiting_fix"
    }

    /// Creates an info record.
    @inlinable
    public init(
        trueX: Double, trueY: Double, estimateX: Double, estimateY: Double, errorRadius95Metres: Double,
        informationGainNats: Double, costNats: Double, energyJoules: Double, detected: Bool, lineOfSight: Bool,
        outcome: Outcome, probesUsed: Int, trackStarted: Bool = false, nees: Double = .nan,
        targetAccuracyMetres: Double = .nan, covariance: Matrix4? = nil
    ) {
        if let covariance {
            covarianceXX = covariance.r0[0]
            covarianceXY = covariance.r0[1]
            covarianceYY = covariance.r1[1]
        }
        self.targetAccuracyMetres = targetAccuracyMetres
        self.trackStarted = trackStarted
        self.nees = nees
        self.trueX = trueX
        self.trueY = trueY
        self.estimateX = estimateX
        self.estimateY = estimateY
        let dx = estimateX - trueX, dy = estimateY - trueY
        errorMetres = (dx * dx + dy * dy).squareRoot()
        self.errorRadius95Metres = errorRadius95Metres
        self.informationGainNats = informationGainNats
        self.costNats = costNats
        self.energyJoules = energyJoules
        self.detected = detected
        self.lineOfSight = lineOfSight
        self.outcome = outcome
        self.probesUsed = probesUsed
    }
}
