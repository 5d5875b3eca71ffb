/// The descriptor of one tensor frame: `{"name":"obs","dtype":"f32","shape":[4,136]}`.
///
/// The header lists one descriptor per frame after frame 0, in frame order. The frame holds exactly
/// `product(shape) × itemSize` bytes, row-major (C order), little-endian; a shape of `[]` is a scalar.
///
/// ```swift
/// let frame = TensorFrame(name: "rewards", dtype: .f64, shape: [4])
/// frame.byteCount   // 32
/// ```
public struct TensorFrame: Sendable, Equatable, Codable {
    /// What the tensor is (`obs`, `rewards`, `terminated`, `truncated`, `actions`).
    public var name: String
    /// The element type as sent (validated against ``TensorDType`` by the receiver).
    public var dtype: String
    /// The dimensions, outermost first.
    public var shape: [Int]

    /// Creates a descriptor.
    public init(name: String, dtype: TensorDType, shape: [Int]) {
        self.name = name
        self.dtype = dtype.rawValue
        self.shape = shape
    }

    /// Creates a descriptor with a dtype as received (possibly unknown; see ``elementType``).
    public init(name: String, dtype: String, shape: [Int]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }

    /// The element type, when it is one the protocol knows.
    public var elementType: TensorDType? { TensorDType(rawValue: dtype) }

    /// The number of elements, or `nil` when a dimension is negative or the product overflows.
    public var elementCount: Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// The frame's size in bytes, or `nil` for an unknown dtype or an invalid shape.
    public var byteCount: Int? {
        guard let elementType, let elementCount else { return nil }
        let (bytes, overflow) = elementCount.multipliedReportingOverflow(by: elementType.itemSize)
        return overflow ? nil : bytes
    }

    /// The descriptor as compact JSON, with the name escaped.
    var json: String {
        "{\"name\":\(JSONWriter.quoted(name)),\"dtype\":\(JSONWriter.quoted(dtype)),\"shape\":["
            + shape.map(String.init).joined(separator: ",") + "]}"
    }
}
