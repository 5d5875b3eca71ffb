/// A scene, radio and episode description, as written in the YAML files under `Environments/Scenarios/`.
///
/// Field names are the files' snake_case keys; every quantity is SI (metres, hertz, seconds) or says its unit
/// in its name (`_db`, `_dbm`, `_deg`). ``ScenarioLoader`` reads and validates a file; ``validate(source:)``
/// names the file, the field and what is wrong.
public struct Scenario: Sendable, Equatable, Codable {
    /// Short unique name (`wrf-office-16x15`).
    public var name: String
    /// One line on what the scene is and where its numbers come from.
    public var description: String
    /// Room geometry and materials.
    public var room: RoomSpec
    /// Carrier, bandwidth, powers, noise and detection.
    public var radio: RadioSpec
    /// Access points with their arrays.
    public var accessPoints: [AccessPointSpec]
    /// The beam codebook every access point uses.
    public var codebook: CodebookSpec
    /// The user's height and motion.
    public var user: UserSpec
    /// Tracker (EKF) noise and gates.
    public var tracker: TrackerSpec
    /// Slot length, accuracy target and probe budget.
    public var episode: EpisodeSpec
    /// Reward: information gain minus probe cost.
    public var reward: RewardSpec
    /// Hardware impairments (all zero: an ideal system).
    public var impairments: ImpairmentSpec?
    /// Carrier and bandwidth options of `Waveform-v1` (absent: ``WaveformSpec/defaultBands`` × default bandwidths).
    public var waveform: WaveformSpec?
    /// Reconfigurable intelligent surfaces (absent: none; `RISConfiguration-v1` then places a default panel).
    public var ris: [RISPanelSpec]?

    enum CodingKeys: String, CodingKey {
        case name, description, room, radio, codebook, user, tracker, episode, reward, impairments, waveform, ris
        case accessPoints = "access_points"
    }
}

/// Room geometry, materials and blockers.
public struct RoomSpec: Sendable, Equatable, Codable {
    /// Smallest corner [x, y, z], metres (z = floor).
    public var min: Vector3
    /// Largest corner [x, y, z], metres (z = ceiling).
    public var max: Vector3
    /// Highest image-method order (1 or 2; default 1).
    public var maxReflectionOrder: Int?
    /// Material of the four walls.
    public var walls: Material
    /// Material of the floor.
    public var floor: Material
    /// Material of the ceiling.
    public var ceiling: Material
    /// Axis-aligned boxes that block paths.
    public var blockers: [Blocker]?
    /// Diffuse scattering off the surfaces (absent or disabled: specular paths only, as before).
    public var diffuseScattering: DiffuseScatteringSpec?

    enum CodingKeys: String, CodingKey {
        case min, max, walls, floor, ceiling, blockers
        case maxReflectionOrder = "max_reflection_order"
        case diffuseScattering = "diffuse_scattering"
    }
}

/// Diffuse scattering off the room's surfaces (Lambertian, in the style of Degli-Esposti et al. 2007).
///
/// `room.diffuse_scattering: {enabled: true, scattering_coefficient: 0.3, tile_size_m: 0.5}`. The fingerprint
/// generator reads it (see ``DiffuseScatterer``); the environments do not use it yet.
public struct DiffuseScatteringSpec: Sendable, Equatable, Codable {
    /// Whether scattered paths are added.
    public var enabled: Bool
    /// Scattering coefficient S in [0, 1]: S² of the reflected power is scattered, 1 − S² stays specular.
    public var scatteringCoefficient: Double
    /// Edge length of the square tiles each surface is divided into, metres (default 0.5).
    public var tileSizeM: Double?

    /// Creates a specification.
    public init(enabled: Bool, scatteringCoefficient: Double, tileSizeM: Double? = nil) {
        self.enabled = enabled
        self.scatteringCoefficient = scatteringCoefficient
        self.tileSizeM = tileSizeM
    }

    enum CodingKeys: String, CodingKey {
        case enabled
        case scatteringCoefficient = "scattering_coefficient", tileSizeM = "tile_size_m"
    }
}

