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
    /// - Returns: received power (watts), power-weighted length (m) and sin θ, whether the cluster's strongest
    ///   member is line of sight, and the number of merged paths. Allocates nothing.
    @inlinable
    public func strongestCluster(
        paths: UnsafeBufferPointer<PropagationPath>, array: UniformLinearArray, steeredFrequency: Double
    ) -> (powerWatts: Double, lengthMetres: Double, frequency: Double, isLineOfSight: Bool, count: Int) {
        let count = min(paths.count, Self.maxPaths)
        return withUnsafeTemporaryAllocation(of: (Double, Double, Double, Bool).self, capacity: count) { buffer in
            // (length, power, sin θ, LoS) per path, sorted by length (insertion sort: ≤ 25 entries).
            let pt = linkBudget.transmitPowerWatts
            for i in 0..<count {
                let p = paths[i]
                let power = pt * array.beamGain(towards: p.departureDirection, steeredFrequency: steeredFrequency)
                    * linkBudget.pathPowerGain(p)
                var j = i
                let entry = (p.lengthMetres, power, array.spatialFrequency(of: p.departureDirection), p.isLineOfSight)
                while j > 0 && buffer[j - 1].0 > entry.0 {
                    buffer[j] = buffer[j - 1]
                    j -= 1
                }
                buffer[j] = entry
            }
            let resolution = linkBudget.rangeResolutionMetres
            let wavenumber = 2 * Double.pi / linkBudget.wavelength
            var best = (powerWatts: 0.0, lengthMetres: 0.0, frequency: 0.0, isLineOfSight: false, count: 0)
            var start = 0
            while start < count {
                var end = start + 1
                while end < count && buffer[end].0 - buffer[start].0 < resolution { end += 1 }
                var power = buffer[start].1
                var length = buffer[start].0
                var frequency = buffer[start].2
                var los = buffer[start].3
                if end - start > 1 {
                    // Unresolved paths add coherently; the estimate lands on their power-weighted centroid.
                    var re = 0.0, im = 0.0, weight = 0.0, weightedLength = 0.0, weightedFrequency = 0.0
                    var strongest = 0.0
                    for k in start..<end {
                        let (d, pk, u, isLoS) = buffer[k]
                        let amplitude = pk.squareRoot()
                        re += amplitude * cos(wavenumber * d)
                        im -= amplitude * sin(wavenumber * d)
                        weight += pk
                        weightedLength += pk * d
                        weightedFrequency += pk * u
                        if pk > strongest {
                            strongest = pk
                            los = isLoS
                        }
                    }
                    power = re * re + im * im
                    length = weight > 0 ? weightedLength / weight : length
                    frequency = weight > 0 ? weightedFrequency / weight : frequency
                }
                if power > best.powerWatts {
                    best = (power, length, frequency, los, end - start)
                }
                start = end
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
        let rssDBm = cluster.powerWatts > 0 ? Decibels.dBm(fromWatts: cluster.powerWatts) : -300
        let snrDB = snr > 0 ? Decibels.dB(fromLinear: snr) : -300
        guard snr >= detectionThreshold else { return .missed(rssDBm: rssDBm, energySNRdB: snrDB) }
        let angle = asin(max(-1, min(1, cluster.frequency)))
        let rangeStd = CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: linkBudget.bandwidthHertz)
        let angleStd = CramerRaoBound.angleStdRadians(
            energySNR: snr, elementCount: array.elementCount, spacingWavelengths: array.spacingWavelengths,
            angleRadians: angle)
        let range = cluster.lengthMetres + clockBiasMetres + rangeStd * generator.nextGaussian()
        let measuredAngle = angle + angleStd * generator.nextGaussian()
        return ProbeMeasurement(
            detected: true, rangeMetres: range, angleRadians: measuredAngle, rssDBm: rssDBm, energySNRdB: snrDB,
            rangeStdMetres: rangeStd, angleStdRadians: angleStd, isLineOfSight: cluster.isLineOfSight,
            mergedPathCount: cluster.count)
    }
}
