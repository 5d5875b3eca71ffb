// NeuralNet: the fully connected layer.

/// A fully connected layer `y = x Wᵀ + b` with weight `[out, in]` and bias `[out]`, as `torch.nn.Linear`.
///
/// ```swift
/// var rng = SomeSeededGenerator(seed: 1)
/// let layer = Linear(inFeatures: 8, outFeatures: 64, gain: 2.0.squareRoot(), using: &rng)
/// let y = layer.forward(x)          // [batch, 64]
/// ```
public final class Linear: Layer {
    /// The number of input features.
    public let inFeatures: Int
    /// The number of output features.
    public let outFeatures: Int
    /// The weight matrix, shape `[outFeatures, inFeatures]`.
    public let weight: Parameter
    /// The bias vector, shape `[outFeatures]`.
    public let bias: Parameter
    private var cachedInput = Tensor(shape: [0, 0])

    /// Creates a layer with orthogonal weights scaled by `gain` and zero bias (CleanRL's `layer_init`).
    /// - Parameters:
    ///   - inFeatures: The number of inputs.
    ///   - outFeatures: The number of outputs.
    ///   - gain: The orthogonal-init gain: √2 for hidden layers, 0.01 for a policy output, 1 for a value output.
    ///   - biasValue: The initial bias (0 in CleanRL).
    ///   - rng: The seeded generator that draws the weights.
    public init(
        inFeatures: Int, outFeatures: Int, gain: Float, biasValue: Float = 0,
        using rng: inout some RandomNumberGenerator
    ) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(
            shape: [outFeatures, inFeatures],
            value: OrthogonalInitializer.matrix(rows: outFeatures, columns: inFeatures, gain: gain, using: &rng))
        bias = Parameter(shape: [outFeatures], constant: biasValue)
    }

    /// Creates a layer with given weights (row-major `[out, in]`) and bias.
    /// - Parameters:
    ///   - weight: `outFeatures · inFeatures` values.
    ///   - bias: `outFeatures` values.
    ///   - inFeatures: The number of inputs.
    public init(weight: [Float], bias: [Float], inFeatures: Int) {
        self.inFeatures = inFeatures
        self.outFeatures = bias.count
        self.weight = Parameter(shape: [bias.count, inFeatures], value: weight)
        self.bias = Parameter(shape: [bias.count], value: bias)
    }

    /// `weight` and `bias`.
    public var parameters: ParameterSet { ParameterSet([("weight", weight), ("bias", bias)]) }

    /// Computes `x Wᵀ + b` for a `[batch, inFeatures]` input.
    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.columnCount == inFeatures, "Linear expects \(inFeatures) features, got shape \(input.shape)")
        cachedInput = input
        let rows = input.rowCount
        var output = Tensor(shape: [rows, outFeatures])
        let (n, k) = (outFeatures, inFeatures)
        input.scalars.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                bias.value.withUnsafeBufferPointer { b in
                    output.scalars.withUnsafeMutableBufferPointer { y in
                        guard let xp = x.baseAddress, let wp = w.baseAddress, let bp = b.baseAddress,
                            let yp = y.baseAddress
                        else { return }
                        Kernels.broadcastRows(bp, rows: rows, n: n, into: yp)
                        Kernels.gemm(
                            transA: false, transB: true, m: rows, n: n, k: k, a: xp, lda: k, b: wp, ldb: k, beta: 1,
                            c: yp, ldc: n)
                    }
                }
            }
        }
        return output
    }

    /// Accumulates `∂W += gᵀx`, `∂b += Σ g` and returns `g W`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        accumulateParameterGradients(gradOutput)
        let rows = cachedInput.rowCount
        var gradInput = Tensor(shape: [rows, inFeatures])
        let (n, k) = (inFeatures, outFeatures)
        gradOutput.scalars.withUnsafeBufferPointer { g in
            weight.value.withUnsafeBufferPointer { w in
                gradInput.scalars.withUnsafeMutableBufferPointer { dx in
                    guard let gp = g.baseAddress, let wp = w.baseAddress, let dxp = dx.baseAddress else { return }
                    Kernels.gemm(
                        transA: false, transB: false, m: rows, n: n, k: k, a: gp, lda: k, b: wp, ldb: n, beta: 0,
                        c: dxp, ldc: n)
                }
            }
        }
        return gradInput
    }

    /// Accumulates `∂W += gᵀx` and `∂b += Σ g` without computing the input gradient (for a network's first layer).
    /// - Parameter gradOutput: `∂loss/∂output` of the last ``forward(_:)``, `[batch, outFeatures]`.
    public func accumulateParameterGradients(_ gradOutput: Tensor) {
        let rows = cachedInput.rowCount
        precondition(gradOutput.shape == [rows, outFeatures], "Linear.backward expects [\(rows), \(outFeatures)]")
        Kernels.accumulateAffineGradients(
            gradOutput: gradOutput.scalars, input: cachedInput.scalars, rows: rows, weight: weight, bias: bias)
    }
}
