/// Why a localizer could not be fitted or could not predict a table.
public enum LocalizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The training table has no rows (e.g. `rows(inSplit:)` matched nothing).
    case emptyTrainingSet(source: String)
    /// A hyperparameter is out of range (`k` larger than the training set, zero trees, …).
    case invalidParameter(name: String, value: Int, reason: String)
    /// `predict(table:)` was called before `fit`.
    case notFitted(localizer: String)
    /// The table to predict has other feature columns than the training table.
    case featureMismatch(expected: [String], found: [String])

    /// A one-line message for people.
    public var description: String {
        switch self {
        case let .emptyTrainingSet(source):
            return "\(source): the training table has no rows"
        case let .invalidParameter(name, value, reason):
            return "invalid \(name) = \(value): \(reason)"
        case let .notFitted(localizer):
            return "\(localizer): predict called before fit"
        case let .featureMismatch(expected, found):
            return "feature columns differ from training: expected [\(expected.joined(separator: ","))], "
                + "found [\(found.joined(separator: ","))]"
        }
    }
}
