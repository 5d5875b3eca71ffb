import Foundation
import RadioScene

/// The reward of one probe: positioning information gain net of motion, minus the probe's cost.
///
/// r_t = ½ ln det P⁺_{t−1} − ½ ln det P⁺_t − cost(a_t), with P⁺ the position block of the tracker's posterior
/// covariance after the previous and after this probe, in nats, each ln det clipped from below at that of a
/// circle of the target's 95 % radius (σ² = target² / χ²₂(0.95) per axis). The return telescopes to the
/// information gained over the episode, up to the target, minus what the probes cost: uncertainty that motion
/// adds is charged to the slot it grows in, so letting it grow and winning it back earns nothing, and nothing
/// is paid for precision beyond the target. A rejected or missed probe earns minus the motion's loss minus its
/// cost. The cost is a fixed charge per probe (its airtime) plus charges per microjoule transmitted and per
/// GHz·µs of spectrum–time (B·T); all come from the scenario. With `kind: error_reduction` the gain term is
/// replaced by the drop in true position error (metres), for comparison.
public struct InformationGainReward: Sendable, Equatable {
    /// Nats charged per probe.
    public var costPerProbe: Double
    /// Nats charged per microjoule of transmitted energy.
    public var costPerMicrojoule: Double
    /// Nats charged per GHz·µs of spectrum–time B·T_probe.
    public var costPerGigahertzMicrosecond: Double
    /// Whether the gain term is the error reduction instead of the information gain.
    public var usesErrorReduction: Bool
    /// ln det of the position covariance at the target: 4·ln(target/√χ²₂(0.95)); lower values earn nothing.
    public var targetLogDet: Double

    /// χ²₂ quantile at 0.95 (the 95 % error circle).
    public static let chiSquare95 = ExtendedKalmanFilter.chiSquare95

    /// Reads the reward settings of `scenario`.
    public init(scenario: Scenario) {
        costPerProbe = scenario.reward.costPerProbe
        costPerMicrojoule = scenario.reward.costPerMicrojoule ?? 0
        costPerGigahertzMicrosecond = scenario.reward.costPerGhzUs ?? 0
        usesErrorReduction = scenario.reward.kind == "error_reduction"
        let sigma2 = scenario.episode.targetAccuracyM * scenario.episode.targetAccuracyM / Self.chiSquare95
        targetLogDet = 2 * log(sigma2)
    }

    /// The cost of a probe that transmitted `energyJoules` over `bandwidthHertz` for `durationSeconds`, nats.
    @inlinable public func cost(energyJoules: Double, bandwidthHertz: Double = 0, durationSeconds: Double = 0) -> Double {
        costPerProbe + costPerMicrojoule * energyJoules * 1e6
            + costPerGigahertzMicrosecond * (bandwidthHertz / 1e9) * (durationSeconds / 1e-6)
    }

    /// The information gain net of motion, nats: ½(max(L_prev, L_target) − max(L_now, L_target)).
    @inlinable
    public func informationGain(previousLogDet: Double, currentLogDet: Double) -> Double {
        0.5 * (max(previousLogDet, targetLogDet) - max(currentLogDet, targetLogDet))
    }

    /// The part of an information gain `gainNats` on a prior of ln det `priorLogDet` that the reward pays: the
    /// gain down to the target and no further (what a planner should maximise).
    @inlinable
    public func payableGain(priorLogDet: Double, gainNats: Double) -> Double {
        informationGain(previousLogDet: priorLogDet, currentLogDet: priorLogDet - 2 * gainNats)
    }

    /// The reward for a probe.
    @inlinable
    public func value(informationGainNats: Double, errorBefore: Double, errorAfter: Double, costNats: Double) -> Double {
        (usesErrorReduction ? errorBefore - errorAfter : informationGainNats) - costNats
    }
}
