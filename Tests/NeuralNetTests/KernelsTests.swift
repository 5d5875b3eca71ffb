// The matrix products of both backends against a Double reference, their repeatability, and the layers on each.
import XCTest

@testable import NeuralNet

final class KernelsTests: XCTestCase {
    override func tearDown() {
        Kernels.backend = .openBLAS
        super.tearDown()
    }

    /// `C = op(A)·op(B) + beta·C` in Double.
    private func reference(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [Float], beta: Float, c: [Float]
    ) -> [Double] {
        var result = [Double](repeating: 0, count: m * n)
        for i in 0 ..< m {
            for j in 0 ..< n {
                var s = Double(beta) * Double(c[i * n + j])
                for p in 0 ..< k {
                    let av = transA ? a[p * m + i] : a[i * k + p]
                    let bv = transB ? b[j * k + p] : b[p * n + j]
                    s += Double(av) * Double(bv)
                }
                result[i * n + j] = s
            }
        }
        return result
    }

    private func product(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Float], b: [Float], beta: Float, c: [Float]
    ) -> [Float] {
        var out = c
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                out.withUnsafeMutableBufferPointer { cp in
                    Kernels.gemm(
                        transA: transA, transB: transB, m: m, n: n, k: k, a: ap.baseAddress!, lda: transA ? m : k,
                        b: bp.baseAddress!, ldb: transB ? k : n, beta: beta, c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }

    func testGEMM_BothBackends_AllTranspositions_MatchDoubleReference() {
        var rng = SplitMix64(seed: 11)
        let shapes = [(1, 1, 1), (5, 13, 7), (4, 8, 16), (9, 17, 3), (64, 137, 33), (37, 64, 64), (8, 64, 137)]
        for backend in MatrixBackend.allCases {
            Kernels.backend = backend
            for (m, n, k) in shapes {
                for (transA, transB) in [(false, false), (false, true), (true, false), (true, true)] {
                    for beta: Float in [0, 1] {
                        let a = randomValues(m * k, using: &rng)
                        let b = randomValues(k * n, using: &rng)
                        let c = randomValues(m * n, using: &rng)
                        let got = product(transA: transA, transB: transB, m: m, n: n, k: k, a: a, b: b, beta: beta, c: c)
                        let want = reference(transA: transA, transB: transB, m: m, n: n, k: k, a: a, b: b, beta: beta, c: c)
                        let worst = zip(got, want).map { abs(Double($0) - $1) }.max() ?? 0
                        XCTAssertLessThanOrEqual(
                            worst, 1e-5 * Double(k + 1),
                            "\(backend) m=\(m) n=\(n) k=\(k) transA=\(transA) transB=\(transB) beta=\(beta)")
                    }
                }
            }
        }
    }

    func testGEMM_SameInputs_SameBits() {
        var rng = SplitMix64(seed: 12)
        let (m, n, k) = (256, 64, 137)
        let a = randomValues(m * k, using: &rng), b = randomValues(n * k, using: &rng), c = randomValues(m * n, using: &rng)
        for backend in MatrixBackend.allCases {
            Kernels.backend = backend
            let first = product(transA: false, transB: true, m: m, n: n, k: k, a: a, b: b, beta: 1, c: c)
            let second = product(transA: false, transB: true, m: m, n: n, k: k, a: a, b: b, beta: 1, c: c)
            XCTAssertEqual(first.map(\.bitPattern), second.map(\.bitPattern), "\(backend)")
        }
    }

    /// Forward, input gradient and parameter gradients of an MLP and a GRU (BPTT) under one backend.
    private func layerOutputs(_ backend: MatrixBackend) -> [Float] {
        Kernels.backend = backend
        var rng = SplitMix64(seed: 13)
        let mlp = MLP(sizes: [19, 24, 16, 5], activation: .tanh, outputGain: 1, using: &rng)
        let x = randomTensor(11, 19, using: &rng)
        let y = mlp.forward(x)
        let dx = mlp.backward(randomTensor(11, 5, using: &rng))
        let gru = GRUCell(inputSize: 7, hiddenSize: 12, using: &rng)
        var h = Tensor(shape: [3, 12])
        var grads: [Tensor] = []
        for t in 0 ..< 4 {
            h = gru.step(randomTensor(3, 7, using: &rng), hidden: h, episodeStarts: t == 2 ? [false, true, false] : nil)
            grads.append(randomTensor(3, 12, using: &rng))
        }
        let (gradInputs, gradH0) = gru.backwardThroughTime(gradHidden: grads)
        var all = y.scalars + dx.scalars + h.scalars + gradH0.scalars + gradInputs.flatMap(\.scalars)
        for entry in mlp.parameters.entries + gru.parameters.entries { all += entry.parameter.grad }
        return all
    }

    func testLayers_SIMDKernels_AgreeWithOpenBLAS() {
        // The finite-difference checks in LayerGradientTests run on the default backend (OpenBLAS); agreement here
        // carries them over to the SIMD kernels.
        let blas = layerOutputs(.openBLAS)
        let simd = layerOutputs(.simd)
        XCTAssertEqual(blas.count, simd.count)
        for (i, (p, q)) in zip(blas, simd).enumerated() {
            XCTAssertEqual(p, q, accuracy: 1e-5 * max(1, abs(p)), "value \(i)")
        }
    }
}
