/// An environment that wraps another and changes part of what it does, as Gymnasium's `Wrapper`.
///
/// A wrapper that keeps the inner env's spaces gets them forwarded by the extensions below; it implements only
/// what it changes (`reset`, `step`).
public protocol EnvWrapper: Env {
    /// The wrapped environment's type.
    associatedtype Inner: Env
    /// The wrapped environment.
    var inner: Inner { get }
}

extension EnvWrapper {
    /// The inner env's observation space.
    public var observationSpace: Box { inner.observationSpace }
}

extension EnvWrapper where ActionSpace == Inner.ActionSpace {
    /// The inner env's action space.
    public var actionSpace: Inner.ActionSpace { inner.actionSpace }
}
