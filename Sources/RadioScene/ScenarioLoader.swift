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
        let recorder = DecodedKeyRecorder()
        do {
            scenario = try YAMLDecoder().decode(
                DecodedKeyRecorder.Recorded<Scenario>.self, from: yaml,
                userInfo: [DecodedKeyRecorder.userInfoKey: recorder]
            ).value
        } catch let error as DecodingError {
            var described = describe(error, source: source)
            if case .keyNotFound(let key, let context) = error,
                let misspelt = misspelling(of: key.stringValue, at: context.codingPath, in: yaml)
            {
                described = ScenarioError(
                    source: source, field: described.field,
                    message: "is missing; the file has '\(misspelt)' there instead — misspelt?")
            }
            throw described
        } catch {
            throw ScenarioError(source: source, field: "(yaml)", message: "is not valid YAML: \(error)")
        }
        if let node = try? Yams.compose(yaml: yaml) {
            try rejectUnknownKeys(in: node, path: "", known: recorder.keys, source: source)
        }
        try scenario.validate(source: source)
        return scenario
    }

    /// Throws for the first mapping key that no field of ``Scenario`` reads, naming the nearest valid key.
    static func rejectUnknownKeys(
        in node: Node, path: String, known: [String: Set<String>], source: String
    ) throws(ScenarioError) {
        switch node {
        case .mapping(let mapping):
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "\(keyNode)"
                let valid = known[path] ?? []
                let field = path.isEmpty ? key : "\(path).\(key)"
                guard valid.contains(key) else {
                    let nearest = valid.min { editDistance($0, key) < editDistance($1, key) }
                    let hint = nearest.map { "; did you mean '\($0)'?" } ?? ""
                    throw ScenarioError(
                        source: source, field: field.replacingOccurrences(of: "[]", with: ""),
                        message: "is not a scenario key\(hint) (valid here: \(valid.sorted().joined(separator: ", ")))")
                }
                try rejectUnknownKeys(in: value, path: field, known: known, source: source)
            }
        case .sequence(let sequence):
            for element in sequence { try rejectUnknownKeys(in: element, path: path + "[]", known: known, source: source) }
        default:
            return
        }
    }

    /// A key of the mapping at `codingPath` in `yaml` that is close to the missing `key` (a likely misspelling).
    static func misspelling(of key: String, at codingPath: [any CodingKey], in yaml: String) -> String? {
        guard var node = try? Yams.compose(yaml: yaml) else { return nil }
        for component in codingPath {
            if let index = component.intValue {
                guard case .sequence(let sequence) = node, sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            } else {
                guard case .mapping(let mapping) = node, let next = mapping[component.stringValue] else { return nil }
                node = next
            }
        }
        guard case .mapping(let mapping) = node else { return nil }
        let candidates = mapping.keys.compactMap(\.string).filter { $0 != key }
        return candidates.filter { editDistance($0, key) <= max(2, key.count / 4) }
            .min { editDistance($0, key) < editDistance($1, key) }
    }

    /// The Levenshtein distance between two keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
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
