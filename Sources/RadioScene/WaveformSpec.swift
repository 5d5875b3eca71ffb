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
    /// White range floor of every option, as a fraction of its c/B (absent: the receiver's `range_floor_fraction`).
    ///
    /// Waveform-v1's tracker treats its floors as white noise: the merge bias differs from one carrier and
    /// bandwidth to the next (16 options × the APs), more links than the consider filter carries
    /// (``ConsiderBiasCovariance/sourceCapacity``), so these stay the conservative v1 values.
    public var rangeFloorFraction: Double?
    /// White angle floor of every option, as a fraction of its aperture's 1/(N·d/λ) (absent: the receiver's).
    public var angleFloorFraction: Double?

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
