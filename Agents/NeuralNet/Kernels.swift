// NeuralNet: the matrix products shared by Linear and GRUCell — OpenBLAS's sgemm or register-blocked SIMD kernels.
import COpenBLAS

/// Dense row-major matrix products; no allocation inside.
///
/// Linear layers store `W` as `[out, in]` (PyTorch's layout), so forward is `Y = X·Wᵀ + b`, the weight gradient
/// `∂W += Gᵀ·X` and the input gradient `∂X = G·W`: all three are ``gemm(transA:transB:m:n:k:a:lda:b:ldb:beta:c:ldc:)``
/// with BLAS's row-major conventions.
public enum Kernels {
    /// The backend every product uses. Set it before training starts (benchmarks compare the two); not for
    /// changing while products run on other threads.
    nonisolated(unsafe) public static var backend: MatrixBackend = .openBLAS

    /// OpenBLAS must not start its own threads: the trainer splits work deterministically itself.
    private static let openBLASConfigured: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// `C = A·B + beta·C` with `op(A)` `m × k` and `op(B)` `k × n`, all row-major (BLAS `sgemm` semantics).
    /// - Parameters:
    ///   - transA: Whether `a` holds `Aᵀ` (`k × m`, leading dimension `lda`).
    ///   - transB: Whether `b` holds `Bᵀ` (`n × k`, leading dimension `ldb`).
    ///   - beta: 0 overwrites `C`, 1 accumulates into it.
    @inline(__always)
    public static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        switch backend {
        case .openBLAS where !transA && transB && m <= 2:
            // One or two rows against Wᵀ (a recurrent minibatch's forward step): OpenBLAS's call and packing
            // overhead outweighs the product; the SIMD dot kernel measures 1.5–3× faster here (Results/bench.md).
            simdGEMM(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        case .openBLAS:
            _ = openBLASConfigured
            cblas_sgemm(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), 1, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        case .simd:
            simdGEMM(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    /// `y[j] += Σ_i x[i, j]` over `rows` rows of width `n` (bias gradients: column sums, rows in order).
    public static func accumulateColumnSums(_ x: UnsafePointer<Float>, rows: Int, n: Int, into y: UnsafeMutablePointer<Float>) {
        for r in 0 ..< rows {
            let row = x + r * n
            var j = 0
            while j + 8 <= n {
                let sum = load8(y + j) + load8(row + j)
                store8(sum, y + j)
                j += 8
            }
            while j < n {
                y[j] += row[j]
                j += 1
            }
        }
    }

    /// Copies `bias` into every one of `rows` rows of `output` (width `n`), before a `beta = 1` product.
    public static func broadcastRows(_ bias: UnsafePointer<Float>, rows: Int, n: Int, into output: UnsafeMutablePointer<Float>) {
        for r in 0 ..< rows { (output + r * n).update(from: bias, count: n) }
    }

    // MARK: - SIMD kernels

    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func load8(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { load8(UnsafePointer(p)) }

    @inline(__always)
    static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// The Swift implementation of ``gemm(transA:transB:m:n:k:a:lda:b:ldb:beta:c:ldc:)``.
    ///
    /// With `B` row-major (`transB` false): a 4 × 8 register tile of `C` accumulates `A(i, p) · B[p, j…j+8]`
    /// over `p` (outer products; `A` may be transposed, it is only read as broadcast scalars). With `Bᵀ`
    /// (`transB`, the forward pass's `X·Wᵀ`): one row of `A` against four rows of `Bᵀ`, 8-wide partial dot products.
    static func simdGEMM(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if beta == 0 {
            for i in 0 ..< m { (c + i * ldc).update(repeating: 0, count: n) }
        } else if beta != 1 {
            for i in 0 ..< m { for j in 0 ..< n { c[i * ldc + j] *= beta } }
        }
        guard k > 0 else { return }
        // A(i, p) = a[i·rowStride + p·depthStride]
        let rowStride = transA ? 1 : lda
        let depthStride = transA ? lda : 1
        if transB && !transA {
            dotTiles(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        } else if transB {
            for i in 0 ..< m {
                for j in 0 ..< n {
                    var s = c[i * ldc + j]
                    for p in 0 ..< k { s += a[i * rowStride + p * depthStride] * b[j * ldb + p] }
                    c[i * ldc + j] = s
                }
            }
        } else {
            outerTiles(m: m, n: n, k: k, a: a, rowStride: rowStride, depthStride: depthStride, b: b, ldb: ldb, c: c, ldc: ldc)
        }
    }

    /// `C[i, j] += Σ_p A(i, p)·B[p, j]`, 4 × 8 tiles.
    private static func outerTiles(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, rowStride: Int, depthStride: Int, b: UnsafePointer<Float>,
        ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        var i = 0
        while i + 4 <= m {
            let a0 = a + i * rowStride, a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride
            var j = 0
            while j + 8 <= n {
                let c0 = c + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
                var s0 = load8(c0), s1 = load8(c1), s2 = load8(c2), s3 = load8(c3)
                var bp = b + j
                var offset = 0
                for _ in 0 ..< k {
                    let bv = load8(bp)
                    s0 += SIMD8(repeating: a0[offset]) * bv
                    s1 += SIMD8(repeating: a1[offset]) * bv
                    s2 += SIMD8(repeating: a2[offset]) * bv
                    s3 += SIMD8(repeating: a3[offset]) * bv
                    bp += ldb
                    offset += depthStride
                }
                store8(s0, c0)
                store8(s1, c1)
                store8(s2, c2)
                store8(s3, c3)
                j += 8
            }
            while j < n {
                for r in 0 ..< 4 {
                    let ar = a + (i + r) * rowStride
                    var s = c[(i + r) * ldc + j]
                    for p in 0 ..< k { s += ar[p * depthStride] * b[p * ldb + j] }
                    c[(i + r) * ldc + j] = s
                }
                j += 1
            }
            i += 4
        }
        while i < m {
            let ar = a + i * rowStride
            var j = 0
            while j + 8 <= n {
                let ci = c + i * ldc + j
                var s = load8(ci)
                for p in 0 ..< k { s += SIMD8(repeating: ar[p * depthStride]) * load8(b + p * ldb + j) }
                store8(s, ci)
                j += 8
            }
            while j < n {
                var s = c[i * ldc + j]
                for p in 0 ..< k { s += ar[p * depthStride] * b[p * ldb + j] }
                c[i * ldc + j] = s
                j += 1
            }
            i += 1
        }
    }

    /// `C[i, j] += Σ_p A[i, p]·Bᵀ[j, p]`: one row of `A` against four rows of `Bᵀ`, 8-wide partial sums.
    private static func dotTiles(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let k8 = k & ~7
        for i in 0 ..< m {
            let ar = a + i * lda
            let cr = c + i * ldc
            var j = 0
            while j + 4 <= n {
                let b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
                var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                var p = 0
                while p < k8 {
                    let av = load8(ar + p)
                    s0 += av * load8(b0 + p)
                    s1 += av * load8(b1 + p)
                    s2 += av * load8(b2 + p)
                    s3 += av * load8(b3 + p)
                    p += 8
                }
                var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
                while p < k {
                    t0 += ar[p] * b0[p]
                    t1 += ar[p] * b1[p]
                    t2 += ar[p] * b2[p]
                    t3 += ar[p] * b3[p]
                    p += 1
                }
                cr[j] += t0
                cr[j + 1] += t1
                cr[j + 2] += t2
                cr[j + 3] += t3
                j += 4
            }
            while j < n {
                let bj = b + j * ldb
                var s = SIMD8<Float>()
                var p = 0
                while p < k8 {
                    s += load8(ar + p) * load8(bj + p)
                    p += 8
                }
                var t = s.sum()
                while p < k {
                    t += ar[p] * bj[p]
                    p += 1
                }
                cr[j] += t
                j += 1
            }
        }
    }
}
