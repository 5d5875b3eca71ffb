// NeuralNet: one trainable array and its gradient.

/// A trainable array of scalars and the gradient accumulated for it.
///
/// Layers own their parameters; a ``ParameterSet`` names them so that ``Adam``, gradient-norm clipping and
/// checkpoints can iterate over all of them. `Parameter` is a reference type so that the layer, the optimizer
/// and the set see the same storage. Gradients accumulate (`+=`) across backward passes until ``zeroGrad()``.
public final class Parameter {
    /// The logical shape of the values, e.g. `[out, in]` for a weight matrix.
    public let shape: [Int]
    /// The values in row-major order.
    public var value: [Float]
    /// The accumulated gradient of the loss with respect to `value`, same layout.
    public var grad: [Float]

    /// Creates a parameter with the given values and a zero gradient.
    /// - Parameters:
    ///   - shape: The logical shape; its product must equal `value.count`.
    ///   - value: The initial values.
    public init(shape: [Int], value: [Float]) {
        precondition(shape.reduce(1, *) == value.count, "Parameter of shape \(shape) needs \(shape.reduce(1, *)) values")
        self.shape = shape
        self.value = value
        self.grad = [Float](repeating: 0, count: value.count)
    }

    /// Creates a parameter filled with `constant` and a zero gradient.
    /// - Parameters:
    ///   - shape: The logical shape.
    ///   - constant: The value of every scalar.
    public convenience init(shape: [Int], constant: Float) {
        self.init(shape: shape, value: [Float](repeating: constant, count: shape.reduce(1, *)))
    }

    /// The number of scalars.
    public var count: Int { value.count }

    /// Sets every gradient entry to zero.
    public func zeroGrad() {
        grad.withUnsafeMutableBufferPointer { g in
            g.update(repeating: 0)
        }
    }
}
