import Foundation
import GymCore

/// The receiver of one beamformed probe: turns its multipath channel into what the receiver can report.
///
/// Each path gets the beam's gain towards its departure direction (a digital receiver combines all elements
/// towards it instead); paths closer than the resolution c/B in range and the Rayleigh limit in angle merge
/// into one cluster (coherent sum of their complex amplitudes, power-weighted range and angle, so merging biases
/// the estimate); the cluster's power fades (``RicianFading``); the receiver detects the strongest cluster if its
/// measured energy SNR passes the threshold; near the threshold the estimate can be an outlier
/// (``ThresholdOutliers``). What a detection reports depends on the ``ReceiverArchitecture``: always the range
/// (round-trip time, so clock offsets cancel — 5G NR multi-RTT, 3GPP TS 38.305 §8.10) and the measured SNR; an
/// angle only where the architecture can tell one. Reported standard deviations are the Cramér–Rao bounds at
/// the measured SNR, plus in quadrature a floor of `rangeFloorFraction`·c/B and `angleFloorFraction`/(n·d/λ) for
/// the bias that unresolved multipath leaves (the noise drawn is the bound's alone: the bias is in the merge).
/// When the strongest cluster is a reflection the report is biased (NLoS), exactly as in reality.
public struct MeasurementModel: Sendable, Equatable {
    /// The link budget (powers, bandwidth, carrier, noise).
    public var linkBudget: LinkBudget
    /// Detection threshold on the probe's energy SNR, linear.
    public var detectionThreshold: Double
    /// Analog monopulse or digital.
    public var receiver: ReceiverArchitecture
    /// Small-scale fading of the detected cluster.
    public var fading: RicianFading
    /// The threshold effect.
    public var outliers: ThresholdOutliers
    /// Range floor as a fraction of the resolution c/B.
    public var rangeFloorFraction: Double
    /// Angle floor (in sin θ) as a fraction of the aperture's resolution 1/(n·d/λ).
    public var angleFloorFraction: Double

    /// The most paths one probe can see (second-order image method).
    public static let maxPaths = 32
    /// Outlier probability above which a detection is too unreliable to start a track on.
    public static let maximumInitialisationOutlierProbability = 1e-3

    /// Creates a measurement model.
    public init(
        linkBudget: LinkBudget, detectionThresholdDB: Double, receiver: ReceiverArchitecture = .analogMonopulse,
        fading: RicianFading = .none, outliers: ThresholdOutliers = ThresholdOutliers(windowMetres: 0),
        rangeFloorFraction: Double = 0, angleFloorFraction: Double = 0
    ) {
        self.linkBudget = linkBudget
        detectionThreshold = Decibels.linear(fromDB: detectionThresholdDB)
        self.receiver = receiver
        self.fading = fading
        self.outliers = outliers
        self.rangeFloorFraction = rangeFloorFraction
        self.angleFloorFraction = angleFloorFraction
    }

