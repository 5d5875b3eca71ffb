// NeuralNet: the hyperbolic-tangent activation.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The element-wise activation `y = tanh(x)`; backward uses the cached output: `∂x = ∂y · (1 − y²)`.
public final class Tanh: Layer {
    private var cachedOutput = Tensor(shape: [0, 0])

    /// Creates the activation.
    public init() {}

    /// None.
    public var parameters: ParameterSet { ParameterSet() }

    /// Applies `tanh` element-wise.
    public func forward(_ input: Tensor) -> Tensor {
        var output = input
        output.scalars.withUnsafeMutableBufferPointer { y in
            for i in y.indices { y[i] = tanhf(y[i]) }
        }
        cachedOutput = output
        return output
    }

    /// Returns `∂y · (1 − y²)`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        precondition(gradOutput.shape == cachedOutput.shape, "Tanh.backward shape mismatch")
        var gradInput = gradOutput
        gradInput.scalars.withUnsafeMutableBufferPointer { g in
            cachedOutput.scalars.withUnsafeBufferPointer { y in
                for i in g.indices { g[i] *= 1 - y[i] * y[i] }
            }
        }
        return gradInput
    }
}
