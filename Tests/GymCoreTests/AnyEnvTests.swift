import GymCore
import XCTest

final class AnyEnvTests: XCTestCase {
    func testForwardsSpacesAndTrajectory() throws {
        var erased = AnyEnv(RandomWalk(), id: "RandomWalk-v0")
        var typed = RandomWalk()
        XCTAssertEqual(erased.id, "RandomWalk-v0")
        XCTAssertEqual(erased.observationSpace, typed.observationSpace)
        XCTAssertEqual(erased.actionSpaceDescription, .discrete(n: 3, start: 0))
        XCTAssertEqual(erased.reset(seed: 4).observation, typed.reset(seed: 4).observation)
        for a in [0, 2, 2, 1, 0] {
            let x = try erased.step(.index(a))
            let y = try typed.step(a)
            XCTAssertEqual(x.observation, y.observation)
            XCTAssertEqual(x.reward, y.reward)
            XCTAssertEqual(x.info, y.info)
        }
    }

    func testBadAction_ThrowsInvalidActionFromTheConcreteSpace() {
        var env = AnyEnv(RandomWalk())
        _ = env.reset(seed: 1)
        XCTAssertThrowsError(try env.step(.index(3))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("3 is not in Discrete(3)"))
        }
        XCTAssertThrowsError(try env.step(.values([1]))) { error in
            XCTAssertEqual(error as? EnvError, .invalidAction("Discrete(3) takes one integer index, got values([1.0])"))
        }
    }

    func testCopies_HaveValueSemantics() throws {
        var a = AnyEnv(RandomWalk())
        _ = a.reset(seed: 9)
        var b = a
        _ = try b.step(.index(2))
        _ = try b.step(.index(2))
        XCTAssertEqual(a.unwrapped(as: RandomWalk.self)?.steps, 0)
        XCTAssertEqual(b.unwrapped(as: RandomWalk.self)?.steps, 2)
        XCTAssertNil(a.unwrapped(as: Counter.self))
    }

    func testInfoConversion() throws {
        struct Goal: EnvInfo { var goal: Int }
        var env = AnyEnv(RandomWalk(), info: { Goal(goal: $0.goal) })
        let (_, info) = env.reset(seed: 2)
        XCTAssertEqual(info.goal, env.unwrapped(as: RandomWalk.self)?.goal)
    }

    func testIntoPath_LongRunWithResetsStaysInSpace() throws {
        var env = AnyEnv(TimeLimit(RandomWalk(), maxEpisodeSteps: 10))
        var buffer = [Float](repeating: 0, count: 3)
        try buffer.withUnsafeMutableBufferPointer { obs in
            _ = env.reset(seed: 1, options: .none, into: obs)
            for k in 0..<10_000 {
                let t = try env.step(.index(k % 3), into: obs)
                if t.terminated || t.truncated { _ = env.reset(seed: nil, options: .none, into: obs) }
            }
        }
        XCTAssertTrue(env.observationSpace.contains(buffer))
    }
}
