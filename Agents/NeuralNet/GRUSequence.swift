// NeuralNet: a GRU run over a whole time-major sequence, with the input products batched over all steps.

/// Runs a ``GRUCell`` over `T` steps of `B` sequences at once and back-propagates through time, for recurrent
/// PPO's minibatch replays.
///
/// Only the hidden-to-hidden product is sequential; the input product `X·W_ihᵀ` of all `T·B` rows is one matrix
/// product before the loop, and the weight gradients `∂W_ih += G_xᵀ·X`, `∂W_hh += G_hᵀ·H_prev` and the input
/// gradient `∂X = G_x·W_ih` are one product each after it. Per step, the forward pass does one `B × H` by `H × 3H`
/// product and the backward pass one `B × 3H` by `3H × H` product. The equations and results are
/// ``GRUCell/step(_:hidden:episodeStarts:)``'s and ``GRUCell/backwardThroughTime(gradHidden:gradFinalHidden:)``'s
/// (up to float rounding order). Buffers are kept between calls: no allocation once shapes repeat.
///
/// ```swift
/// let sequence = GRUSequence(cell: gru)
/// let outputs = sequence.forward(inputs: x, steps: 128, batch: 2, initialHidden: h0, episodeStarts: starts)
/// let gradInputs = sequence.backward(gradOutputs: g)   // accumulates into gru's parameter gradients
/// ```
public final class GRUSequence {
    /// The cell whose parameters are used and whose gradients are accumulated.
    public let cell: GRUCell
    private var steps = 0
    private var batch = 0
    private var inputs: [Float] = []  // [T·B, in]
    private var gates: [Float] = []  // [T·B, 3H]: input gates, then r, z, n after the forward pass
    private var hiddenN: [Float] = []  // [T·B, H]: W_hn h + b_hn
    private var previous: [Float] = []  // [T·B, H]: the (masked) hidden state each step started from
    private var starts: [Bool] = []
    private var stepGates: [Float] = []  // [B, 3H]
    private var gradGatesX: [Float] = []  // [T·B, 3H]
    private var gradGatesH: [Float] = []  // [T·B, 3H]

    /// Wraps a cell.
    public init(cell: GRUCell) { self.cell = cell }

