// NeuralNet: the hyperbolic-tangent activation.

/// The element-wise activation `y = tanh(x)`; backward uses the cached output: `∂x = ∂y · (1 − y²)`.
public final class Tanh: Layer {
    private var cachedOutput = Tensor(shape: [0, 0])

    /// Creates the activation.
    public init() {}

    /// None.
    public var parameters: ParameterSet { ParameterSet() }

    /// Applies `tanh` element-wise (``VectorMath/tanh(_:count:)``, eight lanes at a time).
    public func forward(_ input: Tensor) -> Tensor {
        var output = input
        forward(inPlace: &output)
        return output
    }

    /// Applies `tanh` to `x` in place and caches the result.
    public func forward(inPlace x: inout Tensor) {
        VectorMath.tanh(&x.scalars)
        cachedOutput = x
    }

    /// Returns `∂y · (1 − y²)`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        var gradInput = gradOutput
        backward(inPlace: &gradInput)
        return gradInput
    }

    /// Multiplies `gradient` by `1 − y²` in place.
    public func backward(inPlace gradient: inout Tensor) {
        precondition(gradient.shape == cachedOutput.shape, "Tanh.backward shape mismatch")
        gradient.scalars.withUnsafeMutableBufferPointer { g in
            cachedOutput.scalars.withUnsafeBufferPointer { y in
                guard let gp = g.baseAddress, let yp = y.baseAddress else { return }
                var i = 0
                while i + 8 <= g.count {
                    let yv = Kernels.load8(yp + i)
                    Kernels.store8(Kernels.load8(gp + i) * (1 - yv * yv), gp + i)
                    i += 8
                }
                while i < g.count {
                    gp[i] *= 1 - yp[i] * yp[i]
                    i += 1
                }
            }
        }
    }
}
