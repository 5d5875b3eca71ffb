import Foundation

/// Diffuse scattering off the six surfaces of a shoebox room: one Lambertian path per surface tile.
///
/// The model is the "effective roughness" Lambertian model of Degli-Esposti et al., "Measurement and modelling
/// of scattering from buildings", IEEE Trans. Antennas Propag. 55(1), 2007: a tile of area ΔS at distance r_i
/// from the transmitter and r_s from the receiver, hit at incidence angle θ_i and seen at scattering angle θ_s
/// (both from the tile's normal), re-radiates the fraction S²·|Γ|² of the power it intercepts with a cos θ_s
/// pattern. With isotropic antennas the path's power gain is
///
///     |α|² = (λ/4π)² · S²|Γ|² · ΔS·cos θ_i·cos θ_s / (π · r_i² · r_s²)
///
/// which this type stores in ``PropagationPath`` form (length r_i + r_s, an effective `reflectionAmplitude`),
/// so ``LinkBudget/pathPowerGain(_:)`` (Friis plus absorption) applies unchanged. The specular reflections keep
/// 1 − S² of the reflected power (``specularRoom(_:scatteringCoefficient:)``): energy is split, not created.
/// Distances below ``minimumDistanceMetres`` are clamped in the amplitude (the far-field formula diverges there).
///
/// ```swift
/// let scatterer = DiffuseScatterer(room: room, scatteringCoefficient: 0.3)
/// tracer.trace(from: ap, to: user, into: &paths)
/// scatterer.appendPaths(from: ap, to: user, into: &paths)   // + one path per tile
/// ```
public struct DiffuseScatterer: Sendable {
    /// The default tile edge, metres.
    public static let defaultTileSizeMetres = 0.5
    /// Smallest tile–antenna distance used in the amplitude formula, metres.
    public static let minimumDistanceMetres = 0.3

    /// The room whose surfaces scatter.
    public let room: Room
    /// Scattering coefficient S in [0, 1].
    public let scatteringCoefficient: Double
    /// Requested tile edge, metres (tiles are shrunk so that each surface divides evenly).
    public let tileSizeMetres: Double
    /// The tiles: centre, inward unit normal, area, reflection amplitude |Γ| of the surface, surface.
    @usableFromInline let tiles: [(centre: Vector3, normal: Vector3, areaSquareMetres: Double, gamma: Double, surface: Surface)]

    /// Creates a scatterer for `room`, dividing each surface into tiles of about `tileSizeMetres` square (the
    /// tiles' |Γ| at normal incidence and `carrierHertz`).
    public init(
        room: Room, scatteringCoefficient: Double, tileSizeMetres: Double = Self.defaultTileSizeMetres,
        carrierHertz: Double = 60e9
    ) {
        precondition(tileSizeMetres > 0, "tile size must be positive")
        self.room = room
        self.scatteringCoefficient = scatteringCoefficient
        self.tileSizeMetres = tileSizeMetres
        var tiles: [(centre: Vector3, normal: Vector3, areaSquareMetres: Double, gamma: Double, surface: Surface)] = []
        let lo = room.minCorner, hi = room.maxCorner
        for surface in Surface.allCases {
            let axis = surface.rawValue / 2
            let atMax = surface.rawValue % 2 == 1
            let (u, v) = [(1, 2), (0, 2), (0, 1)][axis]
            let loc = [lo.x, lo.y, lo.z], hic = [hi.x, hi.y, hi.z]
            let nu = max(1, Int((hic[u] - loc[u]) / tileSizeMetres - 1e-9) + 1)
            let nv = max(1, Int((hic[v] - loc[v]) / tileSizeMetres - 1e-9) + 1)
            let du = (hic[u] - loc[u]) / Double(nu), dv = (hic[v] - loc[v]) / Double(nv)
            var normal = [0.0, 0.0, 0.0]
            normal[axis] = atMax ? -1 : 1
            let gamma = room.materials[surface.rawValue].normalIncidenceAmplitude(carrierHertz: carrierHertz)
            for i in 0..<nu {
                for j in 0..<nv {
                    var c = [0.0, 0.0, 0.0]
                    c[axis] = atMax ? hic[axis] : loc[axis]
                    c[u] = loc[u] + (Double(i) + 0.5) * du
                    c[v] = loc[v] + (Double(j) + 0.5) * dv
                    tiles.append(
                        (Vector3(c[0], c[1], c[2]), Vector3(normal[0], normal[1], normal[2]), du * dv, gamma, surface))
                }
            }
        }
        self.tiles = tiles
    }

    /// The scatterer a scenario asks for, or nil when `room.diffuse_scattering` is absent or disabled.
    public init?(scenario: Scenario) {
        guard let spec = scenario.room.diffuseScattering, spec.enabled else { return nil }
        self.init(
            room: scenario.sceneRoom, scatteringCoefficient: spec.scatteringCoefficient,
            tileSizeMetres: spec.tileSizeM ?? Self.defaultTileSizeMetres, carrierHertz: scenario.radio.carrierHz)
    }

    /// Number of tiles, i.e. the number of scattered paths one trace adds (fewer when blockers cut some).
    public var tileCount: Int { tiles.count }

    /// `room` with every surface's specular reflection reduced to √(1 − S²) of its amplitude (energy balance).
    public static func specularRoom(_ room: Room, scatteringCoefficient s: Double) -> Room {
        var reduced = room
        let extraLossDB = -Decibels.dB(fromLinear: max(1 - s * s, 1e-12))
        reduced.materials = room.materials.map { m in
            var reducedMaterial = m
            reducedMaterial.extraLossDB += extraLossDB
            return reducedMaterial
        }
        return reduced
    }

    /// Appends one scattered path per tile from `transmitter` to `receiver` (keeps what `paths` holds).
    public func appendPaths(from transmitter: Vector3, to receiver: Vector3, into paths: inout [PropagationPath]) {
        let s = scatteringCoefficient
        guard s > 0 else { return }
        let dMin = Self.minimumDistanceMetres
        let checkBlockers = !room.blockers.isEmpty
        for tile in tiles {
            let toTransmitter = transmitter - tile.centre
            let toReceiver = receiver - tile.centre
            let ri = toTransmitter.length, rs = toReceiver.length
            guard ri > 1e-9, rs > 1e-9 else { continue }
            let cosI = toTransmitter.dot(tile.normal) / ri
            let cosS = toReceiver.dot(tile.normal) / rs
            guard cosI > 0, cosS > 0 else { continue }
            if checkBlockers,
                room.isBlocked(from: transmitter, to: tile.centre) || room.isBlocked(from: tile.centre, to: receiver)
            {
                continue
            }
            let length = ri + rs
            // (λ/4π·L)·A_eff = (λ/4π)·S|Γ|·√(ΔS cosθi cosθs / π) / (ri·rs)  ⇒  A_eff as below.
            let amplitude = s * tile.gamma * (tile.areaSquareMetres * cosI * cosS / Double.pi).squareRoot()
                * length / (max(ri, dMin) * max(rs, dMin))
            paths.append(
                PropagationPath(
                    lengthMetres: length, departureDirection: (tile.centre - transmitter) / ri,
                    arrivalDirection: (tile.centre - receiver) / rs, reflectionAmplitude: amplitude,
                    reflectionCount: 1, lastSurface: tile.surface))
        }
    }
}
