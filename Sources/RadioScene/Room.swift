import ComplexModule
import RealModule

/// A rectangular (shoebox) room: six axis-aligned planes, each with a reflecting material.
///
/// Coordinates are metres. Rooms need not start at the origin: the 16×15 m office of the fingerprinting
/// paper spans x ∈ [−8, 8], y ∈ [−7.5, 7.5].
public struct Room: Sendable, Equatable {
    /// The corner with the smallest coordinates (z = floor).
    public var minCorner: Vector3
    /// The corner with the largest coordinates (z = ceiling).
    public var maxCorner: Vector3
    /// Materials of the six surfaces, indexed by ``Surface/rawValue``.
    public var materials: [Material]
    /// Axis-aligned boxes that block any path whose segment passes through them.
    public var blockers: [Blocker]

    /// Creates a room; `materials` lists the six surfaces in ``Surface`` order (one entry means all six).
    public init(minCorner: Vector3, maxCorner: Vector3, materials: [Material], blockers: [Blocker] = []) {
        self.minCorner = minCorner
        self.maxCorner = maxCorner
        self.materials = materials.count == 1 ? Array(repeating: materials[0], count: 6) : materials
        self.blockers = blockers
    }

    /// Width (x), depth (y) and height (z) in metres.
    public var size: Vector3 { maxCorner - minCorner }

    /// Whether `point` lies inside the room, with `margin` metres of tolerance outward.
    public func contains(_ point: Vector3, margin: Double = 0) -> Bool {
        point.x >= minCorner.x - margin && point.x <= maxCorner.x + margin
            && point.y >= minCorner.y - margin && point.y <= maxCorner.y + margin
            && point.z >= minCorner.z - margin && point.z <= maxCorner.z + margin
    }

    /// Whether the segment from `a` to `b` passes through any blocker.
    @inlinable
    public func isBlocked(from a: Vector3, to b: Vector3) -> Bool {
        for blocker in blockers where blocker.intersects(from: a, to: b) { return true }
        return false
    }
}

/// The six surfaces of a shoebox room.
public enum Surface: Int, Sendable, CaseIterable, Codable {
    /// The wall at the smallest x.
    case wallXMin = 0
    /// The wall at the largest x.
    case wallXMax
    /// The wall at the smallest y.
    case wallYMin
    /// The wall at the largest y.
    case wallYMax
    /// The floor (smallest z).
    case floor
    /// The ceiling (largest z).
    case ceiling
}

/// A surface material: an ITU-R P.2040 material (angle-, polarisation- and frequency-dependent complex
/// reflection, ``ITUMaterial``), or a fixed reflection loss in dB with the sign of a reflection off a denser
/// medium (Γ = −|Γ|).
///
/// In a scenario file: `{name: concrete, itu: concrete}` or `{name: drywall, reflection_loss_db: 8}`.
public struct Material: Sendable, Equatable, Codable {
    /// The material's name (for logs and scenario files).
    public var name: String
    /// Power lost in one specular reflection, dB (≥ 0), when no ITU material is given.
    public var reflectionLossDB: Double
    /// The ITU-R P.2040-3 material name (``ITUMaterial/table``); nil: the fixed `reflectionLossDB`.
    public var itu: String?
    /// Extra loss on every specular reflection, dB (e.g. the share that diffuse scattering takes away).
    public var extraLossDB: Double

    /// Creates a fixed-loss material.
    public init(name: String, reflectionLossDB: Double) {
        self.name = name
        self.reflectionLossDB = reflectionLossDB
        itu = nil
        extraLossDB = 0
    }

    /// Creates an ITU-R P.2040 material (`itu` must name an entry of ``ITUMaterial/table``).
    public init(name: String, itu: String, extraLossDB: Double = 0) {
        self.name = name
        reflectionLossDB = 0
        self.itu = itu
        self.extraLossDB = extraLossDB
    }

