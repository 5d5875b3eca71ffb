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
    /// Carrier and bandwidth options of `Waveform-v0` (absent: ``WaveformSpec/defaultBands`` × default bandwidths).
    public var waveform: WaveformSpec?
    /// Reconfigurable intelligent surfaces (absent: none; `RISConfiguration-v0` then places a default panel).
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

    enum CodingKeys: String, CodingKey {
        case carrierHz = "carrier_hz", bandwidthHz = "bandwidth_hz", txPowerDBm = "tx_power_dbm"
        case noiseFigureDB = "noise_figure_db", probeDurationS = "probe_duration_s"
        case detectionThresholdDB = "detection_threshold_db", absorptionDBPerM = "absorption_db_per_m"
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
    /// Beams per access point, K.
    public var beams: Int
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

    enum CodingKeys: String, CodingKey {
        case accelerationNoise = "acceleration_noise", initialSpeedStdMps = "initial_speed_std_mps"
        case gateChi2 = "gate_chi2", nlosPowerMarginDB = "nlos_power_margin_db"
        case rangeStdFloorM = "range_std_floor_m", angleStdFloorRad = "angle_std_floor_rad"
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

    enum CodingKeys: String, CodingKey {
        case kind
        case costPerProbe = "cost_per_probe", costPerMicrojoule = "cost_per_microjoule"
    }
}

/// Hardware impairments; absent or zero means ideal hardware.
public struct ImpairmentSpec: Sendable, Equatable, Codable {
    /// Receiver clock bias, nanoseconds (a constant range offset of c × bias).
    public var clockBiasNs: Double?
    /// Standard deviation of each array element's phase-calibration error, degrees (drawn per episode).
    public var phaseCalibrationErrorDeg: Double?
    /// Probability that an RIS element is stuck at a random phase, drawn per element per episode (default 0).
    public var risElementFailureProbability: Double?

    /// Creates impairments in the scenario files' units (nil or zero fields mean none).
    public init(
        clockBiasNs: Double? = nil, phaseCalibrationErrorDeg: Double? = nil, risElementFailureProbability: Double? = nil
    ) {
        self.clockBiasNs = clockBiasNs
        self.phaseCalibrationErrorDeg = phaseCalibrationErrorDeg
        self.risElementFailureProbability = risElementFailureProbability
    }

    enum CodingKeys: String, CodingKey {
        case clockBiasNs = "clock_bias_ns", phaseCalibrationErrorDeg = "phase_calibration_error_deg"
        case risElementFailureProbability = "ris_element_failure_probability"
    }
}
