import Foundation
import RadioScene

/// The scenario files shipped in `Environments/Scenarios/`, and resolution of a `--scenario` argument.
///
/// ```swift
/// let scenario = try ScenarioLibrary.resolve("wrf-office-16x15")   // or a path to a .yaml file
/// ```
public enum ScenarioLibrary {
    /// The scenario used when none is named.
    public static let defaultName = "wrf-office-16x15"

    /// The folder holding the built-in scenario files.
    public static var directory: URL? {
        Bundle.module.url(forResource: "Scenarios", withExtension: nil)
    }

    /// Names of the built-in scenarios, sorted.
    public static var names: [String] {
        guard let directory,
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a built-in scenario by name, or a YAML file by path.
    /// - Throws: ``ScenarioError`` naming the file and field, or listing the built-in names when none matches.
    public static func resolve(_ nameOrPath: String) throws(ScenarioError) -> Scenario {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            return try ScenarioLoader.load(path: nameOrPath)
        }
        guard let directory, names.contains(nameOrPath) else {
            throw ScenarioError(
                source: nameOrPath, field: "(scenario)",
                message: "is neither a YAML file nor a built-in scenario (\(names.joined(separator: ", ")))")
        }
        return try ScenarioLoader.load(path: directory.appendingPathComponent(nameOrPath + ".yaml").path)
    }
}
