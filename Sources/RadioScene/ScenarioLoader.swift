import Foundation
import Yams

/// Reads scenario YAML files into validated ``Scenario`` values.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "Environments/Scenarios/wrf-office-16x15.yaml")
/// ```
public enum ScenarioLoader {
    /// Loads and validates the YAML file at `path`.
    /// - Throws: ``ScenarioError`` naming the file, the field and the problem.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(source: path, field: "(file)", message: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(yaml: text, source: path)
    }

    /// Parses and validates scenario YAML; `source` names it in errors.
    /// - Throws: ``ScenarioError``.
    public static func parse(yaml: String, source: String = "<string>") throws(ScenarioError) -> Scenario {
        let scenario: Scenario
        do {
            scenario = try YAMLDecoder().decode(Scenario.self, from: yaml)
        } catch let error as DecodingError {
            throw describe(error, source: source)
        } catch {
            throw ScenarioError(source: source, field: "(yaml)", message: "is not valid YAML: \(error)")
        }
        try scenario.validate(source: source)
        return scenario
    }

    /// Serialises a scenario as YAML that ``parse(yaml:source:)`` reads back unchanged.
    public static func yaml(of scenario: Scenario) throws -> String {
        try YAMLEncoder().encode(scenario)
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? "(top level)" : result
    }

    static func describe(_ error: DecodingError, source: String) -> ScenarioError {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            let field = parent == "(top level)" ? key.stringValue : "\(parent).\(key.stringValue)"
            return ScenarioError(source: source, field: field, message: "is missing")
        case .typeMismatch(let type, let context):
            return ScenarioError(
                source: source, field: path(context.codingPath), message: "has the wrong type (expected \(type))")
        case .valueNotFound(let type, let context):
            return ScenarioError(
                source: source, field: path(context.codingPath), message: "is empty (expected \(type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty && context.underlyingError != nil:
            // Yams reports YAML syntax errors (with line and column) as the underlying error.
            let underlying = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return ScenarioError(source: source, field: "(yaml)", message: "is not valid YAML: \(underlying)")
        case .dataCorrupted(let context):
            return ScenarioError(
                source: source, field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return ScenarioError(source: source, field: "(yaml)", message: "\(error)")
        }
    }
}
