/// How many features a forest's tree evaluates at each split (scikit-learn's `max_features`).
public enum MaxFeatures: Sendable, Equatable, CustomStringConvertible {
    /// `max(1, ⌊√f⌋)` — the random-forest default for classification (2 of the paper's 8 features for 2 APs).
    case sqrt
    /// `max(1, ⌊log₂ f⌋)`.
    case log2
    /// All `f` features (bagged trees, no feature subsampling).
    case all
    /// A fixed number, clamped to `1...f`.
    case count(Int)

    /// The number of features to evaluate for a table with `featureCount` columns.
    public func resolved(featureCount f: Int) -> Int {
        switch self {
        case .sqrt: return max(1, Int(Double(f).squareRoot()))
        case .log2: return max(1, Int.bitWidth - max(f, 1).leadingZeroBitCount - 1)
        case .all: return max(1, f)
        case let .count(n): return min(max(1, n), max(1, f))
        }
    }

    /// The scikit-learn spelling (`"sqrt"`, `"log2"`, `None`, or the number).
    public var description: String {
        switch self {
        case .sqrt: return "sqrt"
        case .log2: return "log2"
        case .all: return "None"
        case let .count(n): return "\(n)"
        }
    }
}
