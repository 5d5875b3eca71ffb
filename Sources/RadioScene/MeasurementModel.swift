import Foundation
import GymCore

/// Turns the multipath channel of one beamformed probe into a noisy range/angle/RSS measurement.
///
/// Each path gets the beam's gain towards its departure direction; paths whose lengths differ by less than
/// the resolution c/B merge into one cluster (coherent sum of their amplitudes, power-weighted range and
/// angle, so merging biases the estimate); the receiver detects the strongest cluster if its energy SNR
/// passes the threshold, and reports its range and angle with Gaussian noise at the Cramér–Rao bound.
/// When the strongest cluster is a reflection the report is biased (NLoS), exactly as in reality.
public struct MeasurementModel: Sendable, Equatable {
    /// The link budget (powers, bandwidth, carrier, noise).
    public var linkBudget: LinkBudget
    /// Detection threshold on the probe's energy SNR, linear.
    public var detectionThreshold: Double
    /// Receiver clock bias as a range offset, metres (impairment: c × bias in seconds).
    public var clockBiasMetres: Double

    /// The most paths one probe can see (second-order image method).
    public static let maxPaths = 32

    /// Creates a measurement model.
    public init(linkBudget: LinkBudget, detectionThresholdDB: Double, clockBiasSeconds: Double = 0) {
        self.linkBudget = linkBudget
        detectionThreshold = Decibels.linear(fromDB: detectionThresholdDB)
        clockBiasMetres = clockBiasSeconds * PhysicalConstants.speedOfLightMetresPerSecond
    }

    /// The strongest resolvable cluster of `paths` for a probe with beam `steeredFrequency` of `array`.
    ///
    /// Two paths are resolvable when their lengths differ by at least c/B *or* their directions by at least the
    /// array's resolution in sin θ, 2/(N·2d/λ) (the Rayleigh limit). Unresolvable paths merge: their amplitudes
    /// add coherently and the estimate lands on their power-weighted centroid, which biases it.
    ///
    /// - Returns: received power (watts), power-weighted length (m) and sin θ, whether the cluster's strongest
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
        return withUnsafeTemporaryAllocation(of: PathCluster.self, capacity: count) { clusters in
            var clusterCount = 0
            for i in 0..<count {
                let p = paths[i]
                let power = pt * array.beamGain(towards: p.departureDirection, steeredFrequency: steeredFrequency)
                    * linkBudget.pathPowerGain(p)
                let u = array.spatialFrequency(of: p.departureDirection)
                var merged = false
                for c in 0..<clusterCount
                where abs(clusters[c].anchorLength - p.lengthMetres) < resolution
                    && abs(clusters[c].anchorFrequency - u) < angularResolution
                {
                    clusters[c].add(length: p.lengthMetres, power: power, frequency: u, lineOfSight: p.isLineOfSight,
                                    wavenumber: wavenumber)
                    merged = true
                    break
                }
                if !merged {
                    clusters[clusterCount] = PathCluster(
                        length: p.lengthMetres, power: power, frequency: u, lineOfSight: p.isLineOfSight,
                        wavenumber: wavenumber)
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

    /// Measures one probe: detection, then range and angle with Cramér–Rao-bound Gaussian noise.
    @inlinable
    public func measure(
        paths: UnsafeBufferPointer<PropagationPath>, array: UniformLinearArray, steeredFrequency: Double,
        using generator: inout some RandomNumberGenerator
    ) -> ProbeMeasurement {
        let cluster = strongestCluster(paths: paths, array: array, steeredFrequency: steeredFrequency)
        let snr = linkBudget.energySNR(receivedPowerWatts: cluster.powerWatts)
        let snrDB = snr > 0 ? Decibels.dB(fromLinear: snr) : -300
        guard snr >= detectionThreshold else { return .missed(receivedPowerWatts: cluster.powerWatts, energySNRdB: snrDB) }
        let angle = asin(max(-1, min(1, cluster.frequency)))
        let rangeStd = CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: linkBudget.bandwidthHertz)
        let angleStd = CramerRaoBound.angleStdRadians(
            energySNR: snr, elementCount: array.elementCount, spacingWavelengths: array.spacingWavelengths,
            angleRadians: angle)
        let (rangeNoise, angleNoise) = generator.nextGaussianPair()
        let range = cluster.lengthMetres + clockBiasMetres + rangeStd * rangeNoise
        let measuredAngle = angle + angleStd * angleNoise
        return ProbeMeasurement(
            detected: true, rangeMetres: range, angleRadians: measuredAngle, receivedPowerWatts: cluster.powerWatts,
            energySNRdB: snrDB,
            rangeStdMetres: rangeStd, angleStdRadians: angleStd, isLineOfSight: cluster.isLineOfSight,
            mergedPathCount: cluster.count)
    }
}
