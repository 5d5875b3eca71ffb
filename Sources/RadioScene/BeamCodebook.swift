import Foundation

/// A DFT beam codebook: K beams whose steering directions are spread uniformly in sin θ.
///
/// Beam k points at sin θₖ = (2k + 1 − K) / K, so the K beams tile (−1, 1) in spatial frequency
/// without overlap; with K = N they are the columns of the N-point DFT matrix (up to a phase).
///
/// ```swift
/// let codebook = BeamCodebook(beamCount: 32)
/// codebook.angleRadians(of: 16)   // just right of boresight
/// ```
public struct BeamCodebook: Sendable, Equatable {
    /// sin θ of each beam's steering direction.
    public let spatialFrequencies: [Double]

    /// Creates a codebook of `beamCount` beams.
    public init(beamCount: Int) {
        precondition(beamCount >= 1, "a codebook needs at least one beam")
        spatialFrequencies = (0..<beamCount).map { Double(2 * $0 + 1 - beamCount) / Double(beamCount) }
    }

    /// The number of beams K.
    public var count: Int { spatialFrequencies.count }

    /// The steering angle of beam `index`, radians from boresight.
    public func angleRadians(of index: Int) -> Double { asin(spatialFrequencies[index]) }

    /// The beam whose steering direction is nearest to sin θ = `frequency`.
    public func nearestBeam(toFrequency frequency: Double) -> Int {
        let k = Int(((frequency * Double(count) + Double(count) - 1) / 2).rounded())
        return min(max(k, 0), count - 1)
    }
}
