// NeuralNet: vectorised exp, tanh and sigmoid on contiguous buffers (8 lanes at a time).

/// Element-wise `exp`, `tanh` and the logistic sigmoid, eight lanes at a time, accurate to better than 1e-6
/// relative over the normal `Float` range (the tests check it against `Double` libm).
///
/// `exp` is Cephes' single-precision one (S. L. Moshier, *Cephes Math Library*, `expf.c`): it reduces
/// `x = n·ln2 + r` with a two-part ln 2 and evaluates a degree-6 polynomial in `r`. `tanh` is the odd rational
/// minimax approximation of Eigen's `generic_fast_tanh_float` (degree 13 over degree 6), which needs no
/// exponential. A buffer's tail (fewer than eight values) goes through the same SIMD code, padded, so every
/// element gets the same arithmetic wherever it sits in a buffer.
///
/// ```swift
/// values.withUnsafeMutableBufferPointer { VectorMath.tanh($0.baseAddress!, count: $0.count) }
/// ```
public enum VectorMath {
    // MARK: - Eight lanes

    /// `e^x` per lane; 0 below −87.33 (where `Float` results would be subnormal), +∞ above 88.72.
    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var clamped = x.replacing(with: -87.336_54, where: x .< -87.336_54)
        clamped.replace(with: 88.722_83, where: clamped .> 88.722_83)
        // n = round(x / ln 2) by the 1.5·2²³ trick: the addition rounds to an integer held in the low mantissa bits.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * (r * r) + r + 1
        // 2ⁿ from its bit pattern; n ∈ [−126, 128]: split as 2^(n/2)·2^(n − n/2) so n = 128 does not overflow early.
        let ni = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let half = ni &>> 1
        let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: SIMD8<Float>.self)
        let scaleB = unsafeBitCast((ni &- half &+ 127) &<< 23, to: SIMD8<Float>.self)
        var result = p * scaleA * scaleB
        result.replace(with: 0, where: x .< -87.336_54)
        result.replace(with: .infinity, where: x .> 88.722_83)
        result.replace(with: x, where: x .!= x)  // NaN stays NaN
        return result
    }

    /// `tanh(x)` per lane: `x·P(x²)/Q(x²)` on `x` clamped to ±7.9988 (where `Float` tanh is 1 to 2e-7), the
    /// rational minimax approximation Eigen uses (`generic_fast_tanh_float`); one division and no exponential.
    /// `|x| < 4e-4` returns `x` (relative error `x²/3`) and `|x| ≥ 9` returns ±1, as `Float` tanh rounds there.
    @inline(__always)
    public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var c = x.replacing(with: 7.998_811_721_801_757_81, where: x .> 7.998_811_721_801_757_81)
        c.replace(with: -7.998_811_721_801_757_81, where: c .< -7.998_811_721_801_757_81)
        let z = c * c
        var p = SIMD8<Float>(repeating: -2.760_768_477_423_55e-16)
        p = p * z + 2.000_187_904_824_77e-13
        p = p * z - 8.604_671_522_137_35e-11
        p = p * z + 5.122_297_090_371_14e-8
        p = p * z + 1.485_722_357_179_79e-5
        p = p * z + 6.372_619_288_754_36e-4
        p = p * z + 4.893_524_558_917_86e-3
        p = p * c
        var q = SIMD8<Float>(repeating: 1.198_258_394_667_02e-6)
        q = q * z + 1.185_347_056_866_54e-4
        q = q * z + 2.268_434_632_439_00e-3
        q = q * z + 4.893_525_185_543_85e-3
        var result = p / q  // NaN stays NaN: every comparison is false for it
        // Where the approximation's own rounding shows: tiny |x| (subnormal products) and |x| ≥ 9 (Float tanh is ±1).
        result.replace(with: x, where: (x .< 4e-4) .& (x .> -4e-4))
        result.replace(with: 1, where: x .>= 9)
        result.replace(with: -1, where: x .<= -9)
        return result
    }

    /// The logistic sigmoid `1 / (1 + e^{−x})` per lane.
    @inline(__always)
    public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        1 / (1 + exp(-x))
    }

    // MARK: - Buffers

    /// Applies `exp` to `count` values from `input` into `output` (which may be `input`).
    public static func exp(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        apply(input, output, count) { exp($0) }
    }

    /// Applies `tanh` to `count` values in place.
    public static func tanh(_ values: UnsafeMutablePointer<Float>, count: Int) {
        apply(UnsafePointer(values), values, count) { tanh($0) }
    }

    /// Applies the sigmoid to `count` values in place.
    public static func sigmoid(_ values: UnsafeMutablePointer<Float>, count: Int) {
        apply(UnsafePointer(values), values, count) { sigmoid($0) }
    }

    /// `exp` of every value of an array, in place.
    public static func exp(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { v in
            guard let p = v.baseAddress else { return }
            exp(UnsafePointer(p), into: p, count: v.count)
        }
    }

    /// `tanh` of every value of an array, in place.
    public static func tanh(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { v in
            guard let p = v.baseAddress else { return }
            tanh(p, count: v.count)
        }
    }

    @inline(__always)
    private static func apply(
        _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int,
        _ f: (SIMD8<Float>) -> SIMD8<Float>
    ) {
        let source = UnsafeRawPointer(input)
        let target = UnsafeMutableRawPointer(output)
        var i = 0
        while i + 8 <= count {
            let y = f(source.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            target.storeBytes(of: y, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        if i < count {
            var lanes = SIMD8<Float>()
            for j in 0 ..< count - i { lanes[j] = input[i + j] }
            let y = f(lanes)
            for j in 0 ..< count - i { output[i + j] = y[j] }
        }
    }
}
