import Foundation

/// The link budget of one probe: transmit power, thermal noise k·T·B·NF, path loss and the processing gain.
///
/// The per-sample SNR of a path is P_tx·G·|α|² / (k·T·B·NF); the probe integrates B·T_probe samples, so its
/// energy SNR (what the Cramér–Rao bounds use) is that times B·T_probe.
public struct LinkBudget: Sendable, Equatable {
    /// Carrier frequency, hertz.
    public var carrierHertz: Double
    /// Signal bandwidth, hertz.
    public var bandwidthHertz: Double
    /// Transmit power, watts.
    public var transmitPowerWatts: Double
    /// Receiver noise figure, linear.
    public var noiseFigure: Double
    /// Receiver noise temperature, kelvin.
    public var temperatureKelvin: Double
    /// Airtime of one probe, seconds.
    public var probeDurationSeconds: Double
    /// Molecular absorption, dB per metre (≈ 0.015 at 60 GHz from oxygen, far more above 100 GHz).
    public var absorptionDBPerMetre: Double

    /// Creates a link budget from values in the units the scenario files use.
    public init(
        carrierHertz: Double, bandwidthHertz: Double, transmitPowerDBm: Double, noiseFigureDB: Double,
        temperatureKelvin: Double = PhysicalConstants.standardNoiseTemperatureKelvin, probeDurationSeconds: Double,
        absorptionDBPerMetre: Double = 0
    ) {
        self.carrierHertz = carrierHertz
        self.bandwidthHertz = bandwidthHertz
        transmitPowerWatts = Decibels.watts(fromDBm: transmitPowerDBm)
        noiseFigure = Decibels.linear(fromDB: noiseFigureDB)
        self.temperatureKelvin = temperatureKelvin
        self.probeDurationSeconds = probeDurationSeconds
        self.absorptionDBPerMetre = absorptionDBPerMetre
    }

    /// Wavelength λ = c / f, metres.
    @inlinable public var wavelength: Double { wavelengthMetres(carrierHertz: carrierHertz) }

    /// Thermal noise power k·T·B·NF, watts.
    @inlinable public var noisePowerWatts: Double {
        PhysicalConstants.boltzmannJoulesPerKelvin * temperatureKelvin * bandwidthHertz * noiseFigure
    }

    /// Processing gain of the probe, B·T_probe (linear).
    @inlinable public var processingGain: Double { bandwidthHertz * probeDurationSeconds }

    /// Two-range resolution c / B, metres: paths closer than this in length merge.
    @inlinable public var rangeResolutionMetres: Double {
        PhysicalConstants.speedOfLightMetresPerSecond / bandwidthHertz
    }

    /// Power gain |α|² of a path: (λ/4πd)²·|Γ|² (Friis) times the absorption 10^(−a·d/10).
    @inlinable public func pathPowerGain(_ path: PropagationPath) -> Double {
        let a = path.amplitudeGain(wavelengthMetres: wavelength)
        return a * a * absorptionFactor(lengthMetres: path.lengthMetres)
    }

    /// Molecular absorption over `lengthMetres`: 10^(−a·d/10), linear power.
    @inlinable public func absorptionFactor(lengthMetres: Double) -> Double {
        absorptionDBPerMetre == 0 ? 1 : exp(-absorptionDBPerMetre * lengthMetres * (log(10.0) / 10))
    }

    /// Energy SNR of the probe (linear) for a received power in watts: P_rx/(k·T·B·NF) · B·T_probe.
    @inlinable public func energySNR(receivedPowerWatts: Double) -> Double {
        receivedPowerWatts / noisePowerWatts * processingGain
    }
}
