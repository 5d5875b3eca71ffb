/// What the receiver reports after one probe: the strongest resolvable path, or nothing.
public struct ProbeMeasurement: Sendable, Equatable, Codable {
    /// Whether the strongest resolvable path passed the detection threshold.
    public var detected: Bool
    /// Measured range (round-trip time·c/2), metres; 0 when not detected.
    public var rangeMetres: Double
    /// Measured cone angle at the access point, radians from boresight; 0 when not detected or not reported.
    public var angleRadians: Double
    /// Received power of the detected path cluster, dBm (also reported when below threshold).
    public var rssDBm: Double { receivedPowerWatts > 0 ? Decibels.dBm(fromWatts: receivedPowerWatts) : -300 }
    /// Received power of the strongest path cluster, watts.
    public var receivedPowerWatts: Double
    /// Energy SNR of the strongest cluster, dB.
    public var energySNRdB: Double
    /// Reported standard deviation of the range, metres (bound ⊕ floor).
    public var rangeStdMetres: Double
    /// Reported standard deviation of the angle, radians (bound ⊕ floor); ∞ when no angle was reported.
    public var angleStdRadians: Double
    /// The part of ``rangeStdMetres`` that is multipath bias rather than noise, metres: the receiver's range floor,
    /// the prior std of a bias that stays the same from probe to probe of a link (the tracker considers it).
    public var rangeBiasStdMetres: Double
    /// The part of ``angleStdRadians`` that is multipath bias, radians (the angle floor; 0 without an angle).
    public var angleBiasStdRadians: Double
    /// Ground truth: the strongest cluster's dominant path was line of sight (for evaluation only).
    public var isLineOfSight: Bool
    /// Number of propagation paths merged into the strongest cluster (1 = resolved).
    public var mergedPathCount: Int
    /// Probability that this detection is a threshold-effect outlier (known to the receiver from its SNR).
    public var outlierProbability: Double
    /// Ground truth: the estimate is an outlier (for evaluation only).
    public var isOutlier: Bool

    /// Whether the receiver reported an angle (an analog beam reports one only for a path in its linear region).
    @inlinable public var hasAngle: Bool { detected && angleStdRadians.isFinite }

    /// Creates a measurement record.
    @inlinable
    public init(
        detected: Bool, rangeMetres: Double, angleRadians: Double, receivedPowerWatts: Double, energySNRdB: Double,
        rangeStdMetres: Double, angleStdRadians: Double, isLineOfSight: Bool, mergedPathCount: Int,
        outlierProbability: Double = 0, isOutlier: Bool = false, rangeBiasStdMetres: Double = 0,
        angleBiasStdRadians: Double = 0
    ) {
        self.rangeBiasStdMetres = rangeBiasStdMetres
        self.angleBiasStdRadians = angleBiasStdRadians
        self.outlierProbability = outlierProbability
        self.isOutlier = isOutlier
        self.detected = detected
        self.rangeMetres = rangeMetres
        self.angleRadians = angleRadians
        self.receivedPowerWatts = receivedPowerWatts
        self.energySNRdB = energySNRdB
        self.rangeStdMetres = rangeStdMetres
        self.angleStdRadians = angleStdRadians
        self.isLineOfSight = isLineOfSight
        self.mergedPathCount = mergedPathCount
    }

    /// The measurement with its multipath-bias part removed from the reported stds (bias stds 0, totals the
    /// noise alone): for a link the tracker expects no merge on (``MultipathMergeGate``).
    @inlinable
    public var withoutBias: ProbeMeasurement {
        var m = self
        m.rangeStdMetres = max(rangeStdMetres * rangeStdMetres - rangeBiasStdMetres * rangeBiasStdMetres, 0).squareRoot()
        if angleStdRadians.isFinite {
            m.angleStdRadians = max(angleStdRadians * angleStdRadians - angleBiasStdRadians * angleBiasStdRadians, 0)
                .squareRoot()
        }
        m.rangeBiasStdMetres = 0
        m.angleBiasStdRadians = 0
        return m
    }

    /// The measurement with its multipath-bias stds raised to at least `rangeMetres` and `angleRadians` (each total
    /// std grows with its bias part: the white part stays), for a bias the receiver's floors understate.
    @inlinable
    public func widenedBias(rangeMetres: Double, angleRadians: Double) -> ProbeMeasurement {
        var m = self
        if rangeMetres > rangeBiasStdMetres {
            let white = max(rangeStdMetres * rangeStdMetres - rangeBiasStdMetres * rangeBiasStdMetres, 0)
            m.rangeStdMetres = (white + rangeMetres * rangeMetres).squareRoot()
            m.rangeBiasStdMetres = rangeMetres
        }
        if angleStdRadians.isFinite, angleRadians > angleBiasStdRadians {
            let white = max(angleStdRadians * angleStdRadians - angleBiasStdRadians * angleBiasStdRadians, 0)
            m.angleStdRadians = (white + angleRadians * angleRadians).squareRoot()
            m.angleBiasStdRadians = angleRadians
        }
        return m
    }

    /// No detection, with the power that was seen.
    @inlinable
    public static func missed(receivedPowerWatts: Double, energySNRdB: Double) -> ProbeMeasurement {
        ProbeMeasurement(
            detected: false, rangeMetres: 0, angleRadians: 0, receivedPowerWatts: receivedPowerWatts,
            energySNRdB: energySNRdB,
            rangeStdMetres: .infinity, angleStdRadians: .infinity, isLineOfSight: false, mergedPathCount: 0)
    }
}
