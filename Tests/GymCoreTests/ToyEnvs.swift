import GymCore

/// The info of ``RandomWalk``.
struct WalkInfo: EnvInfo, Equatable {
    var position: Int
    var goal: Int
}

/// A seeded random walk to a goal on `0..<size`: action 0 left, 1 stay, 2 right; with probability 0.25 the
/// move slips to a random direction. Terminates at the goal, truncates after `budget` steps.
///
/// `flaw` deliberately breaks one part of the contract, to show that the checker catches it.
struct RandomWalk: Env {
    enum Flaw { case none, nondeterministic, acceptsInvalid, outOfSpace, repeatsOnNilReset, skipsComponent, wrongError }

    let size: Int
    let budget: Int
    var flaw: Flaw = .none
    let observationSpace = Box(low: 0, high: 1, shape: [3])
    let actionSpace = Discrete(3)
    private var rng = Xoshiro256StarStar(seed: 0)
    private var seed: UInt64 = 0
    private(set) var position = 0
    private(set) var goal = 0
    private(set) var steps = 0

    init(size: Int = 8, budget: Int = 12, flaw: Flaw = .none) {
        self.size = size
        self.budget = budget
        self.flaw = flaw
    }

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>)
        -> WalkInfo
    {
        if let seed {
            self.seed = seed
            rng = Xoshiro256StarStar(seed: seed)
        } else if flaw == .repeatsOnNilReset {
            rng = Xoshiro256StarStar(seed: self.seed)
        }
        position = Int(rng.next(upperBound: UInt64(size)))
        goal = Int(rng.next(upperBound: UInt64(size)))
        steps = 0
        write(observation)
        return WalkInfo(position: position, goal: goal)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError)
        -> Transition<WalkInfo>
    {
        if flaw == .wrongError && !actionSpace.contains(action) { throw .needsReset("wrong error") }
        if flaw != .acceptsInvalid { _ = try actionSpace.element(from: .index(action)) }
        var move = action - 1
        if rng.nextUnitDouble() < 0.25 { move = Int(rng.next(upperBound: UInt64(3))) - 1 }
        if flaw == .nondeterministic {
            var system = SystemRandomNumberGenerator()
            move = Int(system.next(upperBound: UInt64(3))) - 1
        }
        position = min(max(position + move, 0), size - 1)
        steps += 1
        write(observation)
        let terminated = position == goal
        return Transition(
            reward: terminated ? 1 : -0.05, terminated: terminated, truncated: steps >= budget,
            info: WalkInfo(position: position, goal: goal))
    }

    private func write(_ observation: UnsafeMutableBufferPointer<Float>) {
        let scale = Float(size - 1)
        observation[0] = Float(position) / scale
        observation[1] = Float(goal) / scale
        if flaw != .skipsComponent { observation[2] = Float(steps) / Float(budget) }
        if flaw == .outOfSpace && steps == 3 { observation[0] = 1.5 }
    }
}

/// An env whose observation is its step count and whose episodes last `length` steps; reward = step number.
struct Counter: Env {
    let length: Int
    let observationSpace = Box(low: 0, high: 1000, shape: [1])
    let actionSpace = Discrete(2)
    private(set) var count = 0
    private(set) var resets = 0

    init(length: Int) { self.length = length }

    mutating func reset(seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>)
        -> WalkInfo
    {
        count = 0
        resets += 1
        observation[0] = 0
        return WalkInfo(position: 0, goal: length)
    }

    mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws(EnvError)
        -> Transition<WalkInfo>
    {
        _ = try actionSpace.element(from: .index(action))
        count += 1
        observation[0] = Float(count)
        return Transition(
            reward: Double(count), terminated: count >= length, truncated: false,
            info: WalkInfo(position: count, goal: length))
    }
}
