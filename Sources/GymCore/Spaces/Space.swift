/// A set that actions or observations are drawn from, as Gymnasium's `spaces.Space`.
///
/// Every space can draw a random element, check membership, and describe itself as JSON
/// (``SpaceDescription``), which is how the bridge tells remote clients what to expect.
public protocol Space: Sendable, Equatable, CustomStringConvertible {
    /// The type of the space's elements.
    associatedtype Element

    /// Draws an element uniformly (for `Box`: uniformly within finite bounds).
    func sample(using generator: inout some RandomNumberGenerator) -> Element

    /// Whether `element` lies in the space.
    func contains(_ element: Element) -> Bool

    /// The space as a JSON-ready description.
    var spaceDescription: SpaceDescription { get }

    /// Converts an action in the flat wire form into an element, or throws naming what is wrong.
    func element(from flat: FlatAction) throws(EnvError) -> Element

    /// Converts an element into the flat wire form.
    func flatAction(from element: Element) -> FlatAction
}

/// An action in the flat form that agents, type-erased envs and the bridge exchange.
public enum FlatAction: Sendable, Equatable {
    /// One index (``Discrete``).
    case index(Int)
    /// One index per component (``MultiDiscrete``).
    case indices([Int])
    /// Continuous values (``Box``).
    case values([Float])
}

extension FlatAction: CustomStringConvertible {
    /// The action as its space's element prints (`3`, `[0, 2]`, `[0.5]`), so tables and histograms read the same
    /// for a type-erased or remote env as for the env itself.
    public var description: String {
        switch self {
        case .index(let i): return "\(i)"
        case .indices(let v): return "\(v)"
        case .values(let v): return "\(v)"
        }
    }

    /// The action with its wire form named (`index(3)`, `indices([0, 2])`, `values([0.5])`), for errors about
    /// the wrong form.
    public var formDescription: String {
        switch self {
        case .index(let i): return "index(\(i))"
        case .indices(let v): return "indices(\(v))"
        case .values(let v): return "values(\(v))"
        }
    }
}
