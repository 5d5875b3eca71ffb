/// Why a fingerprint dataset could not be generated.
public enum FingerprintGenerationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The grid settings (spacing, margin, height) do not give any reference point.
    case invalidGrid(String)
    /// A generator setting is out of range (e.g. a negative test-point count).
    case invalidParameter(String)
    /// Too many test points fell where an access point cannot be detected.
    case tooFewDetections(String)

    /// A one-line message for people.
    public var description: String {
        switch self {
        case let .invalidGrid(message): return "invalid grid: \(message)"
        case let .invalidParameter(message): return "invalid parameter: \(message)"
        case let .tooFewDetections(message): return "too few detections: \(message)"
        }
    }
}
