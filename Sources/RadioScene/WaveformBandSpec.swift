/// One carrier option of `Waveform-v1`: its array size, power, absorption, reflection loss and PA efficiency.
public struct WaveformBandSpec: Sendable, Equatable, Codable {
    /// Carrier frequency, hertz.
    public var carrierHz: Double
    /// Array elements of every access point at this carrier (absent: the scenario's count scaled by
    /// carrier / `radio.carrier_hz`, i.e. the same aperture at half-wavelength spacing).
    public var elements: Int?
    /// Transmit power, dBm (absent: `radio.tx_power_dbm`).
    public var txPowerDBm: Double?
    /// Molecular absorption, dB per metre (absent: 0).
    public var absorptionDBPerM: Double?
    /// Added to every material's reflection loss at this carrier, dB (absent: 0; the total is kept ≥ 0).
    public var reflectionLossOffsetDB: Double?
    /// Power-amplifier efficiency, radiated / DC power, 0…1 (absent: 1, i.e. energy = radiated energy).
    public var paEfficiency: Double?

    /// Creates a band.
    public init(
        carrierHz: Double, elements: Int? = nil, txPowerDBm: Double? = nil, absorptionDBPerM: Double? = nil,
        reflectionLossOffsetDB: Double? = nil, paEfficiency: Double? = nil
    ) {
        self.carrierHz = carrierHz
        self.elements = elements
        self.txPowerDBm = txPowerDBm
        self.absorptionDBPerM = absorptionDBPerM
        self.reflectionLossOffsetDB = reflectionLossOffsetDB
        self.paEfficiency = paEfficiency
    }

    enum CodingKeys: String, CodingKey {
        case elements
        case carrierHz = "carrier_hz", txPowerDBm = "tx_power_dbm", absorptionDBPerM = "absorption_db_per_m"
        case reflectionLossOffsetDB = "reflection_loss_offset_db", paEfficiency = "pa_efficiency"
    }
}