/// Radio parameters of the probes.
public struct RadioSpec: Sendable, Equatable, Codable {
    /// Carrier frequency, hertz.
    public var carrierHz: Double
    /// Bandwidth, hertz.
    public var bandwidthHz: Double
    /// Transmit power, dBm.
    public var txPowerDBm: Double
    /// Receiver noise figure, dB.
    public var noiseFigureDB: Double
    /// Airtime of one probe, seconds.
    public var probeDurationS: Double
    /// Detection threshold on the probe's energy SNR, dB.
    public var detectionThresholdDB: Double
    /// Molecular absorption, dB per metre (default 0).
    public var absorptionDBPerM: Double?
    /// The antennas' polarisation, `vertical` (default) or `horizontal`: which Fresnel coefficient each surface uses.
    public var polarization: Polarization?
    /// The receiver: architecture, fading, multipath floors (absent: analog monopulse, no fading, no floors).
    public var receiver: ReceiverSpec?

    enum CodingKeys: String, CodingKey {
        case carrierHz = "carrier_hz", bandwidthHz = "bandwidth_hz", txPowerDBm = "tx_power_dbm"
        case noiseFigureDB = "noise_figure_db", probeDurationS = "probe_duration_s"
        case detectionThresholdDB = "detection_threshold_db", absorptionDBPerM = "absorption_db_per_m"
        case polarization, receiver
    }
}

/// The receiver model of a scenario (`radio.receiver`); see ``MeasurementModel`` and docs/PHYSICS.md.
public struct ReceiverSpec: Sendable, Equatable, Codable {
    /// `analog_monopulse` (default) or `digital`.
    public var architecture: ReceiverArchitecture?
    /// Rician K-factor of line-of-sight clusters, dB (absent: no fading).
    public var ricianKLosDB: Double?
    /// Rician K-factor of reflected clusters, dB (absent: no fading; very negative: Rayleigh).
    public var ricianKNlosDB: Double?
    /// Range floor as a fraction of the resolution c/B (default 0).
    public var rangeFloorFraction: Double?
    /// Angle floor as a fraction of the aperture resolution 1/(n·d/λ) in sin θ (default 0).
    public var angleFloorFraction: Double?
    /// Angle floor of the wide beams, same units (default: ``angleFloorFraction``). A wide beam's coarser cell
    /// merges more reflections in angle, so its merge bias is a larger share of its resolution
    /// (`sensing-gym error-budget`).
    public var wideAngleFloorFraction: Double?
    /// Log-normal shadowing of every link's received power, std in dB (absent or 0: none; ``LogNormalShadowing``).
    public var shadowingStdDB: Double?
    /// Distance over which the shadowing decorrelates to 1/e along the user's path, metres (default 10).
    public var shadowingDecorrelationM: Double?

    /// Creates a receiver specification.
    public init(
        architecture: ReceiverArchitecture? = nil, ricianKLosDB: Double? = nil, ricianKNlosDB: Double? = nil,
        rangeFloorFraction: Double? = nil, angleFloorFraction: Double? = nil, wideAngleFloorFraction: Double? = nil,
        shadowingStdDB: Double? = nil, shadowingDecorrelationM: Double? = nil
    ) {
        self.shadowingStdDB = shadowingStdDB
        self.shadowingDecorrelationM = shadowingDecorrelationM
        self.wideAngleFloorFraction = wideAngleFloorFraction
        self.architecture = architecture
        self.ricianKLosDB = ricianKLosDB
        self.ricianKNlosDB = ricianKNlosDB
        self.rangeFloorFraction = rangeFloorFraction
        self.angleFloorFraction = angleFloorFraction
    }

    enum CodingKeys: String, CodingKey {
        case architecture
        case ricianKLosDB = "rician_k_los_db", ricianKNlosDB = "rician_k_nlos_db"
        case rangeFloorFraction = "range_floor_fraction", angleFloorFraction = "angle_floor_fraction"
        case wideAngleFloorFraction = "wide_angle_floor_fraction"
        case shadowingStdDB = "shadowing_std_db", shadowingDecorrelationM = "shadowing_decorrelation_m"
    }
}