    enum CodingKeys: String, CodingKey {
        case name, itu
        case reflectionLossDB = "reflection_loss_db", extraLossDB = "extra_loss_db"
    }

    /// Decodes `{name, itu}` or `{name, reflection_loss_db}` (validation checks that one is given).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        itu = try c.decodeIfPresent(String.self, forKey: .itu)
        reflectionLossDB = try c.decodeIfPresent(Double.self, forKey: .reflectionLossDB) ?? (itu == nil ? .nan : 0)
        extraLossDB = try c.decodeIfPresent(Double.self, forKey: .extraLossDB) ?? 0
    }

    /// Encodes the fields a scenario file uses.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if let itu { try c.encode(itu, forKey: .itu) } else { try c.encode(reflectionLossDB, forKey: .reflectionLossDB) }
        if extraLossDB != 0 { try c.encode(extraLossDB, forKey: .extraLossDB) }
    }

    /// The ITU material, or nil for a fixed-loss material (or an unknown name, which validation rejects).
    public var ituMaterial: ITUMaterial? { itu.flatMap(ITUMaterial.named) }

    /// Γ_TE and Γ_TM at incidence cos θ (1 = normal) and `carrierHertz`.
    public func reflectionCoefficients(cosIncidence: Double, carrierHertz: Double) -> (te: Complex<Double>, tm: Complex<Double>) {
        let extra = Decibels.amplitude(fromLossDB: extraLossDB)
        guard let material = ituMaterial else {
            let g = Complex(-Decibels.amplitude(fromLossDB: reflectionLossDB) * extra, 0)
            return (g, g)
        }
        let r = FresnelReflection.coefficients(
            cosIncidence: cosIncidence, permittivity: material.relativePermittivity(carrierHertz: carrierHertz))
        return (r.te.multiplied(by: extra), r.tm.multiplied(by: extra))
    }

    /// |Γ| at normal incidence and `carrierHertz` (amplitude, linear); the diffuse-scattering tiles use it.
    public func normalIncidenceAmplitude(carrierHertz: Double) -> Double {
        reflectionCoefficients(cosIncidence: 1, carrierHertz: carrierHertz).te.length
    }
}

/// An axis-aligned box that blocks radio paths (a person, a shelf, a machine).
public struct Blocker: Sendable, Equatable, Codable {
    /// Smallest corner, metres.
    public var minCorner: Vector3
    /// Largest corner, metres.
    public var maxCorner: Vector3

    /// Creates a blocker.
    public init(minCorner: Vector3, maxCorner: Vector3) {
        self.minCorner = minCorner
        self.maxCorner = maxCorner
    }

    enum CodingKeys: String, CodingKey {
        case minCorner = "min", maxCorner = "max"
    }

    /// Whether the segment from `a` to `b` passes through the box (slab test).
    @inlinable
    public func intersects(from a: Vector3, to b: Vector3) -> Bool {
        var t0 = 0.0
        var t1 = 1.0
        let d = b - a
        return Self.clip(a.x, d.x, minCorner.x, maxCorner.x, &t0, &t1)
            && Self.clip(a.y, d.y, minCorner.y, maxCorner.y, &t0, &t1)
            && Self.clip(a.z, d.z, minCorner.z, maxCorner.z, &t0, &t1)
    }

    /// Narrows the segment parameter interval [t0, t1] to the slab lo…hi on one axis; false when it empties.
    @inlinable
    static func clip(
        _ origin: Double, _ delta: Double, _ lo: Double, _ hi: Double, _ t0: inout Double, _ t1: inout Double
    ) -> Bool {
        if abs(delta) < 1e-15 { return origin >= lo && origin <= hi }
        var ta = (lo - origin) / delta
        var tb = (hi - origin) / delta
        if ta > tb { swap(&ta, &tb) }
        t0 = max(t0, ta)
        t1 = min(t1, tb)
        return t0 <= t1
    }
}
