// ActorCritic: what a rollout needs from a policy, feed-forward or recurrent.
import GymCore
import NeuralNet

/// A policy that ``RolloutBuffer`` can run in a batch of envs: normalise observations, act on a batch, value the
/// batch after the last step, turn action rows into env actions.
///
/// `episodeStarts` marks the rows whose observation is the first of an episode. A feed-forward policy ignores it;
/// a recurrent policy (``RecurrentActorCriticAgent``) zeroes those rows' hidden state before acting.
public protocol RolloutPolicy: AnyObject {
    /// The width of one observation.
    var observationSize: Int { get }

    /// Normalises raw observations in place; `update` also updates the running statistics.
    func normalize(_ observations: inout [Float], update: Bool)

    /// Samples one action per row and returns the actions (rows of the action width), their log-probabilities and
    /// the critic's values; a recurrent policy advances its hidden state.
    func act(observations: Tensor, episodeStarts: [Bool], using rng: inout some RandomNumberGenerator)
        -> (actions: [Float], logProbs: [Float], values: [Float])

    /// The critic's values of the observations after a rollout's last step, without advancing any hidden state.
    func bootstrapValues(observations: Tensor, episodeStarts: [Bool]) -> [Float]

    /// The env action of row `row` of `actions`.
    func flatAction(_ actions: [Float], row: Int) -> FlatAction
}

extension ActorCriticAgent: RolloutPolicy {
    /// Samples actions (a feed-forward policy has no state to reset, so `episodeStarts` is ignored).
    public func act(observations: Tensor, episodeStarts: [Bool], using rng: inout some RandomNumberGenerator)
        -> (actions: [Float], logProbs: [Float], values: [Float])
    {
        act(observations: observations, using: &rng)
    }

    /// The critic's values.
    public func bootstrapValues(observations: Tensor, episodeStarts: [Bool]) -> [Float] {
        values(observations: observations)
    }
}
