import Foundation
import GymCore

/// Log-normal shadowing of each link's received power, correlated along the user's path.
///
/// Each link (an access point's direct channel, or an RIS panel's path) carries a shadowing level s in dB, drawn
/// N(0, σ²) when the episode starts. As the user moves d metres it follows the first-order autoregression
/// s ← ρ·s + √(1 − ρ²)·σ·w, ρ = exp(−d / d_corr), w ~ N(0, 1), so levels d apart correlate as exp(−d / d_corr)
/// (Gudmundson, *Electronics Letters* 27(23), 1991; σ and d_corr per environment in 3GPP TR 38.901 Table 7.5-6,
/// e.g. indoor hotspot 3 dB / 10 m with line of sight). Every path of a link is scaled by the same 10^(s/10):
/// shadowing is large-scale, and the merged cluster and its Rician fading ride on it. Off (σ = 0) it draws nothing,
/// so a scenario without it keeps its trajectories bit for bit.
public struct LogNormalShadowing: Sendable, Equatable {
    /// The most links it tracks; links beyond are unshadowed (scenario validation refuses them when σ > 0).
    public static let maximumLinks = 8
    /// Default decorrelation distance, metres (3GPP TR 38.901 Table 7.5-6, indoor hotspot with line of sight).
    public static let defaultDecorrelationMetres = 10.0

    /// Standard deviation of the level, dB (0: off).
    public let stdDB: Double
    /// Distance over which the level's correlation falls to 1/e, metres.
    public let decorrelationMetres: Double
    /// The current level of each link, dB.
    public private(set) var levelsDB = SIMD8<Double>()

    /// No shadowing.
    public static let none = LogNormalShadowing(stdDB: 0)

    /// Creates the model; call ``begin(using:)`` at every episode start.
    public init(stdDB: Double, decorrelationMetres: Double = Self.defaultDecorrelationMetres) {
        self.stdDB = stdDB
        self.decorrelationMetres = decorrelationMetres
    }

    /// Whether shadowing is off.
    @inlinable public var isNone: Bool { stdDB == 0 }

    /// Draws every link's level afresh, N(0, σ²) (four Gaussian pairs; nothing when off).
    public mutating func begin(using generator: inout some RandomNumberGenerator) {
        guard !isNone else { return }
        levelsDB = stdDB * Self.standardNormals(using: &generator)
    }

    /// Moves every link's level along the user's path by `movedMetres` (nothing drawn when off or not moved).
    public mutating func advance(movedMetres: Double, using generator: inout some RandomNumberGenerator) {
        guard !isNone, movedMetres > 0 else { return }
        let rho = exp(-movedMetres / decorrelationMetres)
        let innovation = stdDB * (1 - rho * rho).squareRoot()
        levelsDB = rho * levelsDB + innovation * Self.standardNormals(using: &generator)
    }

    /// One N(0, 1) draw per link, from four Gaussian pairs in link order.
    private static func standardNormals(using generator: inout some RandomNumberGenerator) -> SIMD8<Double> {
        var w = SIMD8<Double>()
        for i in stride(from: 0, to: maximumLinks, by: 2) {
            (w[i], w[i + 1]) = generator.nextGaussianPair()
        }
        return w
    }

    /// The linear power gain of link `link` (1 when off or beyond ``maximumLinks``).
    @inlinable
    public func powerGain(link: Int) -> Double {
        guard !isNone, link >= 0, link < Self.maximumLinks else { return 1 }
        return Decibels.linear(fromDB: levelsDB[link])
    }
}