/// One access point with a horizontal ULA.
public struct AccessPointSpec: Sendable, Equatable, Codable {
    /// Name for logs.
    public var name: String
    /// Array phase centre [x, y, z], metres.
    public var position: Vector3
    /// Azimuth the array faces, degrees from +x towards +y (default: towards the room's centre).
    public var boresightDeg: Double?
    /// Number of elements N.
    public var elements: Int
    /// Element spacing d/λ (default 0.5).
    public var spacingWavelengths: Double?
    /// Peak element gain, dBi (default 5).
    public var elementGainDBi: Double?

    enum CodingKeys: String, CodingKey {
        case name, position, elements
        case boresightDeg = "boresight_deg", spacingWavelengths = "spacing_wavelengths"
        case elementGainDBi = "element_gain_dbi"
    }
}

/// The DFT codebook.
public struct CodebookSpec: Sendable, Equatable, Codable {
    /// Narrow beams per access point, K.
    public var beams: Int
    /// Wide beams per access point, W (formed by N·W/K elements; default K/4 when K ≥ 8, else 0; 0 disables).
    public var wideBeams: Int?

    /// Creates a codebook specification.
    public init(beams: Int, wideBeams: Int? = nil) {
        self.beams = beams
        self.wideBeams = wideBeams
    }

    /// W, with the default applied.
    public var resolvedWideBeams: Int { wideBeams ?? (beams >= 8 ? beams / 4 : 0) }

    enum CodingKeys: String, CodingKey {
        case beams
        case wideBeams = "wide_beams"
    }
}

/// The user.
public struct UserSpec: Sendable, Equatable, Codable {
    /// Antenna height, metres.
    public var heightM: Double
    /// `stationary`, `constant_velocity` or `random_waypoint`.
    public var mobility: String
    /// Walking speed, metres per second (ignored when stationary).
    public var speedMps: Double?
    /// How far from the walls the user stays, metres (default 0.3).
    public var marginM: Double?

    enum CodingKeys: String, CodingKey {
        case mobility
        case heightM = "height_m", speedMps = "speed_mps", marginM = "margin_m"
    }
}

/// Tracker settings.
public struct TrackerSpec: Sendable, Equatable, Codable {
    /// White-acceleration noise density, m²/s³.
    public var accelerationNoise: Double
    /// Prior standard deviation of each velocity component, metres per second.
    public var initialSpeedStdMps: Double
    /// Mahalanobis gate (χ²₂; default 13.8, i.e. 0.999).
    public var gateChi2: Double?
    /// A detection weaker than line of sight at its implied position by more than this is rejected as NLoS, dB
    /// (default 4; see `MeasurementModel.lineOfSightPowerExcessDB`).
    public var nlosPowerMarginDB: Double?
    /// Standard deviation added (in quadrature) to the range bound in the tracker's noise model, metres: the
    /// bias unresolved multipath leaves, which the bound does not know (default 0; the WRF rooms use c/(20·B)).
    public var rangeStdFloorM: Double?
    /// The same for the angle, radians (default 0; the WRF rooms use 1/(20·N·d/λ) of their arrays).
    public var angleStdFloorRad: Double?
    /// Distinct links (an access point's direct path, an RIS panel's path) whose accepted measurements must support
    /// the track before the episode may terminate (default 1). Where blockers can hide line of sight and a lone
    /// specular NLoS path is indistinguishable from it (a metal roof's bounce), a second, independent link is the
    /// redundancy that detects the fault (``TrackConfirmation``, docs/PHYSICS.md §5).
    public var confirmationLinks: Int?
    /// Prior probability that a detection the tracker's gates accept is a reflection passing for line of sight
    /// (default 0): above 0 each accepted update is weighted by its probability of being line of sight
    /// (``ExtendedKalmanFilter/reflectionProbability``, probabilistic data association; docs/PHYSICS.md §3).
    public var reflectionProbability: Double?
    /// Whether the room's blockers are a site map the tracker knows (default false): fixed infrastructure such as a
    /// factory's racks, not a room's people. With it a fix at a position the map hides from its access point is
    /// rejected as NLoS, and a detection's prior probability of being a reflection rises with the share of the track
    /// the map hides (docs/PHYSICS.md §3).
    public var blockerMap: Bool?
    /// The largest ``confirmationLinks`` a scenario may ask for (links are counted in a 32-bit set).
    public static let maximumConfirmationLinks = 8

