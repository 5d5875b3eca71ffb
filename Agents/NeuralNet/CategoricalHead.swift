// NeuralNet: categorical (Discrete and MultiDiscrete) action distributions over logits.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Categorical action distributions parameterised by logits, one per slice of the logits row.
///
/// A `Discrete(n)` action space uses `CategoricalHead(actionCounts: [n])`; a `MultiDiscrete([n₀, n₁, …])` space
/// uses one categorical per component over consecutive slices of one logits vector of width `Σ nᵢ`. Actions are
/// laid out row-major `[batch, components]`; log-probabilities and entropies are summed over components, as
/// CleanRL's MultiDiscrete PPO does.
///
/// ```swift
/// let head = CategoricalHead(actionCounts: [32])
/// let actions = head.sample(logits: logits, using: &rng)                 // [batch]
/// let (logProb, entropy) = head.evaluate(logits: logits, actions: actions)
/// let gradLogits = head.gradient(logits: logits, actions: actions, gradLogProb: gLogP, gradEntropy: gEnt)
/// ```
public struct CategoricalHead: Sendable {
    /// The number of choices of each component.
    public let actionCounts: [Int]
    /// The width of the logits row (`Σ actionCounts`).
    public let logitCount: Int

    /// Creates a head for the given component sizes.
    /// - Parameter actionCounts: The choices per component: `[n]` for Discrete, `nvec` for MultiDiscrete.
    public init(actionCounts: [Int]) {
        precondition(!actionCounts.isEmpty && actionCounts.allSatisfy { $0 > 0 }, "CategoricalHead needs sizes > 0")
        self.actionCounts = actionCounts
        self.logitCount = actionCounts.reduce(0, +)
    }

    /// The number of components (1 for Discrete).
    public var componentCount: Int { actionCounts.count }

    /// The softmax of each slice of logits: log-probabilities and probabilities, both in the logits' layout.
    public typealias Distribution = (logProbs: Tensor, probabilities: [Float])

    /// Log-softmax of each slice, same shape as `logits` (numerically stable: max is subtracted first).
    /// - Parameter logits: `[batch, logitCount]`.
    public func logProbabilities(logits: Tensor) -> Tensor { distribution(logits: logits).logProbs }

    /// Log-probabilities and probabilities of each slice in one pass: `l = x − max − log Σ e^{x − max}` and
    /// `p = e^{x − max} / Σ e^{x − max}`, the exponentials eight lanes at a time (``VectorMath/exp(_:into:count:)``).
    /// - Parameter logits: `[batch, logitCount]`.
    public func distribution(logits: Tensor) -> Distribution {
        precondition(logits.columnCount == logitCount, "CategoricalHead expects \(logitCount) logits, got \(logits.shape)")
        var result = logits
        var probabilities = [Float](repeating: 0, count: logits.count)
        result.scalars.withUnsafeMutableBufferPointer { l in
            probabilities.withUnsafeMutableBufferPointer { e in
                guard let lp = l.baseAddress, let ep = e.baseAddress else { return }
                for b in 0 ..< logits.rowCount {
                    var offset = b * logitCount
                    for n in actionCounts {
                        let row = lp + offset
                        let exps = ep + offset
                        var maximum = -Float.infinity
                        for i in 0 ..< n { maximum = max(maximum, row[i]) }
                        for i in 0 ..< n { row[i] -= maximum }
                        VectorMath.exp(UnsafePointer(row), into: exps, count: n)
                        var sum: Float = 0
                        for i in 0 ..< n { sum += exps[i] }
                        let logSum = logf(sum)
                        for i in 0 ..< n {
                            row[i] -= logSum
                            exps[i] /= sum
                        }
                        offset += n
                    }
                }
            }
        }
        return (result, probabilities)
    }

    /// Draws one action per component per row by inverse-CDF on one uniform each.
    /// - Parameters:
    ///   - logits: `[batch, logitCount]`.
    ///   - rng: The seeded generator.
    /// - Returns: Actions `[batch · componentCount]`, row-major.
    public func sample(logits: Tensor, using rng: inout some RandomNumberGenerator) -> [Int] {
        sample(distribution: distribution(logits: logits), using: &rng)
    }

    /// Draws actions like ``sample(logits:using:)`` from an already computed ``distribution(logits:)``.
    public func sample(distribution: Distribution, using rng: inout some RandomNumberGenerator) -> [Int] {
        let probabilities = distribution.probabilities
        let rows = distribution.logProbs.rowCount
        var actions = [Int](repeating: 0, count: rows * componentCount)
        for b in 0 ..< rows {
            var offset = b * logitCount
            for (c, n) in actionCounts.enumerated() {
                let u = Float(GaussianSampler.uniform(using: &rng))
                var cumulative: Float = 0
                var choice = n - 1
                for i in 0 ..< n {
                    cumulative += probabilities[offset + i]
                    if u < cumulative {
                        choice = i
                        break
                    }
                }
                actions[b * componentCount + c] = choice
                offset += n
            }
        }
        return actions
    }