    /// The strongest resolvable cluster of `paths` for a probe with beam `steeredFrequency` of `array`.
    ///
    /// Two paths are resolvable when their lengths differ by at least c/B *or* their directions by at least the
    /// array's resolution in sin θ, 2/(N·2d/λ) (the Rayleigh limit). Unresolvable paths merge: their complex
    /// amplitudes add and the estimate lands on their power-weighted centroid, which biases it. A digital receiver
    /// weights every path by the full array gain N (it combines towards each path) instead of the beam's pattern.
    ///
    /// - Returns: mean received power (watts), power-weighted length (m) and sin θ, whether the cluster's strongest
    ///   member is line of sight, and the number of merged paths. Allocates nothing.
    @inlinable
    public func strongestCluster(
        paths: UnsafeBufferPointer<PropagationPath>, array: UniformLinearArray, steeredFrequency: Double
    ) -> (powerWatts: Double, lengthMetres: Double, frequency: Double, isLineOfSight: Bool, count: Int) {
        let count = min(paths.count, Self.maxPaths)
        let resolution = linkBudget.rangeResolutionMetres
        let angularResolution = 1 / (Double(array.elementCount) * array.spacingWavelengths)
        let wavenumber = 2 * Double.pi / linkBudget.wavelength
        let pt = linkBudget.transmitPowerWatts
        let digital = receiver == .digital
        let n = Double(array.elementCount)
        return withUnsafeTemporaryAllocation(of: PathCluster.self, capacity: count) { clusters in
            var clusterCount = 0
            // The analog beam's gains four paths at a time (their sines share vector registers), same bits.
            var beamGains = SIMD4<Double>()
            for i in 0..<count {
                let p = paths[i]
                if !digital && i % 4 == 0 {
                    beamGains = array.beamGains(
                        towards: UnsafeBufferPointer(rebasing: paths[..<count]), first: i,
                        steeredFrequency: steeredFrequency)
                }
                let gain = digital
                    ? n * array.elementGain(towards: p.departureDirection)
                    : beamGains[i % 4]
                let power = pt * gain * linkBudget.pathPowerGain(p)
                let u = array.spatialFrequency(of: p.departureDirection)
                var merged = false
                for c in 0..<clusterCount
                where abs(clusters[c].anchorLength - p.lengthMetres) < resolution
                    && abs(clusters[c].anchorFrequency - u) < angularResolution
                {
                    clusters[c].add(length: p.lengthMetres, power: power, frequency: u, lineOfSight: p.isLineOfSight,
                                    wavenumber: wavenumber, phaseCosine: p.reflectionPhaseCosine,
                                    phaseSine: p.reflectionPhaseSine)
                    merged = true
                    break
                }
                if !merged {
                    clusters[clusterCount] = PathCluster(
                        length: p.lengthMetres, power: power, frequency: u, lineOfSight: p.isLineOfSight,
                        wavenumber: wavenumber, phaseCosine: p.reflectionPhaseCosine,
                        phaseSine: p.reflectionPhaseSine)
                    clusterCount += 1
                }
            }
            var best = (powerWatts: 0.0, lengthMetres: 0.0, frequency: 0.0, isLineOfSight: false, count: 0)
            for c in 0..<clusterCount {
                let cluster = clusters[c]
                let power = cluster.coherentPower
                if power > best.powerWatts {
                    best = (power, cluster.weightedLength / cluster.weight, cluster.weightedFrequency / cluster.weight,
                            cluster.strongestIsLineOfSight, cluster.count)
                }
            }
            return best
        }
    }

    /// Half-width in sin θ of the monopulse linear region of an n-element beam: 1/(2n·d/λ).
    @inlinable
    public static func monopulseHalfWidth(elementCount: Int, spacingWavelengths: Double) -> Double {
        0.5 / (Double(elementCount) * spacingWavelengths)
    }

    /// Whether a path at sin θ = `frequency` lies in the main lobe of a beam steered to `steeredFrequency` by an
    /// aperture of `elementCount` elements spaced `spacingWavelengths`: |Δ sin θ| < 1/(n·d/λ), the first null.
    @inlinable
    public static func mainLobeCovers(
        frequency: Double, steeredFrequency: Double, elementCount: Int, spacingWavelengths: Double
    ) -> Bool {
        abs(frequency - steeredFrequency) < 1 / (Double(elementCount) * spacingWavelengths)
    }

    /// The bound of u = sin θ at measured energy SNR `snr` (no floor), or nil when this receiver reports no
    /// angle for a path at `frequency` probed with a beam steered to `steeredFrequency` by an aperture of
    /// `elementCount` elements spaced `spacingWavelengths`.
    @inlinable
    public func spatialFrequencyBound(
        energySNR snr: Double, frequency: Double, steeredFrequency: Double, elementCount: Int,
        spacingWavelengths: Double
    ) -> Double? {
        guard elementCount >= 2 else { return nil }
        switch receiver {
        case .analogMonopulse:
            let half = Self.monopulseHalfWidth(elementCount: elementCount, spacingWavelengths: spacingWavelengths)
            guard abs(frequency - steeredFrequency) <= half else { return nil }
            return CramerRaoBound.monopulseSpatialFrequencyStd(
                beamSNR: snr, elementCount: elementCount, spacingWavelengths: spacingWavelengths)
        case .digital:
            return CramerRaoBound.spatialFrequencyStd(
                elementSNR: snr / Double(elementCount), elementCount: elementCount,
                spacingWavelengths: spacingWavelengths)
        }
    }

    /// The range floor, metres: `rangeFloorFraction`·c/B.
    @inlinable public var rangeFloorMetres: Double { rangeFloorFraction * linkBudget.rangeResolutionMetres }

