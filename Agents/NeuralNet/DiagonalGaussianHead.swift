// NeuralNet: the diagonal-Gaussian action distribution for Box action spaces.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A diagonal Gaussian `N(mean, diag(exp(logStd))²)` whose mean comes from the network and whose `logStd` is a
/// learnable, state-independent parameter (CleanRL's `actor_logstd`, initialised to 0).
///
/// Log-probabilities and entropies are summed over action dimensions. ``gradient(mean:actions:gradLogProb:gradEntropy:)``
/// returns the gradient with respect to the mean and accumulates the one for `logStd` into ``logStd``'s `grad`.
///
/// ```swift
/// let head = DiagonalGaussianHead(actionDimension: 2)
/// let mean = actor.forward(observations)                         // [batch, 2]
/// let actions = head.sample(mean: mean, using: &rng)             // [batch, 2]
/// ```
public final class DiagonalGaussianHead {
    /// The number of action dimensions.
    public let actionDimension: Int
    /// The log standard deviation per dimension, shape `[actionDimension]`.
    public let logStd: Parameter

    private static let halfLogTwoPi: Float = 0.5 * logf(2 * Float.pi)

    /// Creates a head with every `logStd` set to `initialLogStd`.
    /// - Parameters:
    ///   - actionDimension: The number of action dimensions.
    ///   - initialLogStd: The initial log standard deviation (0 in CleanRL).
    public init(actionDimension: Int, initialLogStd: Float = 0) {
        precondition(actionDimension > 0, "DiagonalGaussianHead needs a positive dimension")
        self.actionDimension = actionDimension
        self.logStd = Parameter(shape: [actionDimension], constant: initialLogStd)
    }

    /// `logStd`, named `"logStd"`.
    public var parameters: ParameterSet { ParameterSet([("logStd", logStd)]) }

    /// Draws `mean + exp(logStd) · ε`, `ε ~ N(0, I)`.
    /// - Parameters:
    ///   - mean: `[batch, actionDimension]`.
    ///   - rng: The seeded generator.
    /// - Returns: Actions `[batch, actionDimension]`.
    public func sample(mean: Tensor, using rng: inout some RandomNumberGenerator) -> Tensor {
        precondition(mean.columnCount == actionDimension, "DiagonalGaussianHead expects \(actionDimension) means")
        var noise = [Float](repeating: 0, count: mean.count)
        GaussianSampler.fill(&noise, using: &rng)
        var actions = mean
        for i in 0 ..< actions.count {
            actions.scalars[i] += expf(logStd.value[i % actionDimension]) * noise[i]
        }
        return actions
    }

    /// The log-probability of `actions` and the entropy, per row, summed over dimensions.
    /// - Parameters:
    ///   - mean: `[batch, actionDimension]`.
    ///   - actions: `[batch, actionDimension]`.
    /// - Returns: `logProb` and `entropy`, each `[batch]`.
    public func evaluate(mean: Tensor, actions: Tensor) -> (logProb: [Float], entropy: [Float]) {
        precondition(mean.shape == actions.shape && mean.columnCount == actionDimension, "DiagonalGaussianHead shapes")
        let batch = mean.rowCount
        var logProb = [Float](repeating: 0, count: batch)
        var rowEntropy: Float = 0
        for j in 0 ..< actionDimension { rowEntropy += 0.5 + Self.halfLogTwoPi + logStd.value[j] }
        for b in 0 ..< batch {
            var sum: Float = 0
            for j in 0 ..< actionDimension {
                let s = logStd.value[j]
                let z = (actions.scalars[b * actionDimension + j] - mean.scalars[b * actionDimension + j]) * expf(-s)
                sum += -0.5 * z * z - s - Self.halfLogTwoPi
            }
            logProb[b] = sum
        }
        return (logProb, [Float](repeating: rowEntropy, count: batch))
    }

    /// The gradient with respect to the mean of `Σ_b gradLogProb[b]·logProb[b] + gradEntropy[b]·entropy[b]`;
    /// also accumulates that loss's gradient with respect to `logStd` into `logStd.grad`.
    ///
    /// `∂logπ/∂μ = (a − μ)/σ²`, `∂logπ/∂logσ = (a − μ)²/σ² − 1`, `∂H/∂logσ = 1` per dimension.
    /// - Parameters:
    ///   - mean: `[batch, actionDimension]`.
    ///   - actions: `[batch, actionDimension]`.
    ///   - gradLogProb: `∂loss/∂logProb`, `[batch]`.
    ///   - gradEntropy: `∂loss/∂entropy`, `[batch]`.
    /// - Returns: `∂loss/∂mean`, `[batch, actionDimension]`.
    public func gradient(mean: Tensor, actions: Tensor, gradLogProb: [Float], gradEntropy: [Float]) -> Tensor {
        precondition(mean.shape == actions.shape && mean.columnCount == actionDimension, "DiagonalGaussianHead shapes")
        let batch = mean.rowCount
        precondition(gradLogProb.count == batch && gradEntropy.count == batch, "DiagonalGaussianHead.gradient: need [batch]")
        var gradMean = Tensor(shape: mean.shape)
        for b in 0 ..< batch {
            for j in 0 ..< actionDimension {
                let index = b * actionDimension + j
                let inverseStd = expf(-logStd.value[j])
                let z = (actions.scalars[index] - mean.scalars[index]) * inverseStd
                gradMean.scalars[index] = gradLogProb[b] * z * inverseStd
                logStd.grad[j] += gradLogProb[b] * (z * z - 1) + gradEntropy[b]
            }
        }
        return gradMean
    }
}
