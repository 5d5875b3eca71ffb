/// A box in ℝⁿ of `Float32` values with per-component bounds, as Gymnasium's `spaces.Box`.
///
/// SensingGym's observations are always a flat `Box`; continuous actions (RIS phases) are too.
///
/// ```swift
/// let phases = Box(low: -.pi, high: .pi, shape: [64])
/// phases.contains(phases.sample(using: &rng))   // true
/// ```
public struct Box: Space {
    /// Lower bound of each component (may be `-infinity`).
    public let low: [Float]
    /// Upper bound of each component (may be `+infinity`).
    public let high: [Float]
    /// The shape; the element count is the product of its entries.
    public let shape: [Int]

    /// The number of components.
    public var size: Int { low.count }

    /// Creates a box with per-component bounds; `low.count == high.count == shape.product`.
    public init(low: [Float], high: [Float], shape: [Int]? = nil) {
        precondition(low.count == high.count, "Box bounds differ in length: \(low.count) vs \(high.count)")
        precondition(zip(low, high).allSatisfy { $0 <= $1 }, "Box needs low <= high in every component")
        let shape = shape ?? [low.count]
        precondition(shape.reduce(1, *) == low.count, "Box shape \(shape) does not hold \(low.count) values")
        self.low = low
        self.high = high
        self.shape = shape
    }

    /// Creates a box with the same bounds in every component.
    public init(low: Float, high: Float, shape: [Int]) {
        let count = shape.reduce(1, *)
        self.init(
            low: [Float](repeating: low, count: count), high: [Float](repeating: high, count: count), shape: shape)
    }

    /// Draws a point: uniform where both bounds are finite, otherwise a standard normal offset from the finite bound.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Float] {
        (0..<size).map { i in
            let lo = low[i], hi = high[i]
            switch (lo.isFinite, hi.isFinite) {
            case (true, true): return lo == hi ? lo : Float.random(in: lo...hi, using: &generator)
            case (true, false): return lo + abs(Float(generator.nextGaussian()))
            case (false, true): return hi - abs(Float(generator.nextGaussian()))
            case (false, false): return Float(generator.nextGaussian())
            }
        }
    }

    /// Whether `element` has the right length, is finite-or-bounded and lies within the bounds.
    public func contains(_ element: [Float]) -> Bool {
        guard element.count == size else { return false }
        return element.withUnsafeBufferPointer { contains($0) }
    }

    /// Whether the buffer has the right length and every value lies within the bounds (NaN never does).
    public func contains(_ element: UnsafeBufferPointer<Float>) -> Bool {
        guard element.count == size else { return false }
        for i in 0..<size where !(element[i] >= low[i] && element[i] <= high[i]) { return false }
        return true
    }

    /// `{"type":"Box",…}`.
    public var spaceDescription: SpaceDescription { .box(low: low, high: high, shape: shape) }

    /// Accepts `.values(v)` with `v` in the box.
    public func element(from flat: FlatAction) throws(EnvError) -> [Float] {
        guard case .values(let values) = flat else {
            throw .invalidAction("\(self) takes \(size) float values, got \(flat.formDescription)")
        }
        guard values.count == size else {
            throw .invalidAction("\(self) takes \(size) values, got \(values.count)")
        }
        if let i = values.indices.first(where: { !(values[$0] >= low[$0] && values[$0] <= high[$0]) }) {
            throw .invalidAction("component \(i) = \(values[i]) is outside [\(low[i]), \(high[i])] of \(self)")
        }
        return values
    }

    /// `.values(element)`.
    public func flatAction(from element: [Float]) -> FlatAction { .values(element) }

    /// `Box(low, high, shape)` with the bounds shown when they are uniform.
    public var description: String {
        let uniform = Set(low).count <= 1 && Set(high).count <= 1
        let bounds = uniform ? "\(low.first ?? 0), \(high.first ?? 0)" : "low=…, high=…"
        return "Box(\(bounds), \(shape), float32)"
    }
}
