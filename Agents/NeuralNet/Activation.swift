// NeuralNet: the choice of hidden activation for an MLP.

/// The hidden-layer activation of an ``MLP``.
public enum Activation: String, Sendable, CaseIterable, Codable {
    /// `tanh`, CleanRL's default for PPO on vector observations.
    case tanh
    /// `max(x, 0)`.
    case relu

    /// A new layer computing this activation.
    public func makeLayer() -> any Layer {
        switch self {
        case .tanh: return Tanh()
        case .relu: return ReLU()
        }
    }
}
