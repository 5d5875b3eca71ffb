// ActorCritic: how long one decision of a trained policy takes.
import Dispatch
import GymCore
import NeuralNet

/// Times single decisions of a ``LearnedPolicy``: normalisation, one actor forward pass and the mode, per call.
public enum DecisionLatency {
    /// Times `iterations` decisions on the given observations, in turn, after `warmUp` untimed ones.
    /// - Parameters:
    ///   - policy: The policy to time.
    ///   - env: The environment passed to the policy (unused by it).
    ///   - observations: Observations to decide on, cycled through; at least one.
    ///   - warmUp: Untimed calls first.
    ///   - iterations: Timed calls.
    /// - Returns: Latency percentiles in nanoseconds.
    public static func measure<E: Env>(
        policy: LearnedPolicy<E>, in env: E, observations: [[Float]], warmUp: Int = 1_000, iterations: Int = 20_000
    ) -> LatencySummary {
        precondition(!observations.isEmpty, "DecisionLatency needs at least one observation")
        var policy = policy
        var durations: [Double] = []
        durations.reserveCapacity(iterations)
        var checksum = 0
        for index in 0 ..< warmUp + iterations {
            let observation = observations[index % observations.count]
            let start = DispatchTime.now().uptimeNanoseconds
            let action = observation.withUnsafeBufferPointer { policy.action(in: env, observation: $0) }
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            if case let .index(i) = action { checksum &+= i }
            if index >= warmUp { durations.append(Double(elapsed)) }
        }
        if checksum == Int.min { print("") }
        return LatencySummary(nanoseconds: durations)
    }
}
