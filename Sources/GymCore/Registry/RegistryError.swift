import Foundation

/// Errors of ``EnvRegistry`` and of factories reading an ``EnvSpec``.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No factory is registered under `id`; `known` lists the registered ids.
    case unknownID(String, known: [String])
    /// A factory is already registered under the id.
    case duplicateID(String)
    /// The id is not of the form `Name-vN`.
    case malformedID(String)
    /// A keyword argument did not parse as the expected type.
    case badArgument(id: String, key: String, value: String, expected: String)

    /// A message that names the problem and what would be accepted.
    public var description: String {
        switch self {
        case let .unknownID(id, known):
            let name = EnvRegistryID.name(of: id)
            let versions = known.filter { EnvRegistryID.name(of: $0) == name }
            let hint = versions.isEmpty ? "" : " (other versions: \(versions.joined(separator: ", ")))"
            let list = known.isEmpty ? "none registered" : known.joined(separator: ", ")
            return "no environment with id '\(id)'\(hint); known ids: \(list)"
        case let .duplicateID(id):
            return "an environment is already registered under '\(id)'"
        case let .malformedID(id):
            return "malformed environment id '\(id)': expected Name-vN, e.g. BeamSelection-v1"
        case let .badArgument(id, key, value, expected):
            return "\(id): argument '\(key)' = '\(value)' is not a valid \(expected)"
        }
    }
}

/// Parsing of `Name-vN` ids, shared by the registry and its errors.
enum EnvRegistryID {
    /// Whether `id` is `Name-vN`: a letter, then letters, digits, `_` or `/`, then `-v` and digits.
    static func isWellFormed(_ id: String) -> Bool {
        guard let dash = id.range(of: "-v", options: .backwards) else { return false }
        let name = id[..<dash.lowerBound]
        let version = id[dash.upperBound...]
        guard let first = name.first, first.isLetter, !version.isEmpty else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "/" }
            && version.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The id without its `-vN` suffix.
    static func name(of id: String) -> Substring {
        guard let dash = id.range(of: "-v", options: .backwards) else { return Substring(id) }
        return id[..<dash.lowerBound]
    }
}
