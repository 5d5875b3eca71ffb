/// The element types a tensor frame may carry, all little-endian, as named on the wire.
public enum TensorDType: String, Sendable, CaseIterable, Codable {
    /// IEEE 754 binary32.
    case f32
    /// IEEE 754 binary64.
    case f64
    /// Two's-complement 32-bit integer.
    case i32
    /// Two's-complement 64-bit integer.
    case i64
    /// Unsigned byte.
    case u8
    /// One byte, 0 (false) or 1 (true).
    case bool

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .f32, .i32: return 4
        case .f64, .i64: return 8
        case .u8, .bool: return 1
        }
    }
}
