import RadioScene

/// Why a task of a ``TaskFamily`` could not be made.
public enum TaskFamilyError: Error, Sendable, CustomStringConvertible {
    /// No family has this name.
    case unknownFamily(String, known: [String])
    /// The index lies outside 0 … ``TaskFamily/maxIndex``.
    case indexOutOfRange(Int)
    /// The identifier names another family.
    case wrongFamily(TaskID, expected: String)
    /// The sampled task failed validation (a sampler bug).
    case invalidTask(ScenarioError)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .unknownFamily(let name, let known):
            return "unknown task family '\(name)'; known: \(known.joined(separator: ", "))"
        case .indexOutOfRange(let index):
            return "task index \(index) is outside 0…\(TaskFamily.maxIndex)"
        case .wrongFamily(let id, let expected):
            return "task \(id) is not a task of the \(expected) family"
        case .invalidTask(let error):
            return "sampled task is invalid: \(error)"
        }
    }
}