    /// Runs the cell over the sequence and keeps what the backward pass needs.
    /// - Parameters:
    ///   - inputs: `T·B × inputSize`, time-major (row `t·B + b`).
    ///   - steps: `T`.
    ///   - batch: `B`.
    ///   - initialHidden: `B × H`, the state before step 0.
    ///   - episodeStarts: `T·B` flags: where set, the state is zeroed before that step and no gradient flows back.
    /// - Returns: The hidden state after every step, `T·B × H`, time-major.
    public func forward(
        inputs: [Float], steps: Int, batch: Int, initialHidden: [Float], episodeStarts: [Bool]
    ) -> [Float] {
        let (inputSize, hs) = (cell.inputSize, cell.hiddenSize)
        let h3 = 3 * hs
        let rows = steps * batch
        precondition(inputs.count == rows * inputSize && initialHidden.count == batch * hs && episodeStarts.count == rows,
                     "GRUSequence.forward: inconsistent shapes")
        self.steps = steps
        self.batch = batch
        self.inputs = inputs
        starts = episodeStarts
        resize(&gates, rows * h3)
        resize(&hiddenN, rows * hs)
        resize(&previous, rows * hs)
        resize(&stepGates, batch * h3)
        var outputs = [Float](repeating: 0, count: rows * hs)
        inputs.withUnsafeBufferPointer { x in
            cell.weightIH.value.withUnsafeBufferPointer { wih in
                cell.biasIH.value.withUnsafeBufferPointer { bih in
                    cell.weightHH.value.withUnsafeBufferPointer { whh in
                        cell.biasHH.value.withUnsafeBufferPointer { bhh in
                            initialHidden.withUnsafeBufferPointer { h0 in
                                gates.withUnsafeMutableBufferPointer { g in
                                    hiddenN.withUnsafeMutableBufferPointer { hn in
                                        previous.withUnsafeMutableBufferPointer { prev in
                                            stepGates.withUnsafeMutableBufferPointer { sg in
                                                outputs.withUnsafeMutableBufferPointer { out in
                                                    guard let xp = x.baseAddress, let wihp = wih.baseAddress,
                                                        let bihp = bih.baseAddress, let whhp = whh.baseAddress,
                                                        let bhhp = bhh.baseAddress, let h0p = h0.baseAddress,
                                                        let gp = g.baseAddress, let hnp = hn.baseAddress,
                                                        let prevp = prev.baseAddress, let sgp = sg.baseAddress,
                                                        let op = out.baseAddress
                                                    else { return }
                                                    // All steps' input gates in one product.
                                                    Kernels.broadcastRows(bihp, rows: rows, n: h3, into: gp)
                                                    Kernels.gemm(
                                                        transA: false, transB: true, m: rows, n: h3, k: inputSize,
                                                        a: xp, lda: inputSize, b: wihp, ldb: inputSize, beta: 1, c: gp,
                                                        ldc: h3)
                                                    for t in 0 ..< steps {
                                                        let base = t * batch
                                                        let source = t == 0 ? h0p : UnsafePointer(op + (base - batch) * hs)
                                                        for b in 0 ..< batch {
                                                            let row = prevp + (base + b) * hs
                                                            if episodeStarts[base + b] {
                                                                row.update(repeating: 0, count: hs)
                                                            } else {
                                                                row.update(from: source + b * hs, count: hs)
                                                            }
                                                        }
                                                        let hPrev = prevp + base * hs
                                                        Kernels.broadcastRows(bhhp, rows: batch, n: h3, into: sgp)
                                                        Kernels.gemm(
                                                            transA: false, transB: true, m: batch, n: h3, k: hs,
                                                            a: hPrev, lda: hs, b: whhp, ldb: hs, beta: 1, c: sgp, ldc: h3)
                                                        for b in 0 ..< batch {
                                                            let gate = gp + (base + b) * h3
                                                            let hg = sgp + b * h3
                                                            for j in 0 ..< 2 * hs { gate[j] += hg[j] }
                                                            VectorMath.sigmoid(gate, count: 2 * hs)
                                                            let hnRow = hnp + (base + b) * hs
                                                            for j in 0 ..< hs {
                                                                hnRow[j] = hg[2 * hs + j]
                                                                gate[2 * hs + j] += gate[j] * hg[2 * hs + j]
                                                            }
                                                            VectorMath.tanh(gate + 2 * hs, count: hs)
                                                            let o = op + (base + b) * hs
                                                            let p = hPrev + b * hs
                                                            for j in 0 ..< hs {
                                                                let z = gate[hs + j], n = gate[2 * hs + j]
                                                                o[j] = (1 - z) * n + z * p[j]
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return outputs
    }

    /// Back-propagates `∂loss/∂h_t` for every step of the last ``forward(inputs:steps:batch:initialHidden:episodeStarts:)``
    /// through time, accumulating the cell's parameter gradients.
    /// - Parameter gradOutputs: `T·B × H`, time-major.
    /// - Returns: `∂loss/∂inputs`, `T·B × inputSize`, time-major.
    public func backward(gradOutputs: [Float]) -> [Float] {
        let (inputSize, hs) = (cell.inputSize, cell.hiddenSize)
        let h3 = 3 * hs
        let rows = steps * batch
        precondition(gradOutputs.count == rows * hs, "GRUSequence.backward: expected \(rows) × \(hs) gradients")
        resize(&gradGatesX, rows * h3)
        resize(&gradGatesH, rows * h3)
        var carry = [Float](repeating: 0, count: batch * hs)
        var gradInputs = [Float](repeating: 0, count: rows * inputSize)
        let (batch, steps, starts) = (self.batch, self.steps, self.starts)
        gradOutputs.withUnsafeBufferPointer { go in
            gates.withUnsafeBufferPointer { g in
                hiddenN.withUnsafeBufferPointer { hn in
                    previous.withUnsafeBufferPointer { prev in
                        cell.weightHH.value.withUnsafeBufferPointer { whh in
                            gradGatesX.withUnsafeMutableBufferPointer { gx in
                                gradGatesH.withUnsafeMutableBufferPointer { gh in
                                    carry.withUnsafeMutableBufferPointer { c in
                                        guard let gop = go.baseAddress, let gp = g.baseAddress, let hnp = hn.baseAddress,
                                            let prevp = prev.baseAddress, let whhp = whh.baseAddress,
                                            let gxp = gx.baseAddress, let ghp = gh.baseAddress, let cp = c.baseAddress
                                        else { return }
                                        for t in stride(from: steps - 1, through: 0, by: -1) {
                                            let base = t * batch
                                            for b in 0 ..< batch {
                                                let r = base + b
                                                let gate = gp + r * h3
                                                let hPrev = prevp + r * hs
                                                let hnRow = hnp + r * hs
                                                let dhIn = gop + r * hs
                                                let gxRow = gxp + r * h3
                                                let ghRow = ghp + r * h3
                                                let carryRow = cp + b * hs
                                                for j in 0 ..< hs {
                                                    let dh = carryRow[j] + dhIn[j]
                                                    let rg = gate[j], z = gate[hs + j], n = gate[2 * hs + j]
                                                    let dn = dh * (1 - z)
                                                    let dz = dh * (hPrev[j] - n)
                                                    let dAn = dn * (1 - n * n)
                                                    let dAr = dAn * hnRow[j] * rg * (1 - rg)
                                                    let dAz = dz * z * (1 - z)
                                                    gxRow[j] = dAr
                                                    gxRow[hs + j] = dAz
                                                    gxRow[2 * hs + j] = dAn
                                                    ghRow[j] = dAr
                                                    ghRow[hs + j] = dAz
                                                    ghRow[2 * hs + j] = dAn * rg
                                                    carryRow[j] = dh * z
                                                }
                                            }
                                            // ∂h_prev = dh ⊙ z + G_h·W_hh for the step's B rows, then the resets.
                                            Kernels.gemm(
                                                transA: false, transB: false, m: batch, n: hs, k: h3, a: ghp + base * h3,
                                                lda: h3, b: whhp, ldb: hs, beta: 1, c: cp, ldc: hs)
                                            for b in 0 ..< batch where starts[base + b] {
                                                (cp + b * hs).update(repeating: 0, count: hs)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Kernels.accumulateAffineGradients(
            gradOutput: gradGatesX, input: inputs, rows: rows, weight: cell.weightIH, bias: cell.biasIH)
        Kernels.accumulateAffineGradients(
            gradOutput: gradGatesH, input: previous, rows: rows, weight: cell.weightHH, bias: cell.biasHH)
        gradGatesX.withUnsafeBufferPointer { gx in
            cell.weightIH.value.withUnsafeBufferPointer { w in
                gradInputs.withUnsafeMutableBufferPointer { dx in
                    guard let gxp = gx.baseAddress, let wp = w.baseAddress, let dxp = dx.baseAddress else { return }
                    Kernels.gemm(
                        transA: false, transB: false, m: rows, n: inputSize, k: h3, a: gxp, lda: h3, b: wp,
                        ldb: inputSize, beta: 0, c: dxp, ldc: inputSize)
                }
            }
        }
        return gradInputs
    }

    private func resize(_ buffer: inout [Float], _ count: Int) {
        if buffer.count != count { buffer = [Float](repeating: 0, count: count) }
    }
}
