// NeuralNet: the gated recurrent unit cell with back-propagation through time.

/// A GRU cell with PyTorch's equations and parameter layout (`torch.nn.GRUCell`), for recurrent policies (RL²).
///
/// ```
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)
/// z = σ(W_iz x + b_iz + W_hz h + b_hz)
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
/// h' = (1 − z) ⊙ n + z ⊙ h
/// ```
/// `weightIH` is `[3H, in]` and `weightHH` is `[3H, H]`, gates stacked in the order r, z, n.
///
/// Each ``step(_:hidden:episodeStarts:)`` appends what backward needs to a tape; ``backwardThroughTime(gradHidden:gradFinalHidden:)``
/// then runs BPTT over every taped step, newest first, and clears the tape. Call ``clearTape()`` after
/// inference-only rollouts.
///
/// ```swift
/// var h = Tensor(shape: [envs, 64])
/// for t in 0 ..< steps { h = gru.step(x[t], hidden: h, episodeStarts: starts[t]); outputs.append(h) }
/// let (gradInputs, gradH0) = gru.backwardThroughTime(gradHidden: gradOutputs)
/// ```
public final class GRUCell {
    /// The number of input features.
    public let inputSize: Int
    /// The number of hidden units `H`.
    public let hiddenSize: Int
    /// Input-to-hidden weights `[3H, inputSize]` (r, z, n).
    public let weightIH: Parameter
    /// Hidden-to-hidden weights `[3H, H]` (r, z, n).
    public let weightHH: Parameter
    /// Input-to-hidden bias `[3H]`.
    public let biasIH: Parameter
    /// Hidden-to-hidden bias `[3H]`.
    public let biasHH: Parameter

    private struct TapeEntry {
        var input: Tensor
        var hidden: Tensor  // after episode-start masking
        var gates: [Float]  // [B, 3H]: r, z, n
        var hiddenN: [Float]  // [B, H]: W_hn h + b_hn
        var keep: [Float]?  // [B]: 0 where the episode restarted
    }
    private var tape: [TapeEntry] = []

    /// Creates a cell with orthogonal weights (each gate block separately) scaled by `gain`, and zero biases.
    /// - Parameters:
    ///   - inputSize: The number of input features.
    ///   - hiddenSize: The number of hidden units.
    ///   - gain: The orthogonal gain (1 is usual for recurrent weights).
    ///   - rng: The seeded generator.
    public init(inputSize: Int, hiddenSize: Int, gain: Float = 1, using rng: inout some RandomNumberGenerator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        var ih: [Float] = []
        var hh: [Float] = []
        for _ in 0 ..< 3 {
            ih += OrthogonalInitializer.matrix(rows: hiddenSize, columns: inputSize, gain: gain, using: &rng)
            hh += OrthogonalInitializer.matrix(rows: hiddenSize, columns: hiddenSize, gain: gain, using: &rng)
        }
        weightIH = Parameter(shape: [3 * hiddenSize, inputSize], value: ih)
        weightHH = Parameter(shape: [3 * hiddenSize, hiddenSize], value: hh)
        biasIH = Parameter(shape: [3 * hiddenSize], constant: 0)
        biasHH = Parameter(shape: [3 * hiddenSize], constant: 0)
    }

    /// `weightIH`, `weightHH`, `biasIH`, `biasHH` (PyTorch's `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`).
    public var parameters: ParameterSet {
        ParameterSet([("weightIH", weightIH), ("weightHH", weightHH), ("biasIH", biasIH), ("biasHH", biasHH)])
    }

    /// The number of steps on the tape.
    public var tapeLength: Int { tape.count }

    /// Discards the tape without back-propagating.
    public func clearTape() { tape.removeAll(keepingCapacity: true) }

