import Foundation
import GymCore

/// One reset or step of a recorded trajectory, compared bit for bit.
struct TraceEvent: Equatable {
    var label: String
    var isReset: Bool
    var observation: [UInt32]
    var reward: UInt64
    var terminated: Bool
    var truncated: Bool

    static func == (a: TraceEvent, b: TraceEvent) -> Bool {
        a.isReset == b.isReset && a.observation == b.observation && a.reward == b.reward
            && a.terminated == b.terminated && a.truncated == b.truncated
    }

    /// What differs between `self` and `other`, in words.
    func difference(from other: TraceEvent) -> String {
        if isReset != other.isReset {
            return isReset ? "one run reset where the other stepped" : "one run stepped where the other reset"
        }
        if observation.count != other.observation.count {
            return "observation has \(observation.count) vs \(other.observation.count) components"
        }
        if let i = observation.indices.first(where: { observation[$0] != other.observation[$0] }) {
            return "observation[\(i)] = \(Float(bitPattern: observation[i])) vs \(Float(bitPattern: other.observation[i]))"
        }
        if reward != other.reward {
            return "reward = \(Double(bitPattern: reward)) vs \(Double(bitPattern: other.reward))"
        }
        if terminated != other.terminated { return "terminated = \(terminated) vs \(other.terminated)" }
        return "truncated = \(truncated) vs \(other.truncated)"
    }
}

/// A recorded trajectory: resets and steps in order.
struct Trace {
    var events: [TraceEvent] = []

    /// The first event where the traces differ and how, or `nil` when they are identical.
    func firstDifference(from other: Trace) -> (label: String, what: String)? {
        for (a, b) in zip(events, other.events) where a != b { return (a.label, a.difference(from: b)) }
        if events.count != other.events.count {
            let label = events.count < other.events.count ? other.events[events.count].label : events[other.events.count].label
            return (label, "one run has \(events.count) events, the other \(other.events.count)")
        }
        return nil
    }
}

/// Runs envs through the contract's trajectories and records what it sees.
struct TraceRunner<E: Env> {
    let steps: Int
    let actionSeed: UInt64
    let validAction: (inout Xoshiro256StarStar, E) -> E.ActionSpace.Element
    /// Record observation, reward and info problems (only for the reference run, to report each once).
    var checkValues = false
    /// Invalid actions to try before the steps whose global index is in `invalidAt`.
    var invalidActions: [E.ActionSpace.Element] = []
    var invalidAt: Set<Int> = []
    var violations: [ContractViolation] = []
    private let encoder = JSONEncoder()

    init(steps: Int, actionSeed: UInt64, validAction: @escaping (inout Xoshiro256StarStar, E) -> E.ActionSpace.Element) {
        self.steps = steps
        self.actionSeed = actionSeed
        self.validAction = validAction
    }

    /// Resets `env` with `seed`, then takes `steps` steps (`stopAtEpisodeEnd`: until the first episode ends),
    /// resetting with `nil` after each episode end.
    mutating func run(_ env: inout E, seed: UInt64?, stopAtEpisodeEnd: Bool = false) -> Trace {
        var rng = Xoshiro256StarStar(seed: actionSeed)
        var trace = Trace()
        let size = env.observationSpace.size
        var buffer = [Float](repeating: .nan, count: size)
        var scratch = [Float](repeating: .nan, count: size)
        var episode = 0
        var t = 0
        var ended = false
        record(&trace, &env, &buffer, label: "reset(seed: \(seed.map(String.init) ?? "nil")) (episode 0)") { env, obs in
            (env.reset(seed: seed, options: .none, into: obs), nil)
        }
        for k in 0..<steps {
            if ended {
                if stopAtEpisodeEnd { break }
                episode += 1
                t = 0
                ended = false
                record(&trace, &env, &buffer, label: "reset(seed: nil) before step \(k) (episode \(episode))") {
                    env, obs in (env.reset(seed: nil, options: .none, into: obs), nil)
                }
            }
            let label = "step \(k) (episode \(episode), t=\(t))"
            if invalidAt.contains(k) { tryInvalidActions(&env, &scratch, label: label) }
            let action = validAction(&rng, env)
            if !env.actionSpace.contains(action) {
                violations.append(.init(.validActionOutsideSpace, at: label, "validAction gave \(action), not in \(env.actionSpace)"))
            }
            var failed = false
            record(&trace, &env, &buffer, label: label) { env, obs in
                do throws(EnvError) {
                    let result = try env.step(action, into: obs)
                    return (result.info, result)
                } catch {
                    failed = true
                    return (nil, nil)
                }
            }
            if failed {
                violations.append(.init(.validActionRejected, at: label, "valid action \(action) threw; stopping this run"))
                break
            }
            t += 1
            if let last = trace.events.last { ended = last.terminated || last.truncated }
        }
        return trace
    }

    private mutating func tryInvalidActions(_ env: inout E, _ scratch: inout [Float], label: String) {
        for action in invalidActions {
            let outcome: String? = scratch.withUnsafeMutableBufferPointer { obs in
                do throws(EnvError) {
                    _ = try env.step(action, into: obs)
                    return "invalid action \(action) was accepted (no throw)"
                } catch {
                    if case .invalidAction = error { return nil }
                    return "invalid action \(action) threw \(error), expected EnvError.invalidAction"
                }
            }
            if let outcome {
                let property: ContractViolation.Property =
                    outcome.hasSuffix("(no throw)") ? .invalidActionAccepted : .invalidActionWrongError
                violations.append(.init(property, at: label, outcome))
            }
        }
    }

    private mutating func record(
        _ trace: inout Trace, _ env: inout E, _ buffer: inout [Float], label: String,
        _ body: (inout E, UnsafeMutableBufferPointer<Float>) -> (E.Info?, Transition<E.Info>?)
    ) {
        for i in buffer.indices { buffer[i] = .nan }
        let (info, transition) = buffer.withUnsafeMutableBufferPointer { body(&env, $0) }
        guard let info else { return }
        let isReset = transition == nil
        trace.events.append(
            TraceEvent(
                label: label, isReset: isReset, observation: buffer.map(\.bitPattern),
                reward: (transition?.reward ?? 0).bitPattern, terminated: transition?.terminated ?? false,
                truncated: transition?.truncated ?? false))
        guard checkValues else { return }
        if let i = buffer.firstIndex(where: { !$0.isFinite }) {
            violations.append(
                .init(.observationNotFinite, at: label, "observation[\(i)] = \(buffer[i]) (NaN may mean the env did not write it)"))
        } else if !env.observationSpace.contains(buffer) {
            let space = env.observationSpace
            let i = buffer.indices.first { !(buffer[$0] >= space.low[$0] && buffer[$0] <= space.high[$0]) } ?? 0
            violations.append(
                .init(.observationOutsideSpace, at: label,
                      "observation[\(i)] = \(buffer[i]) is outside [\(space.low[i]), \(space.high[i])] of \(space)"))
        }
        if let reward = transition?.reward, !reward.isFinite {
            violations.append(.init(.rewardNotFinite, at: label, "reward = \(reward)"))
        }
        do { _ = try encoder.encode(info) } catch {
            violations.append(.init(.infoNotEncodable, at: label, "JSONEncoder failed: \(error)"))
        }
    }
}
