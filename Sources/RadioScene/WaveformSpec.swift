/// The carrier and bandwidth options of `Waveform-v1` and the hardware power model that prices them.
///
/// Every field is optional; absent fields take the defaults below, so a scenario without a `waveform:` block
/// offers 28 / 60 / 140 / 300 GHz × 0.1 / 0.4 / 1 / 3 GHz.
///
/// ```yaml
/// waveform:
///   bandwidths_hz: [1.0e8, 4.0e8, 1.0e9, 3.0e9]
///   baseband_power_w_per_hz: 5.0e-11
///   bands:
///     - {carrier_hz: 28.0e9, elements: 16, absorption_db_per_m: 0.0001, pa_efficiency: 0.3}
/// ```
public struct WaveformSpec: Sendable, Equatable, Codable {
    /// The carriers (absent: ``defaultBands``).
    public var bands: [WaveformBandSpec]?
    /// The bandwidth options, hertz (absent: ``defaultBandwidthsHz``).
    public var bandwidthsHz: [Double]?
    /// DC power of the receiver's converters and baseband per hertz of bandwidth, watts per hertz.
    ///
    /// An ADC's power is its Walden figure of merit × 2^ENOB × sample rate: 50 fJ/step × 2⁸ × 2 (I/Q) × 2B
    /// ≈ 5·10⁻¹¹ W/Hz, i.e. 0.05 W per GHz (Murmann, "ADC Performance Survey 1997–2023", Stanford). Absent:
    /// ``defaultBasebandPowerWattsPerHertz``.
    public var basebandPowerWPerHz: Double?
    /// Range floor of every option, as a fraction of its c/B (absent: the receiver's `range_floor_fraction`);
    /// ``rangeFloorsMetres``, where given, takes precedence.
    public var rangeFloorFraction: Double?
    /// Range floor per option, metres (YAML `range_floor_m`: one per `bandwidths_hz` entry, or one per carrier ×
    /// bandwidth, carrier-major): the prior std of a link's merge bias with that option, the RMS bias where a merge
    /// is expected, from `sensing-gym error-budget --env Waveform-v1 --scenario S`. The merge bias does not scale as c/B: a narrow band merges
    /// every reflection within c/B, but the bias stays below the reflections' path-length differences (in the
    /// office 47 mm at 0.1 GHz where 0.11·c/B is 330 mm, 10 mm at 3 GHz).
    public var rangeFloorsMetres: [Double]?
    /// NEES tuning factor on ``rangeFloorsMetres`` (YAML `range_floor_scale`, absent: 1), so the scenario keeps the
    /// survey's own figures and states its tuning once: where the merge bias is one-signed and near-constant, a
    /// zero-mean prior at its full RMS over-covers (Bar-Shalom, Li & Kirubarajan 2001 §5.4; docs/PHYSICS.md §2).
    public var rangeFloorScale: Double?
    /// Angle floor of every option, as a fraction of its aperture's 1/(N·d/λ) (absent: the receiver's);
    /// ``angleFloorsSine``, where given, takes precedence.
    public var angleFloorFraction: Double?
    /// Angle floor per option in sin θ (YAML `angle_floor_sin`, the same layout as `range_floor_m`): the RMS sin θ
    /// merge bias where a merge is expected, from `sensing-gym error-budget --env Waveform-v1 --scenario S`.
    public var angleFloorsSine: [Double]?
    /// ρ: the share (in std) of an option's floors that the tracker treats as its link's merge bias, common to
    /// every option of a bias pair (``defaultBiasCorrelation``); the rest, √(1 − ρ²) of the floor, is white. With ρ = 1
    /// a tracker sharing one bias across options with different floors believes it can cancel the bias by alternating
    /// them (the lab's greedy baseline did: 11 % false success); YAML `bias_correlation`.
    public var biasCorrelation: Double?
    /// Waveform-v1's accuracy target in this scene, metres (YAML `target_accuracy_m`; nil: `episode.target_accuracy_m`).
    /// A scene shared with other envs may need a tighter one here: the lab's sub-THz options reach its 5 cm in about
    /// one probe whichever is chosen, so there the choice would not matter.
    public var targetAccuracyM: Double?
    /// Default ρ, 0.8.
    public static let defaultBiasCorrelation = 0.8

    /// Creates a waveform block; `nil` fields take the defaults.
    public init(bands: [WaveformBandSpec]? = nil, bandwidthsHz: [Double]? = nil, basebandPowerWPerHz: Double? = nil) {
        self.bands = bands
        self.bandwidthsHz = bandwidthsHz
        self.basebandPowerWPerHz = basebandPowerWPerHz
    }

    enum CodingKeys: String, CodingKey {
        case bands
        case bandwidthsHz = "bandwidths_hz", basebandPowerWPerHz = "baseband_power_w_per_hz"
        case rangeFloorFraction = "range_floor_fraction", angleFloorFraction = "angle_floor_fraction"
        case rangeFloorsMetres = "range_floor_m", rangeFloorScale = "range_floor_scale", angleFloorsSine = "angle_floor_sin", biasCorrelation = "bias_correlation"
        case targetAccuracyM = "target_accuracy_m"
    }

    /// Default bandwidth options: 0.1, 0.4, 1 and 3 GHz, in hertz.
    public static let defaultBandwidthsHz: [Double] = [1e8, 4e8, 1e9, 3e9]

    /// Default baseband power, 0.05 W per GHz of bandwidth, in watts per hertz.
    public static let defaultBasebandPowerWattsPerHertz = 5e-11

    /// Default carriers 28 / 60 / 140 / 300 GHz.
    ///
    /// Absorption (dB/m) is ITU-R P.676-12 at sea level, 7.5 g/m³ water vapour: ≈0.1 dB/km at 28 GHz, the
    /// oxygen line ≈15 dB/km at 60 GHz, ≈2 dB/km at 140 GHz and ≈6 dB/km at 300 GHz. PA efficiencies follow
    /// the silicon/III-V survey of Wang et al. (Georgia Tech mm-wave PA survey, 2023): ≈30 % at 28 GHz falling to
    /// a few per cent at 300 GHz. Reflection losses grow with carrier through surface roughness (Piesiewicz et
    /// al., IEEE TAP 2007: +2…4 dB at 300 GHz on plaster); the offsets are relative to the scenario's materials.
    public static let defaultBands: [WaveformBandSpec] = [
        WaveformBandSpec(carrierHz: 28e9, absorptionDBPerM: 0.0001, reflectionLossOffsetDB: -1, paEfficiency: 0.30),
        WaveformBandSpec(carrierHz: 60e9, absorptionDBPerM: 0.015, reflectionLossOffsetDB: 0, paEfficiency: 0.20),
        WaveformBandSpec(carrierHz: 140e9, absorptionDBPerM: 0.002, reflectionLossOffsetDB: 2, paEfficiency: 0.08),
        WaveformBandSpec(carrierHz: 300e9, absorptionDBPerM: 0.006, reflectionLossOffsetDB: 4, paEfficiency: 0.03),
    ]

    /// The bands in use.
    public var resolvedBands: [WaveformBandSpec] { bands ?? Self.defaultBands }
    /// The bandwidths in use, hertz.
    public var resolvedBandwidthsHz: [Double] { bandwidthsHz ?? Self.defaultBandwidthsHz }
    /// The baseband power in use, watts per hertz.
    public var resolvedBasebandPowerWattsPerHertz: Double {
        basebandPowerWPerHz ?? Self.defaultBasebandPowerWattsPerHertz
    }
}