    /// Advances one time step and tapes it.
    /// - Parameters:
    ///   - input: `[batch, inputSize]`.
    ///   - hidden: `[batch, hiddenSize]`, the previous hidden state.
    ///   - episodeStarts: Optional `[batch]` flags; where true, the hidden state is zeroed before the step (a new
    ///     trial for RL²), and no gradient flows to the previous step.
    /// - Returns: The new hidden state `[batch, hiddenSize]` (also the cell's output).
    public func step(_ input: Tensor, hidden: Tensor, episodeStarts: [Bool]? = nil) -> Tensor {
        let batch = input.rowCount
        let h3 = 3 * hiddenSize
        precondition(input.columnCount == inputSize, "GRUCell expects \(inputSize) inputs, got \(input.shape)")
        precondition(hidden.shape == [batch, hiddenSize], "GRUCell expects hidden [\(batch), \(hiddenSize)]")
        var h = hidden
        var keep: [Float]?
        if let starts = episodeStarts {
            precondition(starts.count == batch, "GRUCell: episodeStarts needs one flag per row")
            keep = starts.map { $0 ? 0 : 1 }
            for b in 0 ..< batch where starts[b] {
                for j in 0 ..< hiddenSize { h.scalars[b * hiddenSize + j] = 0 }
            }
        }
        var xGates = [Float](repeating: 0, count: batch * h3)
        var hGates = [Float](repeating: 0, count: batch * h3)
        affine(input.scalars, rows: batch, inFeatures: inputSize, weightIH, biasIH, into: &xGates)
        affine(h.scalars, rows: batch, inFeatures: hiddenSize, weightHH, biasHH, into: &hGates)
        var gates = [Float](repeating: 0, count: batch * h3)
        var hiddenN = [Float](repeating: 0, count: batch * hiddenSize)
        var output = Tensor(shape: [batch, hiddenSize])
        let hs = hiddenSize
        xGates.withUnsafeMutableBufferPointer { xg in
            hGates.withUnsafeBufferPointer { hg in
                gates.withUnsafeMutableBufferPointer { ga in
                    hiddenN.withUnsafeMutableBufferPointer { hnBuffer in
                        output.scalars.withUnsafeMutableBufferPointer { out in
                            h.scalars.withUnsafeBufferPointer { hp in
                                guard let xgp = xg.baseAddress, let hgp = hg.baseAddress, let gp = ga.baseAddress,
                                    let hnp = hnBuffer.baseAddress, let op = out.baseAddress, let hpp = hp.baseAddress
                                else { return }
                                for b in 0 ..< batch {
                                    let g = b * h3
                                    // r and z: σ of the summed pre-activations, 2H contiguous values.
                                    for j in 0 ..< 2 * hs { gp[g + j] = xgp[g + j] + hgp[g + j] }
                                    VectorMath.sigmoid(gp + g, count: 2 * hs)
                                    // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
                                    for j in 0 ..< hs {
                                        let hn = hgp[g + 2 * hs + j]
                                        hnp[b * hs + j] = hn
                                        gp[g + 2 * hs + j] = xgp[g + 2 * hs + j] + gp[g + j] * hn
                                    }
                                    VectorMath.tanh(gp + g + 2 * hs, count: hs)
                                    for j in 0 ..< hs {
                                        let z = gp[g + hs + j], n = gp[g + 2 * hs + j]
                                        op[b * hs + j] = (1 - z) * n + z * hpp[b * hs + j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        tape.append(TapeEntry(input: input, hidden: h, gates: gates, hiddenN: hiddenN, keep: keep))
        return output
    }

    /// Back-propagates through every taped step (newest first), accumulating parameter gradients, then clears the tape.
    /// - Parameters:
    ///   - gradHidden: `∂loss/∂h_t` from the layers above for each taped step, oldest first, each `[batch, H]`.
    ///   - gradFinalHidden: An optional extra gradient on the last hidden state (e.g. from a later segment).
    /// - Returns: `∂loss/∂input_t` for each step (oldest first) and `∂loss/∂h₀` for the initial hidden state.
    public func backwardThroughTime(
        gradHidden: [Tensor], gradFinalHidden: Tensor? = nil
    ) -> (gradInputs: [Tensor], gradInitialHidden: Tensor) {
        precondition(gradHidden.count == tape.count, "GRUCell: \(gradHidden.count) gradients for \(tape.count) taped steps")
        let batch = tape.first?.input.rowCount ?? 0
        let hs = hiddenSize
        let h3 = 3 * hs
        var carry = gradFinalHidden?.scalars ?? [Float](repeating: 0, count: batch * hs)
        var gradInputs = [Tensor](repeating: Tensor(shape: [0, 0]), count: tape.count)
        var gx = [Float](repeating: 0, count: batch * h3)
        var gh = [Float](repeating: 0, count: batch * h3)
        for t in stride(from: tape.count - 1, through: 0, by: -1) {
            let entry = tape[t]
            precondition(gradHidden[t].shape == [batch, hs], "GRUCell: gradient \(t) must be [\(batch), \(hs)]")
            var dPrev = [Float](repeating: 0, count: batch * hs)
            for b in 0 ..< batch {
                let g = b * h3
                for j in 0 ..< hs {
                    let dh = carry[b * hs + j] + gradHidden[t].scalars[b * hs + j]
                    let r = entry.gates[g + j]
                    let z = entry.gates[g + hs + j]
                    let n = entry.gates[g + 2 * hs + j]
                    let hPrev = entry.hidden.scalars[b * hs + j]
                    let hn = entry.hiddenN[b * hs + j]
                    let dn = dh * (1 - z)
                    let dz = dh * (hPrev - n)
                    dPrev[b * hs + j] = dh * z
                    let dAn = dn * (1 - n * n)
                    let dAr = dAn * hn * r * (1 - r)
                    let dAz = dz * z * (1 - z)
                    gx[g + j] = dAr
                    gx[g + hs + j] = dAz
                    gx[g + 2 * hs + j] = dAn
                    gh[g + j] = dAr
                    gh[g + hs + j] = dAz
                    gh[g + 2 * hs + j] = dAn * r
                }
            }
            var dx = Tensor(shape: [batch, inputSize])
            backwardAffine(gx, entry.input.scalars, rows: batch, inFeatures: inputSize, weightIH, biasIH, &dx.scalars)
            backwardAffine(gh, entry.hidden.scalars, rows: batch, inFeatures: hs, weightHH, biasHH, &dPrev)
            if let keep = entry.keep {
                for b in 0 ..< batch where keep[b] == 0 {
                    for j in 0 ..< hs { dPrev[b * hs + j] = 0 }
                }
            }
            gradInputs[t] = dx
            carry = dPrev
        }
        tape.removeAll(keepingCapacity: true)
        return (gradInputs, Tensor(shape: [batch, hs], scalars: carry))
    }

    // MARK: - Kernels

    private func affine(
        _ input: [Float], rows: Int, inFeatures: Int, _ weight: Parameter, _ bias: Parameter, into output: inout [Float]
    ) {
        let outFeatures = bias.count
        input.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                bias.value.withUnsafeBufferPointer { bb in
                    output.withUnsafeMutableBufferPointer { y in
                        guard let xp = x.baseAddress, let wp = w.baseAddress, let bp = bb.baseAddress,
                            let yp = y.baseAddress
                        else { return }
                        Kernels.broadcastRows(bp, rows: rows, n: outFeatures, into: yp)
                        Kernels.gemm(
                            transA: false, transB: true, m: rows, n: outFeatures, k: inFeatures, a: xp, lda: inFeatures,
                            b: wp, ldb: inFeatures, beta: 1, c: yp, ldc: outFeatures)
                    }
                }
            }
        }
    }

    /// `∂W += gᵀx`, `∂b += Σ g`, `∂x += g W` (accumulating into `gradInput`).
    private func backwardAffine(
        _ gradOutput: [Float], _ input: [Float], rows: Int, inFeatures: Int, _ weight: Parameter, _ bias: Parameter,
        _ gradInput: inout [Float]
    ) {
        let outFeatures = bias.count
        Kernels.accumulateAffineGradients(gradOutput: gradOutput, input: input, rows: rows, weight: weight, bias: bias)
        gradOutput.withUnsafeBufferPointer { g in
            weight.value.withUnsafeBufferPointer { w in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    guard let gp = g.baseAddress, let wp = w.baseAddress, let dxp = dx.baseAddress else { return }
                    Kernels.gemm(
                        transA: false, transB: false, m: rows, n: inFeatures, k: outFeatures, a: gp, lda: outFeatures,
                        b: wp, ldb: inFeatures, beta: 1, c: dxp, ldc: inFeatures)
                }
            }
        }
    }
}
