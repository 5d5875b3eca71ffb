/// The cross-covariance between the tracker's state error and the multipath bias of each measurement source, for a
/// Schmidt–Kalman (consider) filter (Schmidt, "Application of state-space methods to navigation problems", 1966;
/// Simon, *Optimal State Estimation*, 2006, §7.5; Zanetti & D'Souza, "Recursive implementations of the Schmidt–Kalman
/// 'consider' filter", J. Astronaut. Sci. 2013).
///
/// Each source s (an access point, or an RIS panel's path) has two bias parameters, a range bias and an angle bias,
/// modelled as unit-variance first-order Gauss–Markov processes (random constants for a still user) that a probe
/// scales by its own floor (metres, radians): the merge bias of unresolved multipath is the same from one probe of a
/// link to the next, so it must not average down the way white noise does. The biases are considered, never
/// estimated: their covariance stays the identity, and only their correlation with the state (this matrix,
/// M = E[x̃ β̃ᵀ]) is carried.
///
/// Rows are the state [x, y, vx, vy]; column 2s is source s's range bias, 2s + 1 its angle bias.
public struct ConsiderBiasCovariance: Sendable, Equatable {
    /// Row x of M.
    public var x: SIMD8<Double>
    /// Row y of M.
    public var y: SIMD8<Double>
    /// Row vx of M.
    public var vx: SIMD8<Double>
    /// Row vy of M.
    public var vy: SIMD8<Double>

    /// Sources with a bias pair of their own; a probe from a source beyond them treats its floor as white noise.
    public static let sourceCapacity = 4
    /// A source index whose floors the tracker treats as white noise (no bias pair).
    public static let whiteSource = sourceCapacity

    /// No correlation (a fresh track, or biases never seen).
    public static let zero = ConsiderBiasCovariance(x: .zero, y: .zero, vx: .zero, vy: .zero)

    /// Creates the matrix from its rows.
    @inlinable
    public init(x: SIMD8<Double>, y: SIMD8<Double>, vx: SIMD8<Double>, vy: SIMD8<Double>) {
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy
    }

    /// Column `j` (the state's covariance with bias parameter j).
    @inlinable
    public func column(_ j: Int) -> SIMD4<Double> { SIMD4(x[j], y[j], vx[j], vy[j]) }

    /// M ← F·M for the constant-velocity transition over `dt` seconds.
    @inlinable
    public mutating func propagate(dt: Double) {
        x += dt * vx
        y += dt * vy
    }

    /// M ← ρ·M: the cross-covariance of first-order Gauss–Markov biases after a step of correlation ρ (their own
    /// covariance stays the identity).
    @inlinable
    public mutating func scale(by rho: Double) {
        x *= rho
        y *= rho
        vx *= rho
        vy *= rho
    }

    /// M ← M − g₀·a₀ᵀ − g₁·a₁ᵀ: the update's correction with gain columns `g0`, `g1` and rows `a0`, `a1` of H·M + J.
    @inlinable
    public mutating func subtract(
        gain0 g0: SIMD4<Double>, row0 a0: SIMD8<Double>, gain1 g1: SIMD4<Double>, row1 a1: SIMD8<Double>
    ) {
        x -= g0[0] * a0 + g1[0] * a1
        y -= g0[1] * a0 + g1[1] * a1
        vx -= g0[2] * a0 + g1[2] * a1
        vy -= g0[3] * a0 + g1[3] * a1
    }

    /// Row combination h₀·(row x) + h₁·(row y): one row of H·M for a measurement with position gradient `h`.
    @inlinable
    public func positionRow(_ h: SIMD2<Double>) -> SIMD8<Double> { h[0] * x + h[1] * y }

    /// Negates the rows of position and velocity along `axis` (0: x, 1: y): a mirror of the state at a boundary.
    @inlinable
    public mutating func mirror(axis: Int) {
        if axis == 0 {
            x = -x
            vx = -vx
        } else {
            y = -y
            vy = -vy
        }
    }
}
