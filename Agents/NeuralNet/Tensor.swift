// NeuralNet: the dense tensor every layer reads and writes.

/// A dense, row-major tensor of `Float` scalars with an explicit shape.
///
/// Layers in this module take and return rank-2 tensors `[batch, features]`; a single observation is a batch of
/// one. Storage is one contiguous `[Float]`, so hot loops can use `withUnsafeBufferPointer`.
///
/// ```swift
/// var x = Tensor(shape: [2, 3])
/// x[1, 2] = 0.5
/// let y = mlp.forward(x)   // shape [2, outputs]
/// ```
public struct Tensor: Equatable, Sendable {
    /// The extent of each dimension, outermost first.
    public let shape: [Int]
    /// The scalars in row-major order; `scalars.count` always equals the product of `shape`.
    public var scalars: [Float]

    /// Creates a tensor of the given shape filled with `value`.
    /// - Parameters:
    ///   - shape: The extent of each dimension; every extent must be non-negative.
    ///   - value: The value of every scalar.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape must be non-negative, got \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a tensor from row-major scalars.
    /// - Parameters:
    ///   - shape: The extent of each dimension.
    ///   - scalars: Row-major values; the count must equal the product of `shape`.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape must be non-negative, got \(shape)")
        precondition(
            shape.reduce(1, *) == scalars.count,
            "Tensor of shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a `[rows.count, width]` matrix from rows of equal length.
    /// - Parameter rows: The rows; each must have the same count.
    public init(rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "Tensor(rows:) needs rows of equal length")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// The number of scalars.
    public var count: Int { scalars.count }

    /// The extent of the first dimension (the batch size for rank-2 tensors).
    public var rowCount: Int { shape.first ?? 1 }

    /// The number of scalars per row (the feature count for rank-2 tensors).
    public var columnCount: Int { rowCount == 0 ? 0 : scalars.count / rowCount }

    /// Reads or writes the scalar at `row`, `column` of a rank-2 tensor.
    public subscript(row: Int, column: Int) -> Float {
        get { scalars[row * columnCount + column] }
        set { scalars[row * columnCount + column] = newValue }
    }

    /// The scalars of one row of a rank-2 tensor.
    /// - Parameter index: The row index.
    /// - Returns: A copy of the row's scalars.
    public func row(_ index: Int) -> [Float] {
        let width = columnCount
        return Array(scalars[index * width ..< (index + 1) * width])
    }
}
