// NeuralNet: the inner loops shared by Linear and GRUCell (internal).

/// Dense matrix kernels on contiguous row-major buffers; no allocation inside.
///
/// Forward uses a SIMD dot product of an input row with a weight row (weights are `[out, in]` as in PyTorch);
/// the backward kernels are `axpy` loops over contiguous rows, which the compiler vectorises. Summation order is
/// fixed, so results are identical run to run on one machine.
enum Kernels {
    /// Returns `Σ a[i]·b[i]` for `i < n`, using two 8-wide accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        #if DEBUG
            // Unspecialised SIMD is ~100× slower than scalar code in debug builds; keep debug tests fast.
            // (Results can differ from release in the last bits; determinism holds within one build configuration.)
            var plain: Float = 0
            for i in 0 ..< n { plain += a[i] * b[i] }
            return plain
        #else
            return simdDot(a, b, n)
        #endif
    }

    /// The SIMD body of ``dot(_:_:_:)`` used in optimised builds.
    @inline(__always)
    static func simdDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var acc0 = SIMD8<Float>()
        var acc1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        if i + 8 <= n {
            acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var sum = (acc0 + acc1).sum()
        while i < n {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// `y[i] += alpha · x[i]` for `i < n`.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0 ..< n { y[i] += alpha * x[i] }
    }

    /// `output[b, o] = bias[o] + Σ_k input[b, k] · weight[o, k]` (`y = x Wᵀ + b`).
    static func affine(
        input: UnsafePointer<Float>, rows: Int, inFeatures: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, outFeatures: Int,
        output: UnsafeMutablePointer<Float>
    ) {
        for b in 0 ..< rows {
            let x = input + b * inFeatures
            let y = output + b * outFeatures
            for o in 0 ..< outFeatures {
                y[o] = bias[o] + dot(x, weight + o * inFeatures, inFeatures)
            }
        }
    }

    /// Accumulates `gradWeight[o, k] += Σ_b gradOutput[b, o] · input[b, k]` and `gradBias[o] += Σ_b gradOutput[b, o]`.
    static func accumulateParameterGradients(
        gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, rows: Int, inFeatures: Int,
        outFeatures: Int, gradWeight: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>
    ) {
        for b in 0 ..< rows {
            let g = gradOutput + b * outFeatures
            let x = input + b * inFeatures
            for o in 0 ..< outFeatures {
                let go = g[o]
                gradBias[o] += go
                if go != 0 { axpy(go, x, gradWeight + o * inFeatures, inFeatures) }
            }
        }
    }

    /// Accumulates `gradInput[b, k] += Σ_o gradOutput[b, o] · weight[o, k]` (`dx += g W`).
    static func accumulateInputGradient(
        gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>, rows: Int, inFeatures: Int,
        outFeatures: Int, gradInput: UnsafeMutablePointer<Float>
    ) {
        for b in 0 ..< rows {
            let g = gradOutput + b * outFeatures
            let dx = gradInput + b * inFeatures
            for o in 0 ..< outFeatures {
                let go = g[o]
                if go != 0 { axpy(go, weight + o * inFeatures, dx, inFeatures) }
            }
        }
    }
}
