// NeuralNet: a multilayer perceptron.

/// A sequence of ``Linear`` layers with an activation between them (none after the last).
///
/// CleanRL's PPO actor is `MLP(sizes: [obs, 64, 64, actions], activation: .tanh, outputGain: 0.01, …)` and its
/// critic `MLP(sizes: [obs, 64, 64, 1], activation: .tanh, outputGain: 1, …)`.
///
/// ```swift
/// let actor = MLP(sizes: [8, 64, 64, 4], activation: .tanh, outputGain: 0.01, using: &rng)
/// let logits = actor.forward(observations)        // [batch, 4]
/// let gradObs = actor.backward(gradLogits)        // accumulates actor.parameters' gradients
/// ```
public final class MLP: Layer {
    /// The layers in order: `Linear, activation, Linear, …, Linear`.
    public let layers: [any Layer]
    /// The linear layers in order.
    public let linears: [Linear]
    /// The layer widths, input first, output last.
    public let sizes: [Int]

    /// Creates an MLP with orthogonal weights and zero biases.
    /// - Parameters:
    ///   - sizes: The widths `[input, hidden…, output]`; at least two entries.
    ///   - activation: The activation after every hidden layer.
    ///   - hiddenGain: The orthogonal gain of hidden layers (√2 as CleanRL).
    ///   - outputGain: The orthogonal gain of the output layer (0.01 policy, 1 value).
    ///   - rng: The seeded generator that draws all weights, layer by layer.
    public init(
        sizes: [Int], activation: Activation = .tanh, hiddenGain: Float = Float(2).squareRoot(), outputGain: Float,
        using rng: inout some RandomNumberGenerator
    ) {
        precondition(sizes.count >= 2, "MLP needs at least input and output sizes")
        self.sizes = sizes
        var layers: [any Layer] = []
        var linears: [Linear] = []
        for index in 0 ..< sizes.count - 1 {
            let isOutput = index == sizes.count - 2
            let linear = Linear(
                inFeatures: sizes[index], outFeatures: sizes[index + 1], gain: isOutput ? outputGain : hiddenGain,
                using: &rng)
            linears.append(linear)
            layers.append(linear)
            if !isOutput { layers.append(activation.makeLayer()) }
        }
        self.layers = layers
        self.linears = linears
    }

    /// The parameters of every linear layer, named `"<linear index>.weight"` and `"<linear index>.bias"`.
    public var parameters: ParameterSet {
        var set = ParameterSet()
        for (index, linear) in linears.enumerated() {
            set.append(linear.weight, named: "\(index).weight")
            set.append(linear.bias, named: "\(index).bias")
        }
        return set
    }

    /// Runs the batch through every layer, caching activations for ``backward(_:)``.
    public func forward(_ input: Tensor) -> Tensor {
        var x = input
        for layer in layers { layer.forward(inPlace: &x) }
        return x
    }

    /// Back-propagates through every layer in reverse, accumulating gradients; returns `∂loss/∂input`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        var g = gradOutput
        for layer in layers.reversed() { layer.backward(inPlace: &g) }
        return g
    }

    /// Back-propagates like ``backward(_:)`` but skips the gradient with respect to the input (the first layer's
    /// `g·W`, a quarter of the backward work when nothing upstream needs it, as for an agent's observations).
    public func accumulateGradients(_ gradOutput: Tensor) {
        var g = gradOutput
        for layer in layers.dropFirst().reversed() { layer.backward(inPlace: &g) }
        if let first = layers.first as? Linear {
            first.accumulateParameterGradients(g)
        } else {
            _ = layers.first?.backward(g)
        }
    }
}
