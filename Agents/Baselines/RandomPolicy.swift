import GymCore

/// Picks actions uniformly at random from the action space, with its own seeded generator.
public struct RandomPolicy<Environment: Env>: Policy {
    private var generator: Xoshiro256StarStar

    /// Creates the policy; `seed` makes its choices reproducible.
    public init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed ^ 0x5EED_0F_4A4D) }

    /// `random`.
    public var name: String { "random" }

    /// Nothing to prepare.
    public mutating func beginEpisode(in env: Environment, observation: UnsafeBufferPointer<Float>) {}

    /// A uniform draw from the action space.
    public mutating func action(
        in env: Environment, observation: UnsafeBufferPointer<Float>
    ) -> Environment.ActionSpace.Element {
        env.actionSpace.sample(using: &generator)
    }
}
