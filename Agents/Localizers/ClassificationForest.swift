import GymCore
import Dispatch

/// Hyperparameters shared by the random-forest localizers.
struct ForestParameters: Sendable, Equatable {
    /// Number of trees (the paper uses 100).
    var trees: Int
    /// Features evaluated per split.
    var maxFeatures: MaxFeatures
    /// Minimum samples per leaf.
    var minSamplesLeaf: Int
    /// Maximum depth (`nil`: grow until pure).
    var maxDepth: Int?
    /// Threads used to grow trees; results do not depend on it.
    var threads: Int

    /// Throws `LocalizerError.invalidParameter` for out-of-range values.
    func validate() throws {
        guard trees >= 1 else { throw LocalizerError.invalidParameter(name: "trees", value: trees, reason: "must be ≥ 1") }
        guard minSamplesLeaf >= 1 else {
            throw LocalizerError.invalidParameter(name: "minSamplesLeaf", value: minSamplesLeaf, reason: "must be ≥ 1")
        }
        if let maxDepth, maxDepth < 0 {
            throw LocalizerError.invalidParameter(name: "maxDepth", value: maxDepth, reason: "must be ≥ 0")
        }
        if case let .count(n) = maxFeatures, n < 1 {
            throw LocalizerError.invalidParameter(name: "maxFeatures", value: n, reason: "must be ≥ 1")
        }
        guard threads >= 1 else { throw LocalizerError.invalidParameter(name: "threads", value: threads, reason: "must be ≥ 1") }
    }
}

/// A bag of CART classification trees with hard (majority) voting: Algorithm 1's model M and Algorithm 2's RFPREDICT.
struct ClassificationForest: Sendable, Equatable {
    /// The trained trees.
    private(set) var trees: [ClassificationTree]
    /// Number of classes (labels are `0..<classCount`).
    let classCount: Int

    /// Trains `parameters.trees` trees, tree `t` on its own bootstrap sample drawn from the stream `mix(seed, t)`.
    ///
    /// The result depends only on the data, the parameters and `seed` (not on `parameters.threads`).
    init(
        features: [Double], featureCount: Int, labels: [Int32], classCount: Int, parameters: ForestParameters,
        seed: UInt64
    ) {
        self.classCount = classCount
        let treeCount = parameters.trees
        let maxFeatures = parameters.maxFeatures.resolved(featureCount: featureCount)
        var grown = [ClassificationTree](repeating: ClassificationTree(), count: treeCount)
        features.withUnsafeBufferPointer { featureBuffer in
            labels.withUnsafeBufferPointer { labelBuffer in
                let builder = TreeBuilder(
                    features: featureBuffer, featureCount: featureCount, labels: labelBuffer, classCount: classCount,
                    maxFeatures: maxFeatures, minSamplesLeaf: parameters.minSamplesLeaf, maxDepth: parameters.maxDepth)
                func growTree(_ t: Int) -> ClassificationTree {
                    var rng = Xoshiro256StarStar(seed: SplitMix64.mix(seed, UInt64(t)))
                    return builder.grow(bootstrap: true, rng: &rng)
                }
                let threads = min(parameters.threads, treeCount)
                if threads <= 1 {
                    for t in 0..<treeCount { grown[t] = growTree(t) }
                } else {
                    grown.withUnsafeMutableBufferPointer { out in
                        let box = UnsafeSendable(base: out.baseAddress, builder: builder)
                        DispatchQueue.concurrentPerform(iterations: threads) { worker in
                            for t in stride(from: worker, to: treeCount, by: threads) {
                                var rng = Xoshiro256StarStar(seed: SplitMix64.mix(seed, UInt64(t)))
                                box.base?[t] = box.builder.grow(bootstrap: true, rng: &rng)
                            }
                        }
                    }
                }
            }
        }
        trees = grown
    }

    /// Vote counts for one row: every label that got a vote, by decreasing votes, ties by increasing label.
    ///
    /// The count is the paper's score S (Algorithm 2, `[S, P] = Vote[p₁, …, p_N]`).
    func tally(_ row: UnsafeBufferPointer<Double>) -> [(label: Int32, votes: Int)] {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: trees.count) { buffer in
            var votes = buffer
            for (t, tree) in trees.enumerated() { votes[t] = tree.vote(row) }
            votes.sort()
            var result = [(label: Int32, votes: Int)]()
            var start = 0
            while start < votes.count {
                var end = start + 1
                while end < votes.count, votes[end] == votes[start] { end += 1 }
                result.append((votes[start], end - start))
                start = end
            }
            result.sort { $0.votes != $1.votes ? $0.votes > $1.votes : $0.label < $1.label }
            return result
        }
    }

    /// The label with the most votes (lowest label on ties): the plain random forest's prediction.
    func majority(_ row: UnsafeBufferPointer<Double>) -> Int32 {
        tally(row)[0].label
    }
}

/// Carries raw pointers into `concurrentPerform`; each worker writes disjoint tree slots and reads shared inputs.
private struct UnsafeSendable: @unchecked Sendable {
    /// The output buffer of trees.
    let base: UnsafeMutablePointer<ClassificationTree>?
    /// The read-only tree builder (its buffers outlive the parallel loop).
    let builder: TreeBuilder
}
