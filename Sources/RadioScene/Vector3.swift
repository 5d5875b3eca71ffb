import Foundation

/// A point or direction in the scene's Cartesian frame, metres (x east, y north, z up).
public struct Vector3: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// East coordinate.
    public var x: Double
    /// North coordinate.
    public var y: Double
    /// Height.
    public var z: Double

    /// Creates a vector from its components.
    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The zero vector.
    public static let zero = Vector3(0, 0, 0)

    /// Euclidean length.
    @inlinable public var length: Double { (x * x + y * y + z * z).squareRoot() }
    /// The vector scaled to unit length (the zero vector stays zero).
    @inlinable public var normalized: Vector3 {
        let l = length
        return l > 0 ? self / l : self
    }
    /// Dot product.
    @inlinable public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
    /// Cross product.
    @inlinable public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }

    /// Component-wise sum.
    @inlinable public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    /// Component-wise difference.
    @inlinable public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    /// Scaling.
    @inlinable public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    /// Division by a scalar.
    @inlinable public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }

    /// `(x, y, z)` in metres.
    public var description: String { "(\(x), \(y), \(z))" }

    /// Encodes as `[x, y, z]`, the scenario files' form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x)
        try c.encode(y)
        try c.encode(z)
    }

    /// Decodes `[x, y, z]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        guard c.count == 3 else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected [x, y, z] in metres"))
        }
        self.init(try c.decode(Double.self), try c.decode(Double.self), try c.decode(Double.self))
    }
}
