// NeuralNet: the choice of implementation behind the matrix products.

/// Which implementation computes ``Kernels/gemm(transA:transB:m:n:k:a:lda:b:ldb:beta:c:ldc:)``.
///
/// Both are deterministic: for one build, machine and backend the same inputs give the same bits (the summation
/// order depends only on the shapes). OpenBLAS is the default because it measures 3–4× faster on the policy's
/// shapes (Results/bench.md: ~90 GFLOP/s on one core against ~25 for the SIMD kernels, which Swift compiles for
/// the baseline x86-64 SSE2 target without FMA). The OpenBLAS backend still hands forward products of one or two
/// rows to the SIMD kernels, which are faster there; that choice depends on the shape alone.
public enum MatrixBackend: String, Sendable, CaseIterable {
    /// OpenBLAS's `cblas_sgemm`, single-threaded (threads are split by the trainer, not by BLAS).
    case openBLAS = "openblas"
    /// The register-blocked Swift SIMD kernels of ``Kernels``.
    case simd
}
