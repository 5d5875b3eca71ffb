import Foundation

/// Physical constants in SI units.
public enum PhysicalConstants {
    /// Speed of light in vacuum, metres per second.
    public static let speedOfLightMetresPerSecond = 299_792_458.0
    /// Boltzmann's constant, joules per kelvin.
    public static let boltzmannJoulesPerKelvin = 1.380_649e-23
    /// The standard noise temperature, kelvin (IEEE: 290 K).
    public static let standardNoiseTemperatureKelvin = 290.0
}

/// The one place where decibels become linear ratios and back; every conversion in SensingGym goes through it.
///
/// ```swift
/// Decibels.linear(fromDB: 3)        // ≈ 1.995 (power ratio)
/// Decibels.watts(fromDBm: 20)       // 0.1 W
/// ```
public enum Decibels {
    /// A power ratio from decibels: 10^(dB/10).
    @inlinable public static func linear(fromDB dB: Double) -> Double { pow(10, dB / 10) }
    /// Decibels from a power ratio: 10·log10(ratio).
    @inlinable public static func dB(fromLinear ratio: Double) -> Double { 10 * log10(ratio) }
    /// Watts from dBm.
    @inlinable public static func watts(fromDBm dBm: Double) -> Double { pow(10, (dBm - 30) / 10) }
    /// dBm from watts.
    @inlinable public static func dBm(fromWatts watts: Double) -> Double { 10 * log10(watts) + 30 }
    /// The amplitude (field) factor of a power loss in dB: 10^(−dB/20).
    @inlinable public static func amplitude(fromLossDB dB: Double) -> Double { pow(10, -dB / 20) }
}

/// Wavelength in metres of a carrier in hertz: λ = c / f.
@inlinable public func wavelengthMetres(carrierHertz: Double) -> Double {
    PhysicalConstants.speedOfLightMetresPerSecond / carrierHertz
}
