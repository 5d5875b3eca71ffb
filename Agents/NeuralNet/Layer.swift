// NeuralNet: the protocol every differentiable block conforms to.

/// A differentiable block mapping `[batch, inFeatures]` to `[batch, outFeatures]` with a manual backward pass.
///
/// `forward` caches what `backward` needs; `backward` must follow the `forward` whose output it differentiates.
/// `backward` *accumulates* parameter gradients (call ``ParameterSet/zeroGrad()`` between updates) and returns the
/// gradient with respect to the input.
public protocol Layer: AnyObject {
    /// The trainable parameters, named relative to this layer (e.g. `"weight"`, `"bias"`).
    var parameters: ParameterSet { get }

    /// Computes the output for a batch and caches what ``backward(_:)`` needs.
    /// - Parameter input: A `[batch, inFeatures]` tensor.
    /// - Returns: A `[batch, outFeatures]` tensor.
    func forward(_ input: Tensor) -> Tensor

    /// Back-propagates through the last ``forward(_:)``, accumulating parameter gradients.
    /// - Parameter gradOutput: `∂loss/∂output`, the shape of the last output.
    /// - Returns: `∂loss/∂input`, the shape of the last input.
    func backward(_ gradOutput: Tensor) -> Tensor

    /// Replaces `x` with ``forward(_:)`` of it; element-wise layers override this to work in place (no copy).
    func forward(inPlace x: inout Tensor)

    /// Replaces `gradient` with ``backward(_:)`` of it; element-wise layers override this to work in place.
    func backward(inPlace gradient: inout Tensor)
}

extension Layer {
    /// `x = forward(x)`.
    public func forward(inPlace x: inout Tensor) { x = forward(x) }

    /// `gradient = backward(gradient)`.
    public func backward(inPlace gradient: inout Tensor) { gradient = backward(gradient) }
}
