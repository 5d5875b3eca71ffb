import XCTest
@testable import GymCore

private struct StepCounterEnv: Env {
    var count = 0
    var history: [Int] = [1, 2, 3]
    let observationSpace = Box(low: 0, high: 1000, shape: [1])
    let actionSpace = Discrete(2)
    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>) -> Info {
        count = 0
        observation[0] = 0
        return Info()
    }
    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError) -> Transition<Info> {
        count += 1
        observation[0] = Float(count)
        return Transition(reward: 1, terminated: count >= 5, truncated: false, info: Info())
    }
    struct Info: EnvInfo {}
}

final class AnyEnvCopyOnWriteTests: XCTestCase {
    func testAnyEnv_SteppingAUniqueEnv_NeverCopiesIt() throws {
        let prototype = AnyEnv(StepCounterEnv(), id: "StepCounter-v0")
        var env = prototype
        var observation: [Float] = [0]
        try observation.withUnsafeMutableBufferPointer { buffer in
            _ = env.reset(seed: 1, options: .none, into: buffer)
            let box = ObjectIdentifier(env.box)
            XCTAssertNotEqual(box, ObjectIdentifier(prototype.box), "the first mutation copies the shared env")
            for _ in 0..<20 {
                let t = try env.step(.index(0), into: buffer)
                if t.terminated { _ = env.reset(seed: nil, options: .none, into: buffer) }
                XCTAssertEqual(ObjectIdentifier(env.box), box, "a uniquely held env must be stepped in place")
            }
        }
        XCTAssertEqual(prototype.unwrapped(as: StepCounterEnv.self)?.count, 0, "copies must not share state")
    }
}
