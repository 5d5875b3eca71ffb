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
    /// Sum of the reflection coefficients' phases arg Γ along the path, radians (0 for line of sight).
    public var reflectionPhaseRadians: Double
    /// Number of reflections (0 = line of sight).
    public var reflectionCount: Int
    /// A surface the path reflects off (the only one for first order); nil for line of sight.
    public var lastSurface: Surface?

    /// Creates a path record.
    public init(
        lengthMetres: Double, departureDirection: Vector3, arrivalDirection: Vector3, reflectionAmplitude: Double,
        reflectionCount: Int, lastSurface: Surface?, reflectionPhaseRadians: Double = 0
    ) {
        self.reflectionPhaseRadians = reflectionPhaseRadians
        self.lengthMetres = lengthMetres
        self.departureDirection = departureDirection
        self.arrivalDirection = arrivalDirection
        self.reflectionAmplitude = reflectionAmplitude
        self.reflectionCount = reflectionCount
        self.lastSurface = lastSurface
    }

    /// Whether this is the direct (line-of-sight) path.
    @inlinable public var isLineOfSight: Bool { reflectionCount == 0 }

    /// Propagation delay τ = d / c, seconds.
    @inlinable public var delaySeconds: Double { lengthMetres / PhysicalConstants.speedOfLightMetresPerSecond }

    /// Free-space amplitude gain at `wavelength`: (λ / 4πd)·|Γ| (Friis, amplitude form).
    @inlinable public func amplitudeGain(wavelengthMetres wavelength: Double) -> Double {
        wavelength / (4 * Double.pi * lengthMetres) * reflectionAmplitude
    }
}
