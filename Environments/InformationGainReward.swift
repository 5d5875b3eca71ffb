import RadioScene

/// The reward of one probe: positioning information gain minus the probe's cost.
///
/// r = ½ ln det P⁻ − ½ ln det P⁺ − λ·cost(a), with P the position block of the tracker's covariance before and
/// after the update, in nats: for a Gaussian tracker this is the mutual information between the probe's
/// measurement and the position. A rejected measurement gains nothing. The cost is a fixed charge per probe
/// (its airtime) plus a charge per microjoule transmitted; both come from the scenario. With
/// `kind: error_reduction` the gain term is replaced by the drop in true position error (metres), for comparison.
public struct InformationGainReward: Sendable, Equatable {
    /// Nats charged per probe.
    public var costPerProbe: Double
    /// Nats charged per microjoule of transmitted energy.
    public var costPerMicrojoule: Double
    /// Whether the gain term is the error reduction instead of the information gain.
    public var usesErrorReduction: Bool

    /// Reads the reward settings of `scenario`.
    public init(scenario: Scenario) {
        costPerProbe = scenario.reward.costPerProbe
        costPerMicrojoule = scenario.reward.costPerMicrojoule ?? 0
        usesErrorReduction = scenario.reward.kind == "error_reduction"
    }

    /// The cost of a probe that transmitted `energyJoules`, nats.
    @inlinable public func cost(energyJoules: Double) -> Double {
        costPerProbe + costPerMicrojoule * energyJoules * 1e6
    }

    /// The reward for a probe.
    @inlinable
    public func value(informationGainNats: Double, errorBefore: Double, errorAfter: Double, costNats: Double) -> Double {
        (usesErrorReduction ? errorBefore - errorAfter : informationGainNats) - costNats
    }
}
