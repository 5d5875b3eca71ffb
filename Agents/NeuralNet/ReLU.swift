// NeuralNet: the rectified-linear activation.

/// The element-wise activation `y = max(x, 0)`; the gradient at `x = 0` is taken as 0, as in PyTorch.
public final class ReLU: Layer {
    private var cachedOutput = Tensor(shape: [0, 0])

    /// Creates the activation.
    public init() {}

    /// None.
    public var parameters: ParameterSet { ParameterSet() }

    /// Applies `max(x, 0)` element-wise.
    public func forward(_ input: Tensor) -> Tensor {
        var output = input
        output.scalars.withUnsafeMutableBufferPointer { y in
            for i in y.indices { y[i] = y[i] > 0 ? y[i] : 0 }
        }
        cachedOutput = output
        return output
    }

    /// Passes the gradient where the output was positive.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        precondition(gradOutput.shape == cachedOutput.shape, "ReLU.backward shape mismatch")
        var gradInput = gradOutput
        gradInput.scalars.withUnsafeMutableBufferPointer { g in
            cachedOutput.scalars.withUnsafeBufferPointer { y in
                for i in g.indices where y[i] <= 0 { g[i] = 0 }
            }
        }
        return gradInput
    }
}