    /// The most likely action of each component per row (ties go to the lowest index), for evaluation.
    /// - Parameter logits: `[batch, logitCount]`.
    /// - Returns: Actions `[batch · componentCount]`.
    public func mode(logits: Tensor) -> [Int] {
        var actions = [Int](repeating: 0, count: logits.rowCount * componentCount)
        for b in 0 ..< logits.rowCount {
            var offset = b * logitCount
            for (c, n) in actionCounts.enumerated() {
                var best = 0
                for i in 1 ..< max(n, 1) where logits.scalars[offset + i] > logits.scalars[offset + best] { best = i }
                actions[b * componentCount + c] = best
                offset += n
            }
        }
        return actions
    }

    /// The log-probability of the given actions and the entropy, per row, summed over components.
    /// - Parameters:
    ///   - logits: `[batch, logitCount]`.
    ///   - actions: `[batch · componentCount]`, each within its component's range.
    /// - Returns: `logProb` and `entropy`, each `[batch]`.
    public func evaluate(logits: Tensor, actions: [Int]) -> (logProb: [Float], entropy: [Float]) {
        evaluate(distribution: distribution(logits: logits), actions: actions)
    }

    /// ``evaluate(logits:actions:)`` from an already computed ``distribution(logits:)``.
    public func evaluate(distribution: Distribution, actions: [Int]) -> (logProb: [Float], entropy: [Float]) {
        let (logProbs, probabilities) = distribution
        let batch = logProbs.rowCount
        precondition(actions.count == batch * componentCount, "CategoricalHead: \(actions.count) actions for \(batch) rows")
        var logProb = [Float](repeating: 0, count: batch)
        var entropy = [Float](repeating: 0, count: batch)
        logProbs.scalars.withUnsafeBufferPointer { l in
            for b in 0 ..< batch {
                var offset = b * logitCount
                for (c, n) in actionCounts.enumerated() {
                    let action = actions[b * componentCount + c]
                    precondition(action >= 0 && action < n, "Action \(action) outside 0..<\(n)")
                    logProb[b] += l[offset + action]
                    var h: Float = 0
                    for i in offset ..< offset + n { h -= probabilities[i] * l[i] }
                    entropy[b] += h
                    offset += n
                }
            }
        }
        return (logProb, entropy)
    }

    /// The gradient with respect to the logits of `Σ_b gradLogProb[b]·logProb[b] + gradEntropy[b]·entropy[b]`.
    ///
    /// Per component with probabilities `p` and log-probabilities `l`: `∂logπ(a)/∂xⱼ = δⱼₐ − pⱼ` and
    /// `∂H/∂xⱼ = −pⱼ (lⱼ + H)`.
    /// - Parameters:
    ///   - logits: `[batch, logitCount]`, as passed to ``evaluate(logits:actions:)``.
    ///   - actions: `[batch · componentCount]`.
    ///   - gradLogProb: `∂loss/∂logProb`, `[batch]`.
    ///   - gradEntropy: `∂loss/∂entropy`, `[batch]`.
    /// - Returns: `∂loss/∂logits`, `[batch, logitCount]`.
    public func gradient(logits: Tensor, actions: [Int], gradLogProb: [Float], gradEntropy: [Float]) -> Tensor {
        gradient(distribution: distribution(logits: logits), actions: actions, gradLogProb: gradLogProb, gradEntropy: gradEntropy)
    }

    /// ``gradient(logits:actions:gradLogProb:gradEntropy:)`` from an already computed ``distribution(logits:)``.
    public func gradient(distribution: Distribution, actions: [Int], gradLogProb: [Float], gradEntropy: [Float]) -> Tensor {
        var grad = distribution.logProbs
        let probabilities = distribution.probabilities
        let batch = grad.rowCount
        precondition(gradLogProb.count == batch && gradEntropy.count == batch, "CategoricalHead.gradient: need [batch]")
        precondition(actions.count == batch * componentCount, "CategoricalHead: \(actions.count) actions for \(batch) rows")
        grad.scalars.withUnsafeMutableBufferPointer { g in
            for b in 0 ..< batch {
                var offset = b * logitCount
                for (c, n) in actionCounts.enumerated() {
                    var h: Float = 0
                    for i in offset ..< offset + n { h -= probabilities[i] * g[i] }
                    let gl = gradLogProb[b]
                    let ge = gradEntropy[b]
                    for i in offset ..< offset + n {
                        let l = g[i]
                        let p = probabilities[i]
                        g[i] = -gl * p - ge * p * (l + h)
                    }
                    g[offset + actions[b * componentCount + c]] += gl
                    offset += n
                }
            }
        }
        return grad
    }
}
