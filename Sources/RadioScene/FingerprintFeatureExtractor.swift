import Foundation
import GymCore

/// The paper's CSI fingerprint of a position: per access point, RSS, azimuth AoA, elevation AoA and ToA of the
/// maximum-power (MP) path, from our channel model.
///
/// Wu et al., "A Weighted Random Forest Based Positioning Algorithm for 6G Indoor Communications", §II (eq. 1,
/// §II-C "maximum power path", §II-D the N × 4n *Fingerprint* matrix), with their Table I antennas.
///
/// **Channel.** Paths come from ``ImageMethodTracer`` (LoS + specular images up to the scenario's
/// `max_reflection_order`) plus, when `room.diffuse_scattering` is enabled, one Lambertian path per surface
/// tile (``DiffuseScatterer``). Antennas are omnidirectional at both ends (Table I: "single omnidirectional"
/// at the RP, "MIMO omnidirectional" at the AP), so a path's power is P_tx·(λ/4πd)²·|Γ|² times absorption
/// (``LinkBudget/pathPowerGain(_:)``); the scenario's element gain and boresight do not change the RSS.
///
/// **MP path.** The paper estimates AoA and ToA *jointly* (forward–backward spatial-smoothing MUSIC, §II-B),
/// so two paths are unresolvable only if they are close in delay *and* in angle: lengths within c/B and
/// departure directions within the array's Rayleigh resolution 1/(N·d/λ) radians (2/N for half-wavelength
/// spacing). Unresolvable paths merge into a cluster (coherent sum of amplitudes with carrier phase −2πd/λ;
/// power-weighted delay and direction). Clusters are seeded greedily by the ``clusterSeeds`` strongest paths,
/// each absorbing the not-yet-assigned paths it cannot resolve; the MP path is the strongest cluster. (This
/// differs on purpose from ``MeasurementModel``, whose beamformed probe resolves paths in delay only.)
///
/// **Where AoA is measured: at the access point.** The RP has one omnidirectional antenna, which cannot measure
/// an angle; the AP's array can. We therefore model the probe on the uplink (the RP transmits, the AP's array
/// estimates AoA and ToA); by reciprocity the uplink's angle of arrival at the AP is the downlink's departure
/// direction, the tracer's `departureDirection`. Azimuth is measured from the AP array's boresight, wrapped to
/// (−π, π] (the wrap lies behind the array); elevation from the horizontal (negative: downward). For LoS this
/// carries the same information as the direction at the RP (the reverse vector).
///
/// **Noise (optional).** Cramér–Rao-bound Gaussian noise (``CramerRaoBound``): ToA with σ_d/c at the array SNR
/// N·SNR_element; each angle as seen by an N-element, d-spaced ULA along its own axis (we assume an L-shaped AP
/// array: a horizontal ULA for azimuth, a vertical one for elevation) at the element SNR; RSS with the
/// amplitude-estimation bound σ = (20/ln 10)/√(2·N·SNR_element) dB. A point is detected only if the MP
/// cluster's array SNR passes the scenario's detection threshold. Impairments: ``FingerprintImpairments``.
///
/// ```swift
/// let extractor = FingerprintFeatureExtractor(scenario: scenario)
/// let mp = extractor.maxPowerPath(accessPoint: 0, receiver: Vector3(1, 2, 1.5))
/// mp.toaSeconds   // d / c for a LoS path
/// ```
public struct FingerprintFeatureExtractor: Sendable {
    /// The scenario (room, radio, access points) the features come from.
    public let scenario: Scenario
    /// The link budget (carrier, bandwidth, transmit power, noise).
    public let linkBudget: LinkBudget
    /// Detection threshold on the MP cluster's array energy SNR, linear.
    public let detectionThreshold: Double
    /// Boresight azimuth of each access point, radians from +x towards +y.
    public let boresightsRadians: [Double]
    /// The specular tracer (reflections reduced by the scattered share when scattering is on).
    let tracer: ImageMethodTracer
    /// The diffuse scatterer, nil when the scenario has scattering off.
    let scatterer: DiffuseScatterer?

    /// Creates an extractor for `scenario` (its reflection order, materials and diffuse-scattering option).
    public init(scenario: Scenario) {
        self.scenario = scenario
        linkBudget = scenario.linkBudget
        detectionThreshold = Decibels.linear(fromDB: scenario.radio.detectionThresholdDB)
        boresightsRadians = scenario.accessPoints.map { scenario.boresightRadians(of: $0) }
        let scatterer = DiffuseScatterer(scenario: scenario)
        let room = scatterer.map { DiffuseScatterer.specularRoom(scenario.sceneRoom, scatteringCoefficient: $0.scatteringCoefficient) }
            ?? scenario.sceneRoom
        tracer = scenario.tracer(room: room)
        self.scatterer = scatterer
    }

    /// How many clusters are formed (seeded by the strongest unassigned paths) when looking for the MP path.
    public static let clusterSeeds = 8

    /// Number of access points, n.
    public var accessPointCount: Int { scenario.accessPoints.count }

    /// The 4n column names: `ap<i>_rss_dbm, ap<i>_aoa_az_rad, ap<i>_aoa_el_rad, ap<i>_toa_s` for each AP.
    public var featureNames: [String] {
        (0..<accessPointCount).flatMap { FingerprintPathFeatures.columnNames(accessPoint: $0) }
    }

    /// Every path from access point `index` to `receiver`: specular images, then scattered paths.
    public func paths(accessPoint index: Int, receiver: Vector3) -> [PropagationPath] {
        var paths: [PropagationPath] = []
        paths.reserveCapacity(tracer.maxPathCount + (scatterer?.tileCount ?? 0))
        let ap = scenario.accessPoints[index].position
        tracer.trace(from: ap, to: receiver, into: &paths)
        scatterer?.appendPaths(from: ap, to: receiver, into: &paths)
        return paths
    }

