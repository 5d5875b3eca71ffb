/// A 4×4 matrix of doubles in four SIMD rows: the tracker's covariance and transition matrices.
public struct Matrix4: Sendable, Equatable {
    /// Row 0.
    public var r0: SIMD4<Double>
    /// Row 1.
    public var r1: SIMD4<Double>
    /// Row 2.
    public var r2: SIMD4<Double>
    /// Row 3.
    public var r3: SIMD4<Double>

    /// Creates a matrix from its rows.
    @inlinable public init(_ r0: SIMD4<Double>, _ r1: SIMD4<Double>, _ r2: SIMD4<Double>, _ r3: SIMD4<Double>) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
        self.r3 = r3
    }

    /// A diagonal matrix.
    @inlinable public init(diagonal d: SIMD4<Double>) {
        self.init(SIMD4(d[0], 0, 0, 0), SIMD4(0, d[1], 0, 0), SIMD4(0, 0, d[2], 0), SIMD4(0, 0, 0, d[3]))
    }

    /// Element (i, j).
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get {
            switch i {
            case 0: return r0[j]
            case 1: return r1[j]
            case 2: return r2[j]
            default: return r3[j]
            }
        }
        set {
            switch i {
            case 0: r0[j] = newValue
            case 1: r1[j] = newValue
            case 2: r2[j] = newValue
            default: r3[j] = newValue
            }
        }
    }

    /// The transpose.
    @inlinable public var transposed: Matrix4 {
        Matrix4(
            SIMD4(r0[0], r1[0], r2[0], r3[0]), SIMD4(r0[1], r1[1], r2[1], r3[1]),
            SIMD4(r0[2], r1[2], r2[2], r3[2]), SIMD4(r0[3], r1[3], r2[3], r3[3]))
    }

    /// Matrix product.
    @inlinable public static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        @inline(__always) func row(_ r: SIMD4<Double>) -> SIMD4<Double> {
            r[0] * b.r0 + r[1] * b.r1 + r[2] * b.r2 + r[3] * b.r3
        }
        return Matrix4(row(a.r0), row(a.r1), row(a.r2), row(a.r3))
    }

    /// Matrix–vector product.
    @inlinable public static func * (a: Matrix4, v: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4((a.r0 * v).sum(), (a.r1 * v).sum(), (a.r2 * v).sum(), (a.r3 * v).sum())
    }

    /// Element-wise sum.
    @inlinable public static func + (a: Matrix4, b: Matrix4) -> Matrix4 {
        Matrix4(a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2, a.r3 + b.r3)
    }

    /// (A + Aᵀ)/2: removes the asymmetry rounding leaves in a covariance.
    @inlinable public var symmetrized: Matrix4 {
        let t = transposed
        return Matrix4((r0 + t.r0) * 0.5, (r1 + t.r1) * 0.5, (r2 + t.r2) * 0.5, (r3 + t.r3) * 0.5)
    }
}
