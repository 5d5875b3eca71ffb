/// Where a tracer puts the paths it finds, one at a time, in order.
///
/// An array (the tracer's array-filling `trace`) or a ``PathWriter`` over storage the caller owns (the environments'
/// step: no array bookkeeping, no uniqueness checks per path).
public protocol PathSink {
    /// Adds the next path.
    mutating func append(_ path: PropagationPath)
}

extension Array: PathSink where Element == PropagationPath {}

/// Writes paths one after the other into caller-owned memory with room for the tracer's ``ImageMethodTracer/maxPathCount``.
public struct PathWriter: PathSink {
    /// The first slot.
    @usableFromInline let base: UnsafeMutablePointer<PropagationPath>
    /// Paths written so far.
    @usableFromInline var written = 0

    /// How many paths were written.
    @inlinable public var count: Int { written }

    /// A writer starting at `base`.
    @inlinable
    public init(base: UnsafeMutablePointer<PropagationPath>) { self.base = base }

    /// Writes the next path (a plain store: ``PropagationPath`` is trivial).
    @inlinable
    public mutating func append(_ path: PropagationPath) {
        (base + written).initialize(to: path)
        written += 1
    }
}
