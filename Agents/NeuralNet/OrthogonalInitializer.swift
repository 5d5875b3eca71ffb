// NeuralNet: orthogonal weight initialisation.

/// Orthogonal initialisation as `torch.nn.init.orthogonal_`: the Q factor of a Gaussian matrix, scaled by a gain.
///
/// For a `rows × columns` matrix the rows (if `rows ≤ columns`) or the columns (otherwise) are orthonormal, times
/// `gain`. Q comes from modified Gram–Schmidt in `Double` on the taller orientation, which yields R with a
/// positive diagonal — the same sign convention PyTorch enforces with `q *= sign(diag(r))`.
public enum OrthogonalInitializer {
    /// Returns a row-major `rows × columns` matrix with orthonormal rows or columns, times `gain`.
    /// - Parameters:
    ///   - rows: The number of rows (a layer's outputs).
    ///   - columns: The number of columns (a layer's inputs).
    ///   - gain: The scale: √2 for tanh/ReLU hidden layers, 0.01 for a policy output, 1 for a value output.
    ///   - rng: The seeded generator that draws the Gaussian matrix.
    public static func matrix(
        rows: Int, columns: Int, gain: Float, using rng: inout some RandomNumberGenerator
    ) -> [Float] {
        guard rows > 0, columns > 0 else { return [] }
        // Work on a tall matrix A (m × n, m ≥ n) stored column by column.
        let m = max(rows, columns)
        let n = min(rows, columns)
        var gaussian = [Double](repeating: 0, count: rows * columns)
        var i = 0
        while i < gaussian.count {
            let (a, b) = GaussianSampler.pair(using: &rng)
            gaussian[i] = a
            if i + 1 < gaussian.count { gaussian[i + 1] = b }
            i += 2
        }
        // Column j of A: when rows ≥ columns, A = G (column j of G); otherwise A = Gᵀ (row j of G).
        var q = [[Double]](repeating: [Double](repeating: 0, count: m), count: n)
        for j in 0 ..< n {
            for k in 0 ..< m {
                q[j][k] = rows >= columns ? gaussian[k * columns + j] : gaussian[j * columns + k]
            }
        }
        for j in 0 ..< n {
            for p in 0 ..< j {
                var projection = 0.0
                for k in 0 ..< m { projection += q[p][k] * q[j][k] }
                for k in 0 ..< m { q[j][k] -= projection * q[p][k] }
            }
            var norm = 0.0
            for k in 0 ..< m { norm += q[j][k] * q[j][k] }
            norm = norm.squareRoot()
            // A Gaussian matrix is full rank with probability one; guard the measure-zero case anyway.
            let scale = norm > 1e-12 ? 1 / norm : 0
            for k in 0 ..< m { q[j][k] *= scale }
        }
        var result = [Float](repeating: 0, count: rows * columns)
        let g = Double(gain)
        for j in 0 ..< n {
            for k in 0 ..< m {
                let index = rows >= columns ? k * columns + j : j * columns + k
                result[index] = Float(g * q[j][k])
            }
        }
        return result
    }
}
