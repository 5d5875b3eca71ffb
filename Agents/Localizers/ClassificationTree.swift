/// A trained CART classification tree over integer class labels, stored as flat node arrays.
///
/// Node `i` is a leaf when `feature[i] < 0`; its class is `left[i]`. Otherwise rows with
/// `row[feature[i]] <= threshold[i]` go to node `left[i]`, the others to `right[i]`.
struct ClassificationTree: Sendable, Equatable {
    /// Split feature per node, or -1 for a leaf.
    var feature: [Int32] = []
    /// Split threshold per node (unused for leaves).
    var threshold: [Double] = []
    /// Left child per node, or the class label for a leaf.
    var left: [Int32] = []
    /// Right child per node (unused for leaves).
    var right: [Int32] = []

    /// The number of nodes.
    var nodeCount: Int { feature.count }

    /// Appends a placeholder node and returns its index.
    mutating func appendNode() -> Int {
        feature.append(-1)
        threshold.append(0)
        left.append(0)
        right.append(0)
        return feature.count - 1
    }

    /// The class voted by this tree for one row of features (the majority class of the row's leaf).
    func vote(_ row: UnsafeBufferPointer<Double>) -> Int32 {
        var node = 0
        while true {
            let f = feature[node]
            if f < 0 { return left[node] }
            node = Int(row[Int(f)] <= threshold[node] ? left[node] : right[node])
        }
    }
}