    /// The noise-free features of the MP path from access point `index` to `receiver` (no detection test).
    public func maxPowerPath(accessPoint index: Int, receiver: Vector3) -> FingerprintPathFeatures {
        let paths = paths(accessPoint: index, receiver: receiver)
        let pt = linkBudget.transmitPowerWatts
        let powers = paths.map { pt * linkBudget.pathPowerGain($0) }
        let ap = scenario.accessPoints[index]
        let cosResolution = cos(1 / (Double(ap.elements) * (ap.spacingWavelengths ?? 0.5)))
        let resolution = linkBudget.rangeResolutionMetres
        let wavenumber = 2 * Double.pi / linkBudget.wavelength
        var assigned = [Bool](repeating: false, count: paths.count)
        var best = (power: 0.0, length: 0.0, direction: Vector3.zero, los: false, count: 0)
        for _ in 0..<min(Self.clusterSeeds, paths.count) {
            // The strongest path not yet in a cluster seeds the next one.
            var head = -1
            for i in paths.indices where !assigned[i] && (head < 0 || powers[i] > powers[head]) { head = i }
            guard head >= 0 else { break }
            var re = 0.0, im = 0.0, weight = 0.0, weightedLength = 0.0, weightedDirection = Vector3.zero, count = 0
            let h = paths[head]
            for i in paths.indices where !assigned[i] {
                let p = paths[i]
                guard i == head
                    || (abs(p.lengthMetres - h.lengthMetres) < resolution
                        && p.departureDirection.dot(h.departureDirection) > cosResolution)
                else { continue }
                assigned[i] = true
                let amplitude = powers[i].squareRoot()
                re += amplitude * cos(wavenumber * p.lengthMetres)
                im -= amplitude * sin(wavenumber * p.lengthMetres)
                weight += powers[i]
                weightedLength += powers[i] * p.lengthMetres
                weightedDirection = weightedDirection + p.departureDirection * powers[i]
                count += 1
            }
            let power = count == 1 ? weight : re * re + im * im
            if power > best.power, weight > 0 {
                best = (power, weightedLength / weight, weightedDirection.normalized, h.isLineOfSight, count)
            }
        }
        let elementSNR = linkBudget.energySNR(receivedPowerWatts: best.power)
        let n = Double(scenario.accessPoints[index].elements)
        let globalAzimuth = atan2(best.direction.y, best.direction.x)
        return FingerprintPathFeatures(
            rssDBm: best.power > 0 ? Decibels.dBm(fromWatts: best.power) : -300,
            azimuthRadians: Self.wrapped(globalAzimuth - boresightsRadians[index]),
            elevationRadians: asin(max(-1, min(1, best.direction.z))),
            toaSeconds: best.length / PhysicalConstants.speedOfLightMetresPerSecond,
            elementEnergySNR: elementSNR, arrayEnergySNR: n * elementSNR, isLineOfSight: best.los,
            mergedPathCount: best.count)
    }

    /// The MP path as a device measures it: detection, optional CRLB noise, then `impairments`.
    ///
    /// - Returns: nil when the MP cluster's array SNR is below the detection threshold.
    public func measure(
        accessPoint index: Int, receiver: Vector3, noise: Bool, impairments: FingerprintImpairments = .none,
        using generator: inout some RandomNumberGenerator
    ) -> FingerprintPathFeatures? {
        var f = maxPowerPath(accessPoint: index, receiver: receiver)
        guard f.arrayEnergySNR >= detectionThreshold else { return nil }
        let ap = scenario.accessPoints[index]
        let spacing = ap.spacingWavelengths ?? 0.5
        if noise {
            let rangeStd = CramerRaoBound.rangeStdMetres(
                energySNR: f.arrayEnergySNR, bandwidthHertz: linkBudget.bandwidthHertz)
            func angleStd(_ angle: Double) -> Double {
                CramerRaoBound.angleStdRadians(
                    elementSNR: f.elementEnergySNR, elementCount: ap.elements, spacingWavelengths: spacing,
                    angleRadians: angle)
            }
            let rssStdDB = 20 / log(10.0) / (2 * f.arrayEnergySNR).squareRoot()
            f.toaSeconds += rangeStd / PhysicalConstants.speedOfLightMetresPerSecond * generator.nextGaussian()
            f.azimuthRadians = Self.wrapped(f.azimuthRadians + angleStd(f.azimuthRadians) * generator.nextGaussian())
            f.elevationRadians += angleStd(f.elevationRadians) * generator.nextGaussian()
            f.rssDBm += rssStdDB * generator.nextGaussian()
        }
        return impairments.apply(to: f, accessPoint: index, spacingWavelengths: spacing)
    }

    /// The 4n features of `receiver` in ``featureNames`` order, or nil if any access point misses it.
    public func features(
        at receiver: Vector3, noise: Bool, impairments: FingerprintImpairments = .none,
        using generator: inout some RandomNumberGenerator
    ) -> [Double]? {
        var values: [Double] = []
        values.reserveCapacity(4 * accessPointCount)
        for index in 0..<accessPointCount {
            guard
                let f = measure(
                    accessPoint: index, receiver: receiver, noise: noise, impairments: impairments, using: &generator)
            else { return nil }
            values.append(contentsOf: f.values)
        }
        return values
    }

    /// `angle` wrapped to (−π, π].
    static func wrapped(_ angle: Double) -> Double {
        var a = angle.truncatingRemainder(dividingBy: 2 * Double.pi)
        if a > Double.pi { a -= 2 * Double.pi }
        if a <= -Double.pi { a += 2 * Double.pi }
        return a
    }
}