    enum CodingKeys: String, CodingKey {
        case accelerationNoise = "acceleration_noise", initialSpeedStdMps = "initial_speed_std_mps"
        case gateChi2 = "gate_chi2", nlosPowerMarginDB = "nlos_power_margin_db"
        case rangeStdFloorM = "range_std_floor_m", angleStdFloorRad = "angle_std_floor_rad"
        case confirmationLinks = "confirmation_links", reflectionProbability = "reflection_probability"
        case blockerMap = "blocker_map"
    }
}

/// Episode length and goal.
public struct EpisodeSpec: Sendable, Equatable, Codable {
    /// Time between probes, seconds.
    public var slotDurationS: Double
    /// The episode terminates when the 95 % error radius falls below this, metres.
    public var targetAccuracyM: Double
    /// The episode is truncated after this many probes.
    public var probeBudget: Int

    enum CodingKeys: String, CodingKey {
        case slotDurationS = "slot_duration_s", targetAccuracyM = "target_accuracy_m", probeBudget = "probe_budget"
    }
}

/// Reward settings.
public struct RewardSpec: Sendable, Equatable, Codable {
    /// `information_gain` (default) or `error_reduction`.
    public var kind: String?
    /// Nats charged for every probe (its airtime).
    public var costPerProbe: Double
    /// Nats charged per microjoule of transmitted energy (default 0).
    public var costPerMicrojoule: Double?
    /// Nats charged per GHz·µs of spectrum–time B·T_probe (default 0; Waveform-v1 prices bandwidth with it).
    public var costPerGhzUs: Double?

    enum CodingKeys: String, CodingKey {
        case kind
        case costPerProbe = "cost_per_probe", costPerMicrojoule = "cost_per_microjoule"
        case costPerGhzUs = "cost_per_ghz_us"
    }
}

/// Hardware impairments; absent or zero means ideal hardware.
public struct ImpairmentSpec: Sendable, Equatable, Codable {
    /// The UE's clock offset, nanoseconds. Ranging is by round-trip time (5G NR multi-RTT), in which it
    /// cancels, so it biases no range of the environments; the fingerprint localizers' one-way ToA feature
    /// carries it.
    public var clockBiasNs: Double?
    /// Standard deviation of each array element's phase-calibration error, degrees (drawn per episode).
    public var phaseCalibrationErrorDeg: Double?
    /// Probability that an RIS element is stuck at a random phase, drawn per element per episode (default 0); with
    /// `ris_failure_pattern: clustered`, the largest share of the panel a per-episode block of failed rows covers.
    public var risElementFailureProbability: Double?
    /// `independent` (default) or `clustered`.
    public var risFailurePattern: String?

    /// Creates impairments in the scenario files' units (nil or zero fields mean none).
    public init(
        clockBiasNs: Double? = nil, phaseCalibrationErrorDeg: Double? = nil, risElementFailureProbability: Double? = nil,
        risFailurePattern: String? = nil
    ) {
        self.risFailurePattern = risFailurePattern
        self.clockBiasNs = clockBiasNs
        self.phaseCalibrationErrorDeg = phaseCalibrationErrorDeg
        self.risElementFailureProbability = risElementFailureProbability
    }

    enum CodingKeys: String, CodingKey {
        case clockBiasNs = "clock_bias_ns", phaseCalibrationErrorDeg = "phase_calibration_error_deg"
        case risElementFailureProbability = "ris_element_failure_probability"
        case risFailurePattern = "ris_failure_pattern"
    }
}
