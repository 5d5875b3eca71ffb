import GymCore
import RadioScene

/// The search phase of the model-based baselines: before the tracker has a fix, the belief is a cloud of
/// hypothetical user positions spread uniformly over the user area, each with the Fisher information every
/// action would give there. A probe that yields no usable measurement (nothing detected, rejected, or set aside)
/// down-weights the hypotheses under which it would have (negative information, which the Gaussian tracker
/// cannot hold), and the next probe is the one of highest expected ½ ln det(I + P·J) over the weighted cloud.
struct HypothesisSearch {
    /// Weight kept by a hypothesis under which a probe that missed would have been usable.
    static let missLikelihood = 0.02

    private var weights: [Double] = []
    /// Per hypothesis h and action a (index h·A + a): the predicted Fisher information (zero: not usable).
    private var information: [FisherInformation.Symmetric2] = []
    private var actionCount = 0

    /// Draws `count` hypotheses over `area` with `generator` and predicts every action at each with `predict`.
    mutating func reset(
        count: Int, area: (lower: SIMD2<Double>, upper: SIMD2<Double>), actionCount: Int,
        using generator: inout Xoshiro256StarStar,
        predict: (_ action: Int, _ x: Double, _ y: Double) -> FisherInformation.Symmetric2
    ) {
        self.actionCount = actionCount
        weights = [Double](repeating: 1, count: count)
        information.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            let h = area.lower + (area.upper - area.lower) * SIMD2(generator.nextUnitDouble(), generator.nextUnitDouble())
            for a in 0..<actionCount { information.append(predict(a, h[0], h[1])) }
        }
    }

    /// Down-weights the hypotheses under which `action`, which yielded nothing usable, would have been usable.
    mutating func observeMiss(action: Int) {
        for h in weights.indices where information[h * actionCount + action].a > 0 {
            weights[h] *= Self.missLikelihood
        }
    }

    /// The share of the hypotheses' weight under which each action would be usable, into `values` (0 when every
    /// hypothesis has been ruled out): the probability, given the misses so far, that the action yields a fix.
    func usableShares(into values: inout [Double]) {
        var total = 0.0
        for h in weights.indices {
            total += weights[h]
            for a in 0..<actionCount where information[h * actionCount + a].a > 0 { values[a] += weights[h] }
        }
        guard total > 0 else { return }
        for a in 0..<actionCount { values[a] /= total }
    }

    /// The expected information gain of every action on prior `prior` over the weighted hypotheses, into `values`.
    func expectedGains(prior: FisherInformation.Symmetric2, into values: inout [Double]) {
        for h in weights.indices where weights[h] > 1e-9 {
            for a in 0..<actionCount {
                let j = information[h * actionCount + a]
                if j.a > 0 { values[a] += weights[h] * FisherInformation.informationGain(prior: prior, information: j) }
            }
        }
    }
}
