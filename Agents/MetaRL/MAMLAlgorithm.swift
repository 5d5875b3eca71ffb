// MetaRL: the two first-order members of the MAML family and their outer updates.

/// Which outer update the MAML-family learner applies after the shared inner loop.
///
/// Both adapt the meta-parameters θ to each task of a batch with the same inner loop (PPO updates on complete
/// episodes of that task, giving φᵢ); they differ only in what they do with φᵢ:
/// - ``reptile`` (Nichol et al., 2018, "On First-Order Meta-Learning Algorithms"): `θ ← θ + ε·meanᵢ(φᵢ − θ)`.
/// - ``fomaml`` (Finn et al., 2017, first-order approximation): `θ ← θ − β·meanᵢ ∇L_query(φᵢ)`, the PPO loss
///   gradient on fresh query episodes collected under φᵢ, evaluated at φᵢ and applied to θ.
public enum MAMLAlgorithm: String, Sendable, Codable, CaseIterable {
    /// First-order MAML: the query gradient at the adapted parameters, applied to the meta-parameters.
    case fomaml
    /// Reptile: move the meta-parameters toward the adapted parameters.
    case reptile
}

/// The outer (meta) updates of ``MAMLAlgorithm`` on plain parameter vectors (one `[Float]` per parameter, in
/// ``ParameterSet`` order), as pure functions so that their arithmetic can be checked by hand.
public enum MetaUpdate {
    /// Reptile's step: `θ + ε·(Σᵢ (φᵢ − θ)) / n`, the sum taken in task order in `Float`.
    /// - Parameters:
    ///   - theta: The meta-parameters θ.
    ///   - adapted: The adapted parameters φᵢ of each task, shaped like `theta`.
    ///   - stepSize: ε.
    /// - Returns: The new θ (θ itself when `adapted` is empty).
    public static func reptile(theta: [[Float]], adapted: [[[Float]]], stepSize: Float) -> [[Float]] {
        let differences = adapted.map { phi in
            zip(phi, theta).map { p, t in
                precondition(p.count == t.count, "MetaUpdate.reptile: a parameter has another size")
                return zip(p, t).map { $0 - $1 }
            }
        }
        return step(theta, alongMeanOf: differences, by: stepSize)
    }

    /// First-order MAML's step: `θ − β·(Σᵢ gᵢ) / n`, the sum taken in task order in `Float`.
    /// - Parameters:
    ///   - theta: The meta-parameters θ.
    ///   - queryGradients: Each task's query-loss gradient at its adapted parameters, shaped like `theta`.
    ///   - stepSize: β.
    /// - Returns: The new θ (θ itself when `queryGradients` is empty).
    public static func fomaml(theta: [[Float]], queryGradients: [[[Float]]], stepSize: Float) -> [[Float]] {
        step(theta, alongMeanOf: queryGradients, by: -stepSize)
    }

    /// `θ + s·(Σᵢ dᵢ) / n`, the sum taken in order in `Float`; θ itself without directions.
    private static func step(_ theta: [[Float]], alongMeanOf directions: [[[Float]]], by s: Float) -> [[Float]] {
        guard !directions.isEmpty else { return theta }
        let n = Float(directions.count)
        return theta.indices.map { p in
            var sum = [Float](repeating: 0, count: theta[p].count)
            for d in directions {
                precondition(d.count == theta.count && d[p].count == sum.count, "MetaUpdate: a direction has another shape")
                for j in sum.indices { sum[j] += d[p][j] }
            }
            return zip(theta[p], sum).map { $0 + s * ($1 / n) }
        }
    }
}
