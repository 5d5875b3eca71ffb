// NeuralNet: the Adam optimizer.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Adam (Kingma & Ba, 2015) with PyTorch's update arithmetic and CleanRL's PPO defaults.
///
/// Each ``step()`` reads every parameter's `grad` and updates `value`:
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `value ← value − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)`.
/// Gradients are not cleared; call ``ParameterSet/zeroGrad()`` before the next backward pass.
///
/// ```swift
/// let adam = Adam(parameters: all, learningRate: 2.5e-4)
/// adam.learningRate = 2.5e-4 * (1 - Float(update) / Float(updates))   // annealing
/// adam.step()
/// ```
public final class Adam {
    /// The parameters this optimizer updates.
    public let parameters: ParameterSet
    /// The step size; settable between steps for annealing.
    public var learningRate: Float
    /// The decay of the first-moment estimate (kept in `Double`, as PyTorch keeps its hyperparameters).
    public let beta1: Double
    /// The decay of the second-moment estimate (kept in `Double`, so `1 − β₂` is exact before rounding to `Float`).
    public let beta2: Double
    /// The term added to the denominator for numerical stability (1e-5 as CleanRL's PPO).
    public let epsilon: Float
    /// The number of steps taken so far (the `t` of the bias corrections).
    public private(set) var stepCount: Int = 0
    /// The first-moment estimates, one array per parameter in ``parameters`` order.
    public private(set) var firstMoments: [[Float]]
    /// The second-moment estimates, one array per parameter in ``parameters`` order.
    public private(set) var secondMoments: [[Float]]

    /// Creates an optimizer with zero moments.
    /// - Parameters:
    ///   - parameters: The parameters to update.
    ///   - learningRate: The step size (CleanRL PPO: 2.5e-4 discrete, 3e-4 continuous).
    ///   - beta1: First-moment decay, default 0.9.
    ///   - beta2: Second-moment decay, default 0.999.
    ///   - epsilon: Denominator term, default 1e-5.
    public init(
        parameters: ParameterSet, learningRate: Float, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Float = 1e-5
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoments = parameters.entries.map { [Float](repeating: 0, count: $0.parameter.count) }
        secondMoments = firstMoments
    }

    /// Applies one update to every parameter from its current gradient.
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        let stepSize = Float(Double(learningRate) / (1 - pow(beta1, t)))
        let correction2Sqrt = Float((1 - pow(beta2, t)).squareRoot())
        let (b1, oneMinusB1) = (Float(beta1), Float(1 - beta1))
        let (b2, oneMinusB2) = (Float(beta2), Float(1 - beta2))
        let eps = epsilon
        for (index, entry) in parameters.entries.enumerated() {
            let parameter = entry.parameter
            firstMoments[index].withUnsafeMutableBufferPointer { m in
                secondMoments[index].withUnsafeMutableBufferPointer { v in
                    parameter.grad.withUnsafeBufferPointer { g in
                        parameter.value.withUnsafeMutableBufferPointer { p in
                            guard let mp = m.baseAddress, let vp = v.baseAddress, let gp = g.baseAddress,
                                let pp = p.baseAddress
                            else { return }
                            // Eight lanes at a time; each lane does the scalar tail's operations in the same order
                            // (IEEE sqrt and division are exact-rounded), so the split changes no bit.
                            var i = 0
                            while i + 8 <= p.count {
                                let gi = Kernels.load8(gp + i)
                                let mi = b1 * Kernels.load8(mp + i) + oneMinusB1 * gi
                                let vi = b2 * Kernels.load8(vp + i) + oneMinusB2 * gi * gi
                                Kernels.store8(mi, mp + i)
                                Kernels.store8(vi, vp + i)
                                let denominator = vi.squareRoot() / correction2Sqrt + eps
                                Kernels.store8(Kernels.load8(pp + i) - stepSize * mi / denominator, pp + i)
                                i += 8
                            }
                            while i < p.count {
                                let gi = gp[i]
                                mp[i] = b1 * mp[i] + oneMinusB1 * gi
                                vp[i] = b2 * vp[i] + oneMinusB2 * gi * gi
                                let denominator = vp[i].squareRoot() / correction2Sqrt + eps
                                pp[i] -= stepSize * mp[i] / denominator
                                i += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Replaces the moments and step count, e.g. from a checkpoint.
    /// - Parameters:
    ///   - stepCount: The number of steps already taken.
    ///   - firstMoments: One array per parameter, matching counts.
    ///   - secondMoments: One array per parameter, matching counts.
    /// - Throws: ``CheckpointError/shapeMismatch(name:expected:found:)`` if a count differs.
    public func restore(stepCount: Int, firstMoments: [[Float]], secondMoments: [[Float]]) throws {
        for (index, entry) in parameters.entries.enumerated() {
            let expected = [entry.parameter.count]
            let m = index < firstMoments.count ? [firstMoments[index].count] : [0]
            let v = index < secondMoments.count ? [secondMoments[index].count] : [0]
            if m != expected { throw CheckpointError.shapeMismatch(name: "adam.m.\(entry.name)", expected: expected, found: m) }
            if v != expected { throw CheckpointError.shapeMismatch(name: "adam.v.\(entry.name)", expected: expected, found: v) }
        }
        self.stepCount = stepCount
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }
}
