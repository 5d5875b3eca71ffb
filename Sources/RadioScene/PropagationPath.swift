import Foundation

/// One specular propagation path between an access point and the user.
public struct PropagationPath: Sendable, Equatable {
    /// Unfolded path length, metres.
    public var lengthMetres: Double
    /// Unit vector of departure at the access point (towards the first interaction).
    public var departureDirection: Vector3
    /// Unit vector at the user pointing back along the arriving wave (towards where it comes from).
    public var arrivalDirection: Vector3
    /// Product of the reflection amplitudes |Γ| along the path (1 for line of sight).
    public var reflectionAmplitude: Double
    /// cos of the summed reflection phase arg Γ along the path (1 for line of sight).
    public var reflectionPhaseCosine: Double
    /// sin of the summed reflection phase arg Γ along the path (0 for line of sight).
    public var reflectionPhaseSine: Double

    /// The summed reflection phase arg Γ, radians.
    public var reflectionPhaseRadians: Double { atan2(reflectionPhaseSine, reflectionPhaseCosine) }
    /// Number of reflections (0 = line of sight).
    public var reflectionCount: Int
    /// A surface the path reflects off (the only one for first order); nil for line of sight.
    public var lastSurface: Surface?

    /// Creates a path record (reflection phase in radians).
    public init(
        lengthMetres: Double, departureDirection: Vector3, arrivalDirection: Vector3, reflectionAmplitude: Double,
        reflectionCount: Int, lastSurface: Surface?, reflectionPhaseRadians: Double = 0
    ) {
        self.init(
            lengthMetres: lengthMetres, departureDirection: departureDirection, arrivalDirection: arrivalDirection,
            reflectionAmplitude: reflectionAmplitude, reflectionCount: reflectionCount, lastSurface: lastSurface,
            phaseCosine: reflectionPhaseRadians == 0 ? 1 : cos(reflectionPhaseRadians),
            phaseSine: reflectionPhaseRadians == 0 ? 0 : sin(reflectionPhaseRadians))
    }

    /// Creates a path record whose reflection phase is given as the unit phasor (cos arg Γ, sin arg Γ).
    @inlinable
    public init(
        lengthMetres: Double, departureDirection: Vector3, arrivalDirection: Vector3, reflectionAmplitude: Double,
        reflectionCount: Int, lastSurface: Surface?, phaseCosine: Double, phaseSine: Double
    ) {
        self.lengthMetres = lengthMetres
        self.departureDirection = departureDirection
        self.arrivalDirection = arrivalDirection
        self.reflectionAmplitude = reflectionAmplitude
        self.reflectionCount = reflectionCount
        self.lastSurface = lastSurface
        reflectionPhaseCosine = phaseCosine
        reflectionPhaseSine = phaseSine
    }

    /// A zero path, to fill storage a tracer will overwrite.
    public static let placeholder = PropagationPath(
        lengthMetres: 0, departureDirection: .zero, arrivalDirection: .zero, reflectionAmplitude: 0,
        reflectionCount: 0, lastSurface: nil, phaseCosine: 1, phaseSine: 0)

    /// Whether this is the direct (line-of-sight) path.
    @inlinable public var isLineOfSight: Bool { reflectionCount == 0 }

    /// Propagation delay τ = d / c, seconds.
    @inlinable public var delaySeconds: Double { lengthMetres / PhysicalConstants.speedOfLightMetresPerSecond }

    /// Free-space amplitude gain at `wavelength`: (λ / 4πd)·|Γ| (Friis, amplitude form).
    @inlinable public func amplitudeGain(wavelengthMetres wavelength: Double) -> Double {
        wavelength / (4 * Double.pi * lengthMetres) * reflectionAmplitude
    }
}
