import Foundation

/// Paths a receiver cannot resolve from each other, accumulated into one detected component.
///
/// Amplitudes add coherently (phase −k·d + arg Γ per path); length and direction are power-weighted centroids.
public struct PathCluster: Sendable, Equatable {
    /// Length of the cluster's first path, metres (the resolution cell is anchored on it).
    public var anchorLength: Double
    /// Reflection phasor (cos, sin of arg Γ) of the cluster's first path.
    public var anchorPhasor: SIMD2<Double>
    /// sin θ of the cluster's first path.
    public var anchorFrequency: Double
    /// Real part of the coherent amplitude sum, √W (formed once a second path joins).
    public var real: Double
    /// Imaginary part of the coherent amplitude sum, √W.
    public var imaginary: Double
    /// Sum of the members' powers, watts.
    public var weight: Double
    /// Σ power × length.
    public var weightedLength: Double
    /// Σ power × sin θ.
    public var weightedFrequency: Double
    /// Power of the strongest member, watts.
    public var strongestPower: Double
    /// Whether the strongest member is line of sight.
    public var strongestIsLineOfSight: Bool
    /// Number of members.
    public var count: Int

    /// Starts a cluster with one path.
    @inlinable
    public init(
        length: Double, power: Double, frequency: Double, lineOfSight: Bool, wavenumber: Double,
        phaseCosine: Double = 1, phaseSine: Double = 0
    ) {
        anchorLength = length
        anchorPhasor = SIMD2(phaseCosine, phaseSine)
        anchorFrequency = frequency
        // The phasor is formed only if a second path joins (most clusters hold one path).
        real = 0
        imaginary = 0
        weight = power
        weightedLength = power * length
        weightedFrequency = power * frequency
        strongestPower = power
        strongestIsLineOfSight = lineOfSight
        count = 1
    }

    /// Adds an unresolved path.
    @inlinable
    public mutating func add(
        length: Double, power: Double, frequency: Double, lineOfSight: Bool, wavenumber: Double,
        phaseCosine: Double = 1, phaseSine: Double = 0
    ) {
        // e^{j(arg Γ − k·d)} = (cos arg Γ + j sin arg Γ)(cos kd − j sin kd).
        if count == 1 {
            let first = weight.squareRoot()
            let (s, c) = sineCosine(wavenumber * anchorLength)
            real = first * (anchorPhasor[0] * c + anchorPhasor[1] * s)
            imaginary = first * (anchorPhasor[1] * c - anchorPhasor[0] * s)
        }
        let amplitude = power.squareRoot()
        let (s, c) = sineCosine(wavenumber * length)
        real += amplitude * (phaseCosine * c + phaseSine * s)
        imaginary += amplitude * (phaseSine * c - phaseCosine * s)
        weight += power
        weightedLength += power * length
        weightedFrequency += power * frequency
        if power > strongestPower {
            strongestPower = power
            strongestIsLineOfSight = lineOfSight
        }
        count += 1
    }

    /// Received power of the cluster, watts: |Σ aᵢ e^{−jkdᵢ}|² (the members' own power when alone).
    @inlinable public var coherentPower: Double { count == 1 ? weight : real * real + imaginary * imaginary }
}
