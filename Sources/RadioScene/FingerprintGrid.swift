import GymCore

/// The reference-point grid of the fingerprint database and the off-grid test points.
///
/// Wu et al. (§II-D, §IV): the positioning area is meshed perpendicular to the coordinate axes at a fixed
/// interval (0.2 m) and the reference points (RPs) sit at the intersections, at the user height (1.5 m).
/// Our grid starts `marginMetres` inside the room's x/y walls (default: one interval, so no RP stands in a
/// wall) and steps by `spacingMetres` while it stays at least the margin away from the far walls; coordinates
/// are rounded to the micrometre so that they print as `-7.8`, not `-7.799999999`.
/// Test points (TPs) are drawn as the paper describes them, random positions of the area that are not grid
/// points: uniform over the grid's bounding rectangle (seeded), so every TP lies inside the fingerprinted area.
///
/// ```swift
/// let grid = try FingerprintGrid(room: scenario.sceneRoom, spacingMetres: 0.2, heightMetres: 1.5)
/// grid.points.count                      // 79 × 74 = 5846 in the 16 × 15 m office
/// let tps = grid.testPoints(count: 100, seed: 1)
/// ```
public struct FingerprintGrid: Sendable, Equatable {
    /// Distance between neighbouring reference points, metres.
    public let spacingMetres: Double
    /// Smallest distance from a reference point to the x/y walls, metres.
    public let marginMetres: Double
    /// Height of every point (the user's antenna), metres.
    public let heightMetres: Double
    /// The grid's x values, ascending, metres.
    public let xValuesMetres: [Double]
    /// The grid's y values, ascending, metres.
    public let yValuesMetres: [Double]

    /// Creates the grid of `room` at `spacingMetres`, `marginMetres` (default: one spacing) from the walls.
    /// - Throws: ``FingerprintGenerationError/invalidGrid(_:)`` for a non-positive spacing or a margin that
    ///   leaves no point.
    public init(room: Room, spacingMetres: Double, marginMetres: Double? = nil, heightMetres: Double) throws {
        let margin = marginMetres ?? spacingMetres
        guard spacingMetres.isFinite, spacingMetres > 0 else {
            throw FingerprintGenerationError.invalidGrid("spacing must be a positive number of metres, got \(spacingMetres)")
        }
        guard margin.isFinite, margin >= 0 else {
            throw FingerprintGenerationError.invalidGrid("margin must be ≥ 0 m, got \(margin)")
        }
        guard heightMetres > room.minCorner.z, heightMetres < room.maxCorner.z else {
            throw FingerprintGenerationError.invalidGrid(
                "height \(heightMetres) m is not between the floor and the ceiling of the room")
        }
        func values(_ lo: Double, _ hi: Double) -> [Double] {
            let first = lo + margin, last = hi - margin
            guard last >= first - 1e-9 else { return [] }
            let count = Int(((last - first) / spacingMetres + 1e-9).rounded(.down)) + 1
            return (0..<count).map { i in ((first + Double(i) * spacingMetres) * 1e6).rounded() / 1e6 }
        }
        let xs = values(room.minCorner.x, room.maxCorner.x)
        let ys = values(room.minCorner.y, room.maxCorner.y)
        guard !xs.isEmpty, !ys.isEmpty else {
            throw FingerprintGenerationError.invalidGrid(
                "a margin of \(margin) m leaves no reference point in the room \(room.minCorner)…\(room.maxCorner)")
        }
        self.spacingMetres = spacingMetres
        self.marginMetres = margin
        self.heightMetres = heightMetres
        xValuesMetres = xs
        yValuesMetres = ys
    }

    /// Creates the grid of a scenario's room at the scenario's user height.
    public init(scenario: Scenario, spacingMetres: Double, marginMetres: Double? = nil) throws {
        try self.init(
            room: scenario.sceneRoom, spacingMetres: spacingMetres, marginMetres: marginMetres,
            heightMetres: scenario.user.heightM)
    }

    /// Number of reference points.
    public var count: Int { xValuesMetres.count * yValuesMetres.count }

    /// The reference points, x fastest (row by row in y).
    public var points: [Vector3] {
        yValuesMetres.flatMap { y in xValuesMetres.map { x in Vector3(x, y, heightMetres) } }
    }

    /// The fingerprinted rectangle: lower and upper corner (x, y), metres.
    public var area: (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        (SIMD2(xValuesMetres.first ?? 0, yValuesMetres.first ?? 0),
         SIMD2(xValuesMetres.last ?? 0, yValuesMetres.last ?? 0))
    }

    /// `count` test points, uniform over ``area`` at the grid's height; equal seeds give equal points.
    public func testPoints(count: Int, seed: UInt64) -> [Vector3] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in randomPoint(using: &rng) }
    }

    /// One uniform random point of ``area`` at the grid's height.
    public func randomPoint(using generator: inout some RandomNumberGenerator) -> Vector3 {
        let (lo, hi) = area
        let x = lo.x + (hi.x - lo.x) * generator.nextUnitDouble()
        let y = lo.y + (hi.y - lo.y) * generator.nextUnitDouble()
        return Vector3(x, y, heightMetres)
    }
}
