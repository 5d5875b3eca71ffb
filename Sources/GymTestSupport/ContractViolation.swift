/// One broken property of the environment contract, found by ``envContractViolations(make:steps:seed:expectSeedSensitivity:validAction:invalidActions:)``.
///
/// Its description names the property, where it broke and what was seen, e.g.
/// `[determinism] step 17 (episode 2, t=5): observation[3] = 0.25 vs 0.2500001 in a second env made with the same seed`.
public struct ContractViolation: Sendable, Equatable, CustomStringConvertible {
    /// The properties the checker verifies.
    public enum Property: String, Sendable, CaseIterable {
        /// `make()` threw.
        case makeFailed
        /// A space's JSON description does not round-trip.
        case spaceDescription
        /// An observation lies outside `observationSpace`.
        case observationOutsideSpace
        /// An observation has a NaN or infinite component (or one the env did not write).
        case observationNotFinite
        /// A reward is NaN or infinite.
        case rewardNotFinite
        /// An info failed to encode as JSON.
        case infoNotEncodable
        /// The test's `validAction` produced an action outside `actionSpace`.
        case validActionOutsideSpace
        /// A valid action threw.
        case validActionRejected
        /// Two envs made and reset with the same seed diverged.
        case determinism
        /// Resetting the same instance with the seed again did not repeat the trajectory.
        case reseeding
        /// Different seeds gave identical trajectories.
        case seedSensitivity
        /// `reset(seed: nil)` repeated the seeded episode, or continued the stream nondeterministically.
        case resetContinuation
        /// An invalid action did not throw.
        case invalidActionAccepted
        /// An invalid action threw something other than `EnvError.invalidAction`.
        case invalidActionWrongError
        /// The trajectory after a rejected invalid action differs from the one without it.
        case invalidActionChangedTrajectory
        /// A `VectorEnv` of copies did not match the copies stepped alone with next-step autoreset.
        case vectorAutoreset
        /// No episode ended within the checked steps, so autoreset was not exercised.
        case autoresetNotExercised
    }

    /// The property that broke.
    public var property: Property
    /// The label of the reset or step where it broke (e.g. `step 17 (episode 2, t=5)`), if it applies.
    public var location: String?
    /// What was seen.
    public var message: String

    /// Creates a violation.
    public init(_ property: Property, at location: String? = nil, _ message: String) {
        self.property = property
        self.location = location
        self.message = message
    }

    /// `[property] location: message`.
    public var description: String {
        "[\(property.rawValue)] " + (location.map { "\($0): " } ?? "") + message
    }
}
