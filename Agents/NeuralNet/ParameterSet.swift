// NeuralNet: the named, ordered list of parameters that optimizers and checkpoints walk.

/// An ordered list of uniquely named ``Parameter``s.
///
/// Names are dotted paths such as `"actor.0.weight"`; they key checkpoints. Combine the sets of several
/// networks with ``init(_:)`` to train an actor and a critic with one optimizer:
///
/// ```swift
/// let all = ParameterSet(["actor": actor.parameters, "critic": critic.parameters, "logStd": head.parameters])
/// let norm = all.clipGradientNorm(maxNorm: 0.5)
/// ```
public struct ParameterSet {
    /// The parameters with their names, in a stable order.
    public private(set) var entries: [(name: String, parameter: Parameter)]

    /// Creates an empty set.
    public init() { entries = [] }

    /// Creates a set from named parameters; names must be unique.
    /// - Parameter entries: The names and parameters, in order.
    public init(_ entries: [(name: String, parameter: Parameter)]) {
        self.entries = []
        for entry in entries { append(entry.parameter, named: entry.name) }
    }

    /// Creates a set that prefixes each child set's names with its key (`key.name`), children in key order.
    /// - Parameter children: Sets keyed by prefix.
    public init(_ children: [String: ParameterSet]) {
        self.entries = []
        for key in children.keys.sorted() {
            guard let child = children[key] else { continue }
            for entry in child.entries { append(entry.parameter, named: "\(key).\(entry.name)") }
        }
    }

    /// Appends a parameter under a new, unique name.
    /// - Parameters:
    ///   - parameter: The parameter.
    ///   - name: Its name; must not already be in the set.
    public mutating func append(_ parameter: Parameter, named name: String) {
        precondition(!entries.contains { $0.name == name }, "Duplicate parameter name \(name)")
        entries.append((name, parameter))
    }

    /// Returns a copy of this set with every name prefixed by `prefix.`.
    /// - Parameter prefix: The prefix, without the dot.
    public func prefixed(_ prefix: String) -> ParameterSet {
        ParameterSet(entries.map { (name: "\(prefix).\($0.name)", parameter: $0.parameter) })
    }

    /// The parameter with the given name, if any.
    public subscript(name: String) -> Parameter? {
        entries.first { $0.name == name }?.parameter
    }

    /// The names, in order.
    public var names: [String] { entries.map(\.name) }

    /// The total number of scalars over all parameters.
    public var scalarCount: Int { entries.reduce(0) { $0 + $1.parameter.count } }

    /// Sets every gradient to zero.
    public func zeroGrad() {
        for entry in entries { entry.parameter.zeroGrad() }
    }

    /// The Euclidean norm of all gradients taken together, accumulated in `Double`.
    public var gradientNorm: Float {
        var sum = 0.0
        for entry in entries {
            entry.parameter.grad.withUnsafeBufferPointer { g in
                for value in g { sum += Double(value) * Double(value) }
            }
        }
        return Float(sum.squareRoot())
    }

    /// Scales all gradients so that their joint norm is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`.
    ///
    /// The scale is `maxNorm / (norm + 1e-6)` and is applied only when it is below one.
    /// - Parameter maxNorm: The largest allowed joint gradient norm.
    /// - Returns: The joint gradient norm before clipping (log it as `losses/grad_norm`).
    @discardableResult
    public func clipGradientNorm(maxNorm: Float) -> Float {
        let norm = gradientNorm
        let scale = maxNorm / (norm + 1e-6)
        guard scale < 1 else { return norm }
        for entry in entries {
            entry.parameter.grad.withUnsafeMutableBufferPointer { g in
                for i in g.indices { g[i] *= scale }
            }
        }
        return norm
    }

    /// A copy of every parameter's values, keyed by name (for snapshots, Reptile/MAML and target networks).
    public func snapshot() -> [String: [Float]] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.parameter.value) })
    }

    /// Overwrites the values of every parameter from another set with the same names and shapes.
    /// - Parameter other: The source set; must hold the same names with equal shapes.
    public func copyValues(from other: ParameterSet) {
        for entry in entries {
            guard let source = other[entry.name] else { preconditionFailure("copyValues: \(entry.name) is missing") }
            precondition(source.shape == entry.parameter.shape, "copyValues: shape of \(entry.name) differs")
            entry.parameter.value = source.value
        }
    }
}

extension ParameterSet {
    /// Copies the values of `other` (same names and shapes, same order) into this set's existing storage, without
    /// reallocating: for worker replicas that must see the optimizer's latest weights.
    /// - Parameter other: The source set, entry for entry.
    public func assignValues(from other: ParameterSet) {
        precondition(other.entries.count == entries.count, "assignValues: the sets hold different parameters")
        for (target, source) in zip(entries, other.entries) {
            precondition(target.parameter.count == source.parameter.count, "assignValues: size of \(target.name) differs")
            target.parameter.value.withUnsafeMutableBufferPointer { t in
                source.parameter.value.withUnsafeBufferPointer { s in
                    guard let tp = t.baseAddress, let sp = s.baseAddress else { return }
                    tp.update(from: sp, count: s.count)
                }
            }
        }
    }

    /// Adds the gradients of `other` (same names and shapes, same order) to this set's gradients.
    /// - Parameter other: The set whose gradients are added, entry for entry.
    public func accumulateGradients(from other: ParameterSet) {
        precondition(other.entries.count == entries.count, "accumulateGradients: the sets hold different parameters")
        for (target, source) in zip(entries, other.entries) {
            precondition(target.parameter.count == source.parameter.count, "accumulateGradients: size of \(target.name) differs")
            target.parameter.grad.withUnsafeMutableBufferPointer { t in
                source.parameter.grad.withUnsafeBufferPointer { s in
                    for i in 0 ..< s.count { t[i] += s[i] }
                }
            }
        }
    }
}
