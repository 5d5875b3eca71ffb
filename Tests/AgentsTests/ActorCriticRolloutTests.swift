// The rollout buffer's next-step autoreset masking and GAE(λ), against hand-computed advantages.
import GymCore
import XCTest

@testable import Agents

/// Pays 1 per step; the episode ends after `length` steps, terminated or truncated as chosen.
private struct FixedLength: Env {
    let length: Int
    let terminates: Bool
    let observationSpace = Box(low: 0, high: 10, shape: [1])
    let actionSpace = Discrete(1)
    private var steps = 0

    init(length: Int, terminates: Bool) {
        self.length = length
        self.terminates = terminates
    }

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> ToyInfo {
        steps = 0
        observation[0] = 0
        return ToyInfo(probesUsed: 0)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<ToyInfo> {
        steps += 1
        observation[0] = Float(steps)
        let ended = steps == length
        return Transition(
            reward: 1, terminated: ended && terminates, truncated: ended && !terminates, info: ToyInfo(probesUsed: steps))
    }
}

final class ActorCriticRolloutTests: XCTestCase {
    /// One env, 8 steps, episodes of 3: slots 0–2 and 4–6 are real, 3 and 7 are autoreset slots.
    private func advantages(terminates: Bool) throws -> (advantages: [Float], valid: [Bool], returns: [Float]) {
        var config = PPOConfiguration()
        config.numEnvs = 1
        config.numSteps = 8
        config.gamma = 0.9
        config.gaeLambda = 0.5
        let session = try TrainingSession(
            configuration: config, envs: toyEnvs(FixedLength(length: 3, terminates: terminates), count: 1))
        // A critic that says 0.5 everywhere.
        let output = try XCTUnwrap(session.agent.critic.linears.last)
        output.weight.value = [Float](repeating: 0, count: output.weight.count)
        output.bias.value = [0.5]
        try session.collectRollout()
        XCTAssertEqual(session.buffer.finishedEpisodes.map(\.episodicReturn), [3, 3])
        return (session.buffer.advantages, session.buffer.valid, session.buffer.returns)
    }

    func testGAE_MasksAutoresetSlots_AndBootstrapsOnlyTruncation() throws {
        let (gamma, gl): (Double, Double) = (0.9, 0.45)
        for terminates in [true, false] {
            let (advantages, valid, returns) = try advantages(terminates: terminates)
            XCTAssertEqual(valid, [true, true, true, false, true, true, true, false])
            let last = terminates ? 1 - 0.5 : 1 + gamma * 0.5 - 0.5
            let middle = 1 + gamma * 0.5 - 0.5
            let a2 = last, a1 = middle + gl * a2, a0 = middle + gl * a1
            let expected = [a0, a1, a2, 0, a0, a1, a2, 0]
            for (slot, value) in expected.enumerated() {
                XCTAssertEqual(Double(advantages[slot]), value, accuracy: 1e-5, "slot \(slot), terminates \(terminates)")
                if valid[slot] { XCTAssertEqual(Double(returns[slot]), value + 0.5, accuracy: 1e-5) }
            }
        }
    }
}
