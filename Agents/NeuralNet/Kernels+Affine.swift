// NeuralNet: the parameter gradients of an affine map, shared by Linear, GRUCell and GRUSequence.

extension Kernels {
    /// `∂W += Gᵀ·X` and `∂b += Σ_rows G` for `y = x Wᵀ + b` with `W` `[out, in]`, over `rows` rows.
    /// - Parameters:
    ///   - gradOutput: `G`, `rows × out`, row-major.
    ///   - input: `X`, `rows × in`, row-major.
    ///   - rows: The number of rows.
    ///   - weight: `W`, whose gradient is accumulated (`out · in` values).
    ///   - bias: `b`, whose gradient is accumulated (`out` values).
    public static func accumulateAffineGradients(
        gradOutput: [Float], input: [Float], rows: Int, weight: Parameter, bias: Parameter
    ) {
        let outFeatures = bias.count
        let inFeatures = weight.count / max(outFeatures, 1)
        gradOutput.withUnsafeBufferPointer { g in
            input.withUnsafeBufferPointer { x in
                weight.grad.withUnsafeMutableBufferPointer { gw in
                    bias.grad.withUnsafeMutableBufferPointer { gb in
                        guard let gp = g.baseAddress, let xp = x.baseAddress, let gwp = gw.baseAddress,
                            let gbp = gb.baseAddress
                        else { return }
                        gemm(
                            transA: true, transB: false, m: outFeatures, n: inFeatures, k: rows, a: gp,
                            lda: outFeatures, b: xp, ldb: inFeatures, beta: 1, c: gwp, ldc: inFeatures)
                        accumulateColumnSums(gp, rows: rows, n: outFeatures, into: gbp)
                    }
                }
            }
        }
    }
}
