import GymCore

/// Grows one CART tree (Gini impurity) on a bootstrap sample, with a random feature subset at every split.
///
/// This is Algorithm 1's TREEGENERATE (Wu et al.): a node is a leaf when all its samples share one label, when
/// every candidate feature is constant on it, or when no split leaves `minSamplesLeaf` on both sides; otherwise
/// the feature and threshold with the lowest weighted Gini index split it in two. Like scikit-learn, features
/// are drawn without replacement until `maxFeatures` non-constant ones have been evaluated, thresholds are
/// midpoints between consecutive distinct values, and a leaf predicts its majority label (lowest label on ties).
///
/// Split search sorts (value, label) pairs of the node per candidate feature and sweeps once, keeping
/// Σ count² of each side so the Gini index of every threshold costs O(1): O(n log n) per feature per node.
struct TreeBuilder {
    /// Row-major training features.
    let features: UnsafeBufferPointer<Double>
    /// Number of features per row.
    let featureCount: Int
    /// Class label of every training row, in `0..<classCount`.
    let labels: UnsafeBufferPointer<Int32>
    /// The number of classes.
    let classCount: Int
    /// Features evaluated per split (the paper's random feature set 𝓕, √f by default).
    let maxFeatures: Int
    /// Minimum number of (bootstrap) samples in each leaf.
    let minSamplesLeaf: Int
    /// Maximum depth, or `nil` to grow until pure.
    let maxDepth: Int?

    /// Grows a tree on a bootstrap sample drawn with `rng` (or on all rows when `bootstrap` is false).
    func grow(bootstrap: Bool, rng: inout Xoshiro256StarStar) -> ClassificationTree {
        let n = labels.count
        var sample = [Int32](repeating: 0, count: n)
        for i in 0..<n { sample[i] = Int32(bootstrap ? rng.nextInt(below: n) : i) }
        var nodeCounts = [Int32](repeating: 0, count: classCount)
        var leftCounts = [Int32](repeating: 0, count: classCount)
        var pairs = [(value: Double, label: Int32)](repeating: (0, 0), count: n)
        var featureOrder = Array(0..<featureCount)
        var tree = ClassificationTree()
        var stack = [(node: tree.appendNode(), lo: 0, hi: n, depth: 0)]

        while let (node, lo, hi, depth) = stack.popLast() {
            let size = hi - lo
            // Count labels: majority label and Σ count² of the node.
            var majority: Int32 = 0, majorityCount: Int32 = 0, sumSquares = 0
            for i in lo..<hi {
                let label = labels[Int(sample[i])]
                let c = nodeCounts[Int(label)]
                sumSquares += 2 * Int(c) + 1
                nodeCounts[Int(label)] = c + 1
                if c + 1 > majorityCount || (c + 1 == majorityCount && label < majority) {
                    majority = label
                    majorityCount = c + 1
                }
            }
            var best: (feature: Int, threshold: Double, score: Double)? = nil
            let canSplit = Int(majorityCount) < size && size >= 2 * minSamplesLeaf && depth < (maxDepth ?? Int.max)
            if canSplit {
                var remaining = featureCount, evaluated = 0
                while remaining > 0, evaluated < maxFeatures {
                    let pick = rng.nextInt(below: remaining)  // draw a feature without replacement
                    let feature = featureOrder[pick]
                    featureOrder.swapAt(pick, remaining - 1)
                    remaining -= 1
                    for i in lo..<hi {
                        let row = Int(sample[i])
                        pairs[i - lo] = (features[row * featureCount + feature], labels[row])
                    }
                    let found: (threshold: Double, score: Double)?? = pairs.withUnsafeMutableBufferPointer { buffer in
                        var part = UnsafeMutableBufferPointer(rebasing: buffer[0..<size])
                        part.sort { $0.value < $1.value }
                        guard part[0].value < part[size - 1].value else { return .none }  // constant feature
                        return .some(bestSplit(part, nodeCounts: nodeCounts, sumSquares: sumSquares, leftCounts: &leftCounts))
                    }
                    guard let candidate = found else { continue }
                    evaluated += 1
                    if let candidate, candidate.score > (best?.score ?? -Double.infinity) {
                        best = (feature, candidate.threshold, candidate.score)
                    }
                }
            }
            for i in lo..<hi { nodeCounts[Int(labels[Int(sample[i])])] = 0 }
            guard let best else {
                tree.left[node] = majority
                continue
            }
            // Partition sample[lo..<hi] into ≤ threshold | > threshold.
            var mid = lo
            for i in lo..<hi where features[Int(sample[i]) * featureCount + best.feature] <= best.threshold {
                sample.swapAt(i, mid)
                mid += 1
            }
            let leftChild = tree.appendNode(), rightChild = tree.appendNode()
            tree.feature[node] = Int32(best.feature)
            tree.threshold[node] = best.threshold
            tree.left[node] = Int32(leftChild)
            tree.right[node] = Int32(rightChild)
            stack.append((rightChild, mid, hi, depth + 1))
            stack.append((leftChild, lo, mid, depth + 1))
        }
        return tree
    }

    /// The best threshold on one sorted feature, scored by Σ count²/n of both sides (higher = lower weighted Gini).
    ///
    /// Weighted Gini `n_L·(1 − Σ p²) + n_R·(1 − Σ p²) = n − (Σ_L c²/n_L + Σ_R c²/n_R)`, so maximising the score
    /// minimises the Gini index. Returns `nil` if no threshold leaves `minSamplesLeaf` on both sides.
    private func bestSplit(
        _ sorted: UnsafeMutableBufferPointer<(value: Double, label: Int32)>, nodeCounts: [Int32], sumSquares: Int,
        leftCounts: inout [Int32]
    ) -> (threshold: Double, score: Double)? {
        let size = sorted.count
        var sumLeft = 0, sumRight = sumSquares
        var best: (threshold: Double, score: Double)? = nil
        for i in 0..<(size - 1) {
            let label = Int(sorted[i].label)
            let l = Int(leftCounts[label])
            let r = Int(nodeCounts[label]) - l
            sumLeft += 2 * l + 1
            sumRight -= 2 * r - 1
            leftCounts[label] = Int32(l + 1)
            let nLeft = i + 1, nRight = size - nLeft
            guard sorted[i].value < sorted[i + 1].value, nLeft >= minSamplesLeaf, nRight >= minSamplesLeaf else { continue }
            let score = Double(sumLeft) / Double(nLeft) + Double(sumRight) / Double(nRight)
            if score > (best?.score ?? -Double.infinity) {
                let a = sorted[i].value, b = sorted[i + 1].value
                var threshold = a / 2 + b / 2
                if threshold >= b || !threshold.isFinite { threshold = a }  // as scikit-learn: stay in [a, b)
                best = (threshold, score)
            }
        }
        for i in 0..<size { leftCounts[Int(sorted[i].label)] = 0 }
        return best
    }
}