    /// The standard deviations a detection at energy SNR `snr` reports: range (m) and angle (rad; ∞ when the
    /// receiver reports no angle), each the bound ⊕ the floor (`angleFloorFraction`/(n·d/λ) in sin θ). The
    /// tracker and the planners use the same.
    @inlinable
    public func reportedStds(
        energySNR snr: Double, frequency: Double, steeredFrequency: Double, elementCount: Int,
        spacingWavelengths: Double
    ) -> (rangeMetres: Double, angleRadians: Double) {
        reportedStds(
            rangeBound: CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: linkBudget.bandwidthHertz),
            spatialFrequencyBound: spatialFrequencyBound(
                energySNR: snr, frequency: frequency, steeredFrequency: steeredFrequency, elementCount: elementCount,
                spacingWavelengths: spacingWavelengths),
            frequency: frequency, elementCount: elementCount, spacingWavelengths: spacingWavelengths)
    }

    /// The reported standard deviations from the bounds themselves (range m; u = sin θ, nil: no angle).
    @inlinable
    func reportedStds(
        rangeBound: Double, spatialFrequencyBound uBound: Double?, frequency: Double, elementCount: Int,
        spacingWavelengths: Double
    ) -> (rangeMetres: Double, angleRadians: Double) {
        let rangeFloor = rangeFloorMetres
        let range = (rangeBound * rangeBound + rangeFloor * rangeFloor).squareRoot()
        guard let uBound else { return (range, .infinity) }
        let uFloor = angleFloorFraction / (Double(elementCount) * spacingWavelengths)
        let u = (uBound * uBound + uFloor * uFloor).squareRoot()
        let angle = asin(max(-1, min(1, frequency)))
        return (range, CramerRaoBound.angleStdRadians(spatialFrequencyStd: u, angleRadians: angle))
    }

    /// The floors alone, the multipath-bias part of the reported stds: range (m) and angle (rad; 0 without an
    /// angle). The tracker treats them as the prior stds of a bias that persists over a link's probes.
    @inlinable
    public func biasStds(
        hasAngle: Bool, frequency: Double, elementCount: Int, spacingWavelengths: Double
    ) -> (rangeMetres: Double, angleRadians: Double) {
        guard hasAngle else { return (rangeFloorMetres, 0) }
        let uFloor = angleFloorFraction / (Double(elementCount) * spacingWavelengths)
        let angle = asin(max(-1, min(1, frequency)))
        return (rangeFloorMetres, CramerRaoBound.angleStdRadians(spatialFrequencyStd: uFloor, angleRadians: angle))
    }

    /// ``reportedStds(rangeBound:spatialFrequencyBound:frequency:elementCount:spacingWavelengths:)`` and the
    /// floors alone (``biasStds(hasAngle:frequency:elementCount:spacingWavelengths:)``), one cosine for both.
    @inlinable
    func reportedStdsAndBiases(
        rangeBound: Double, spatialFrequencyBound uBound: Double?, frequency: Double, elementCount: Int,
        spacingWavelengths: Double
    ) -> (rangeMetres: Double, angleRadians: Double, rangeBiasMetres: Double, angleBiasRadians: Double) {
        let rangeFloor = rangeFloorMetres
        let range = (rangeBound * rangeBound + rangeFloor * rangeFloor).squareRoot()
        guard let uBound else { return (range, .infinity, rangeFloor, 0) }
        let uFloor = angleFloorFraction / (Double(elementCount) * spacingWavelengths)
        let u = (uBound * uBound + uFloor * uFloor).squareRoot()
        let angle = asin(max(-1, min(1, frequency)))
        let cosine = max(abs(cos(angle)), CramerRaoBound.minimumCosine)
        return (range, u / cosine, rangeFloor, uFloor / cosine)
    }

    /// ``reportedStds(energySNR:frequency:steeredFrequency:elementCount:spacingWavelengths:)`` of `array`.
    @inlinable
    public func reportedStds(
        energySNR snr: Double, frequency: Double, steeredFrequency: Double, array: UniformLinearArray
    ) -> (rangeMetres: Double, angleRadians: Double) {
        reportedStds(
            energySNR: snr, frequency: frequency, steeredFrequency: steeredFrequency,
            elementCount: array.elementCount, spacingWavelengths: array.spacingWavelengths)
    }

    /// Measures one probe through `array`, its link's power scaled by `powerGain` (its shadowing,
    /// ``LogNormalShadowing``): the strongest cluster, then ``measure(meanPowerWatts:lengthMetres:frequency:isLineOfSight:mergedPathCount:steeredFrequency:elementCount:spacingWavelengths:using:)``.
    @inlinable
    public func measure(
        paths: UnsafeBufferPointer<PropagationPath>, array: UniformLinearArray, steeredFrequency: Double,
        powerGain: Double = 1, using generator: inout some RandomNumberGenerator
    ) -> ProbeMeasurement {
        let cluster = strongestCluster(paths: paths, array: array, steeredFrequency: steeredFrequency)
        return measure(
            meanPowerWatts: cluster.powerWatts * powerGain, lengthMetres: cluster.lengthMetres, frequency: cluster.frequency,
            isLineOfSight: cluster.isLineOfSight, mergedPathCount: cluster.count, steeredFrequency: steeredFrequency,
            elementCount: array.elementCount, spacingWavelengths: array.spacingWavelengths, using: &generator)
    }

    /// Measures one detected component of mean power `meanPowerWatts`, length `lengthMetres` and direction
    /// sin θ = `frequency`, seen through a beam steered to `steeredFrequency` of an aperture of `elementCount`
    /// elements: fading, detection, outliers, then range (and angle where the receiver gives one) with
    /// Cramér–Rao-bound Gaussian noise.
    @inlinable
    public func measure(
        meanPowerWatts: Double, lengthMetres: Double, frequency: Double, isLineOfSight: Bool, mergedPathCount: Int,
        steeredFrequency: Double, elementCount: Int, spacingWavelengths: Double,
        using generator: inout some RandomNumberGenerator
    ) -> ProbeMeasurement {
        let k = isLineOfSight ? fading.lineOfSightK : fading.nonLineOfSightK
        let received = meanPowerWatts * RicianFading.powerGain(k: k, using: &generator)
        let snr = linkBudget.energySNR(receivedPowerWatts: received)
        let snrDB = snr > 0 ? Decibels.dB(fromLinear: snr) : -300
        guard snr >= detectionThreshold else { return .missed(receivedPowerWatts: received, energySNRdB: snrDB) }
        let resolution = linkBudget.rangeResolutionMetres
        let outlierProbability = outliers.probability(energySNR: snr, resolutionMetres: resolution)
        let isOutlier = outlierProbability > 1e-12 && generator.nextUnitDouble() < outlierProbability
        let (rangeNoise, angleNoise) = generator.nextGaussianPair()
        let rangeBound = CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: linkBudget.bandwidthHertz)
        let range = isOutlier
            ? outliers.windowMetres * generator.nextUnitDouble() : lengthMetres + rangeBound * rangeNoise
        let uBound = spatialFrequencyBound(
            energySNR: snr, frequency: frequency, steeredFrequency: steeredFrequency, elementCount: elementCount,
            spacingWavelengths: spacingWavelengths)
        let stds = reportedStdsAndBiases(
            rangeBound: rangeBound, spatialFrequencyBound: uBound, frequency: frequency, elementCount: elementCount,
            spacingWavelengths: spacingWavelengths)
        var measuredAngle = 0.0
        if let uBound {
            let u: Double
            if isOutlier {
                let digital = receiver == .digital
                let half = digital
                    ? 1 : Self.monopulseHalfWidth(elementCount: elementCount, spacingWavelengths: spacingWavelengths)
                u = (digital ? 0 : steeredFrequency) + (2 * generator.nextUnitDouble() - 1) * half
            } else {
                u = frequency + uBound * angleNoise
            }
            measuredAngle = asin(max(-1, min(1, u)))
        }
        return ProbeMeasurement(
            detected: true, rangeMetres: range, angleRadians: measuredAngle, receivedPowerWatts: received,
            energySNRdB: snrDB, rangeStdMetres: stds.rangeMetres, angleStdRadians: stds.angleRadians,
            isLineOfSight: isLineOfSight, mergedPathCount: mergedPathCount,
            outlierProbability: outlierProbability, isOutlier: isOutlier, rangeBiasStdMetres: stds.rangeBiasMetres,
            angleBiasStdRadians: stds.angleBiasRadians)
    }
}
