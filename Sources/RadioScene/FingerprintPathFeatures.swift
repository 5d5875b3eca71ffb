/// The four fingerprint features of one access point's maximum-power (MP) path, with what produced them.
///
/// Wu et al., "A Weighted Random Forest Based Positioning Algorithm for 6G Indoor Communications", §II-C/D:
/// per AP, the RSS, azimuth AoA, elevation AoA and ToA of the strongest resolvable path. Angles are measured
/// by the access point's array (see ``FingerprintFeatureExtractor`` for why at the AP).
public struct FingerprintPathFeatures: Sendable, Equatable {
    /// Received power of the MP path cluster, dBm.
    public var rssDBm: Double
    /// Azimuth of the path at the access point, radians from the array's boresight, in (−π, π].
    public var azimuthRadians: Double
    /// Elevation of the path at the access point, radians above the horizontal (negative: downward).
    public var elevationRadians: Double
    /// Time of arrival (propagation delay, plus any clock bias), seconds.
    public var toaSeconds: Double
    /// Energy SNR of the probe at one array element, linear.
    public var elementEnergySNR: Double
    /// Energy SNR after combining the array's N elements (N × the element SNR), linear.
    public var arrayEnergySNR: Double
    /// Ground truth: the MP cluster's dominant path is the line of sight.
    public var isLineOfSight: Bool
    /// Number of propagation paths merged into the MP cluster (closer than c/B in length).
    public var mergedPathCount: Int

    /// Creates a record.
    public init(
        rssDBm: Double, azimuthRadians: Double, elevationRadians: Double, toaSeconds: Double,
        elementEnergySNR: Double, arrayEnergySNR: Double, isLineOfSight: Bool, mergedPathCount: Int
    ) {
        self.rssDBm = rssDBm
        self.azimuthRadians = azimuthRadians
        self.elevationRadians = elevationRadians
        self.toaSeconds = toaSeconds
        self.elementEnergySNR = elementEnergySNR
        self.arrayEnergySNR = arrayEnergySNR
        self.isLineOfSight = isLineOfSight
        self.mergedPathCount = mergedPathCount
    }

    /// The four features in CSV column order: RSS (dBm), azimuth (rad), elevation (rad), ToA (s).
    public var values: [Double] { [rssDBm, azimuthRadians, elevationRadians, toaSeconds] }

    /// Column names for access point `index`, in the order of ``values``.
    public static func columnNames(accessPoint index: Int) -> [String] {
        ["ap\(index)_rss_dbm", "ap\(index)_aoa_az_rad", "ap\(index)_aoa_el_rad", "ap\(index)_toa_s"]
    }
}
