/// A scenario file that cannot be used, with the file, the field and what is wrong.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or `<string>` for YAML given inline).
    public var source: String
    /// The dotted field path, e.g. `access_points[1].position`.
    public var field: String
    /// What is wrong with it.
    public var message: String

    /// Creates an error.
    public init(source: String, field: String, message: String) {
        self.source = source
        self.field = field
        self.message = message
    }

    /// `file: field: message`.
    public var description: String { "\(source): \(field): \(message)" }
}
