// ActorCritic: CleanRL's PPO loss on one minibatch, with its gradients with respect to logπ, H and V.

/// CleanRL's PPO minibatch loss, computed in `Double`, and its gradients with respect to the network outputs.
///
/// `loss = mean(max(−Â·ρ, −Â·clip(ρ, 1 − ε, 1 + ε))) − c_ent·mean(H) + c_vf·½·mean(max((V − R)², (V_clip − R)²))`
/// with `ρ = exp(logπ − logπ_old)` and `V_clip = V_old + clip(V − V_old, −ε, ε)` (the value term is the plain
/// `½·mean((V − R)²)` when value clipping is off). A2C is the special case of one step at `ρ = 1` without clipping:
/// its policy loss `−mean(Â·logπ)` has the same gradient as the surrogate there.
struct PPOObjective {
    /// The surrogate clip ε.
    var clipCoef: Double
    /// Whether the value loss is clipped.
    var clipValueLoss: Bool
    /// The entropy weight.
    var entropyCoefficient: Double
    /// The value-loss weight.
    var valueCoefficient: Double

    /// The loss terms, diagnostics and gradients of one minibatch.
    struct Result {
        var loss = 0.0
        var policyLoss = 0.0
        var valueLoss = 0.0
        var entropy = 0.0
        var oldApproxKL = 0.0
        var approxKL = 0.0
        var clippedCount = 0
        var gradLogProb: [Float] = []
        var gradEntropy: [Float] = []
        var gradValues: [Float] = []
    }

    /// Evaluates the loss and its gradients.
    /// - Parameters:
    ///   - logProb: `logπ(a|s)` under the current parameters.
    ///   - entropy: `H(π(·|s))` under the current parameters.
    ///   - values: `V(s)` under the current parameters.
    ///   - oldLogProb: `logπ_old(a|s)` from the rollout.
    ///   - oldValues: `V_old(s)` from the rollout.
    ///   - advantages: `Â`, already normalised if configured.
    ///   - returns: the critic's targets `R`.
    ///   - normalizer: The `n` of the means (default: the number of rows given; a shard of a minibatch passes the
    ///     minibatch's size, so that the shards' terms and gradients add up to the minibatch's).
    func evaluate(
        logProb: [Float], entropy: [Float], values: [Float], oldLogProb: [Float], oldValues: [Float],
        advantages: [Float], returns: [Float], normalizer: Int? = nil
    ) -> Result {
        let count = logProb.count
        let n = Double(max(normalizer ?? count, 1))
        var result = Result()
        result.gradLogProb = [Float](repeating: 0, count: count)
        result.gradEntropy = [Float](repeating: Float(-entropyCoefficient / n), count: count)
        result.gradValues = [Float](repeating: 0, count: count)
        for b in 0 ..< count {
            let logRatio = Double(logProb[b]) - Double(oldLogProb[b])
            let ratio = exp(logRatio)
            result.oldApproxKL += -logRatio / n
            result.approxKL += ((ratio - 1) - logRatio) / n
            if abs(ratio - 1) > clipCoef { result.clippedCount += 1 }

            let a = Double(advantages[b])
            let unclipped = -a * ratio
            let clipped = -a * min(max(ratio, 1 - clipCoef), 1 + clipCoef)
            result.policyLoss += max(unclipped, clipped) / n
            if unclipped >= clipped { result.gradLogProb[b] = Float(-a * ratio / n) }

            let v = Double(values[b]), r = Double(returns[b]), old = Double(oldValues[b])
            let error = v - r
            if clipValueLoss {
                let vClipped = old + min(max(v - old, -clipCoef), clipCoef)
                let clippedError = vClipped - r
                if error * error >= clippedError * clippedError {
                    result.valueLoss += 0.5 * error * error / n
                    result.gradValues[b] = Float(valueCoefficient * error / n)
                } else {
                    result.valueLoss += 0.5 * clippedError * clippedError / n
                    let inside = abs(v - old) < clipCoef
                    result.gradValues[b] = inside ? Float(valueCoefficient * clippedError / n) : 0
                }
            } else {
                result.valueLoss += 0.5 * error * error / n
                result.gradValues[b] = Float(valueCoefficient * error / n)
            }
            result.entropy += Double(entropy[b]) / n
        }
        result.loss = result.policyLoss - entropyCoefficient * result.entropy + valueCoefficient * result.valueLoss
        return result
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
