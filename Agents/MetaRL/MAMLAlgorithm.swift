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
        guard !adapted.isEmpty else { return theta }
        let n = Float(adapted.count)
        return theta.indices.map { p in
            var sum = [Float](repeating: 0, count: theta[p].count)
            for phi in adapted {
                precondition(phi[p].count == sum.count, "MetaUpdate.reptile: parameter \(p) has another size")
                for j in sum.indices { sum[j] += phi[p][j] - theta[p][j] }
            }
            return zip(theta[p], sum).map { $0 + stepSize * ($1 / n) }
        }
    }

    /// First-order MAML's step: `θ − β·(Σᵢ gᵢ) / n`, the sum taken in task order in `Float`.
    /// - Parameters:
    ///   - theta: The meta-parameters θ.
    ///   - queryGradients: Each task's query-loss gradient at its adapted parameters, shaped like `theta`.
    ///   - stepSize: β.
    /// - Returns: The new θ (θ itself when `queryGradients` is empty).
    public static func fomaml(theta: [[Float]], queryGradients: [[[Float]]], stepSize: Float) -> [[Float]] {
        guard !queryGradients.isEmpty else { return theta }
        let n = Float(queryGradients.count)
        return theta.indices.map { p in
            var sum = [Float](repeating: 0, count: theta[p].count)
            for g in queryGradients {
                precondition(g[p].count == sum.count, "MetaUpdate.fomaml: parameter \(p) has another size")
                for j in sum.indices { sum[j] += g[p][j] }
            }
            return zip(theta[p], sum).map { $0 - stepSize * ($1 / n) }
        }
    }
}
