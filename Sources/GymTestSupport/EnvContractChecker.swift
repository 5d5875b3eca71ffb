import Foundation
import GymCore
import XCTest

/// Checks that an env keeps the SensingGym (Gymnasium 1.x) contract, failing the current test once per broken property.
///
/// It runs the checks of ``envContractViolations(make:steps:seed:expectSeedSensitivity:validAction:invalidActions:)``
/// and reports each violation with `XCTFail` at the caller's line, naming the property and the step, e.g.
/// `[determinism] step 17 (episode 2, t=5): observation[3] = 0.25 vs 0.2500001 …`.
///
/// ```swift
/// checkEnvContract(make: { try BeamSelectionEnv(scenario: .named("wrf-office-16x15")) }, seed: 7,
///                  invalidActions: [-1, 10_000])
/// ```
/// - Returns: the violations, for tests that want to look at them.
@discardableResult
public func checkEnvContract<E: Env>(
    make: () throws -> E,
    steps: Int = 1000,
    seed: UInt64,
    expectSeedSensitivity: Bool = true,
    validAction: @escaping (inout Xoshiro256StarStar, E) -> E.ActionSpace.Element = { rng, env in
        env.actionSpace.sample(using: &rng)
    },
    invalidActions: [E.ActionSpace.Element],
    file: StaticString = #filePath,
    line: UInt = #line
) -> [ContractViolation] {
    let violations = envContractViolations(
        make: make, steps: steps, seed: seed, expectSeedSensitivity: expectSeedSensitivity,
        validAction: validAction, invalidActions: invalidActions)
    for violation in violations { XCTFail("env contract: \(violation)", file: file, line: line) }
    return violations
}

/// Runs the environment contract's checks and returns what broke (empty when the env keeps the contract).
///
/// The checks, each reported under its ``ContractViolation/Property``, at the step where it first broke:
/// - every observation (reset and step) is finite and lies in `observationSpace`; rewards are finite; infos
///   encode as JSON; both spaces' descriptions round-trip through JSON;
/// - two envs made by `make` and run with `seed` for `steps` steps, resetting with `seed: nil` after each episode
///   end, give identical observations (Float bit patterns), rewards (bit patterns), `terminated` and `truncated`;
/// - resetting the first env with `seed` again repeats that trajectory (so check bare envs: wrappers that learn
///   across episodes, such as `NormalizeObservation`, rightly fail this);
/// - `seed + 1` gives a different trajectory, and `reset(seed: nil)` after the first episode gives an episode
///   different from the seeded one, yet the same in every env made alike (with `expectSeedSensitivity`);
/// - every action in `invalidActions`, tried at steps 0, steps/3 and 2·steps/3, throws
///   `EnvError.invalidAction` and leaves the trajectory unchanged;
/// - a `VectorEnv` of 3 copies (seeded `seed + i`, stepped in parallel) matches the copies stepped alone under
///   Gymnasium 1.x next-step autoreset, and at least one episode ended so that autoreset was exercised.
/// - Parameters:
///   - make: makes a fresh env (called about ten times).
///   - steps: steps per run; long enough for several episodes to end.
///   - seed: the seed of the reference run.
///   - expectSeedSensitivity: whether different seeds must give different trajectories (false for a
///     deterministic env).
///   - validAction: draws a valid action for the env's current state from the given generator.
///   - invalidActions: actions outside the action space.
public func envContractViolations<E: Env>(
    make: () throws -> E,
    steps: Int = 1000,
    seed: UInt64,
    expectSeedSensitivity: Bool = true,
    validAction: @escaping (inout Xoshiro256StarStar, E) -> E.ActionSpace.Element = { rng, env in
        env.actionSpace.sample(using: &rng)
    },
    invalidActions: [E.ActionSpace.Element]
) -> [ContractViolation] {
    var found: [ContractViolation] = []
    do {
        var runner = TraceRunner<E>(steps: steps, actionSeed: seed ^ 0x5EED_AC71_0000_0001, validAction: validAction)

        var first = try make()
        found += spaceViolations(first)
        runner.checkValues = true
        let reference = runner.run(&first, seed: seed)
        runner.checkValues = false

        var second = try make()
        let repeated = runner.run(&second, seed: seed)
        let deterministic = compare(reference, repeated, .determinism, "in a second env made and run with the same seed", &found)

        let reseeded = runner.run(&first, seed: seed)
        compare(reference, reseeded, .reseeding, "after resetting the same env with the same seed", &found)

        if !invalidActions.isEmpty && deterministic {
            var probe = runner
            probe.invalidActions = invalidActions
            probe.invalidAt = [0, steps / 3, 2 * steps / 3]
            var third = try make()
            let withInvalid = probe.run(&third, seed: seed)
            runner.violations += probe.violations
            compare(reference, withInvalid, .invalidActionChangedTrajectory, "after rejected invalid actions", &found)
        }

        if expectSeedSensitivity {
            var other = try make()
            if runner.run(&other, seed: seed &+ 1).firstDifference(from: reference) == nil {
                found.append(.init(.seedSensitivity, "seeds \(seed) and \(seed &+ 1) gave identical trajectories over \(steps) steps"))
            }
            found += continuationViolations(make: make, seed: seed, runner: runner)
        }
        found += runner.violations
        found += try vectorViolations(make: make, steps: steps, seed: seed, runner: runner)
    } catch {
        found.append(.init(.makeFailed, "make() threw \(error)"))
    }
    return firstPerProperty(found)
}

// MARK: - Checks

private func spaceViolations<E: Env>(_ env: E) -> [ContractViolation] {
    var found: [ContractViolation] = []
    for (name, description) in [("observationSpace", env.observationSpace.spaceDescription),
                                ("actionSpace", env.actionSpace.spaceDescription)] {
        do {
            let decoded = try JSONDecoder().decode(SpaceDescription.self, from: JSONEncoder().encode(description))
            if decoded != wireForm(description) {
                found.append(.init(.spaceDescription, "\(name) description changed in a JSON round trip: \(decoded)"))
            }
        } catch {
            found.append(.init(.spaceDescription, "\(name) description failed a JSON round trip: \(error)"))
        }
    }
    return found
}

/// `reset(seed: nil)` after a seeded episode must give a different episode, the same one in every env made alike.
private func continuationViolations<E: Env>(make: () throws -> E, seed: UInt64, runner: TraceRunner<E>) -> [ContractViolation] {
    var runner = runner
    var found: [ContractViolation] = []
    do {
        var a = try make()
        let seeded = runner.run(&a, seed: seed, stopAtEpisodeEnd: true)
        let continued = runner.run(&a, seed: nil, stopAtEpisodeEnd: true)
        if continued.firstDifference(from: seeded) == nil {
            found.append(.init(.resetContinuation, at: "reset(seed: nil) after episode 0",
                               "repeated the seeded episode; reset(seed: nil) must continue the generator's stream"))
        }
        var b = try make()
        _ = runner.run(&b, seed: seed, stopAtEpisodeEnd: true)
        let again = runner.run(&b, seed: nil, stopAtEpisodeEnd: true)
        if let (label, what) = again.firstDifference(from: continued) {
            found.append(.init(.resetContinuation, at: label,
                               "\(what): the episode after reset(seed: nil) is not determined by the initial seed"))
        }
    } catch {
        found.append(.init(.makeFailed, "make() threw \(error)"))
    }
    return found
}

/// A `VectorEnv` of 3 copies must match 3 copies stepped alone with next-step autoreset, bit for bit.
private func vectorViolations<E: Env>(
    make: () throws -> E, steps: Int, seed: UInt64, runner: TraceRunner<E>
) throws -> [ContractViolation] {
    let n = 3
    var vector = try VectorEnv(count: n) { _ in try make() }
    vector.scheduling = .parallel
    var alone = try (0..<n).map { _ in try make() }
    let size = vector.singleObservationSpace.size
    var buffer = [Float](repeating: 0, count: size)
    var rngs = (0..<n).map { Xoshiro256StarStar(seed: runner.actionSeed &+ UInt64($0)) }
    var ended = [Bool](repeating: false, count: n)
    var expected = [(reward: Double, terminated: Bool, truncated: Bool)](repeating: (0, false, false), count: n)
    var autoresets = 0

    vector.reset(seed: seed)
    for i in 0..<n {
        _ = buffer.withUnsafeMutableBufferPointer { alone[i].reset(seed: seed &+ UInt64(i), options: .none, into: $0) }
        if let j = (0..<size).first(where: { vector.observation(i)[i * size + $0].bitPattern != buffer[$0].bitPattern }) {
            return [.init(.vectorAutoreset, at: "VectorEnv.reset(seed: \(seed))",
                          "env \(i) observation[\(j)] differs from a copy reset alone with seed \(seed) + \(i)")]
        }
    }
    var expectedObservations = [Float](repeating: 0, count: n * size)
    for k in 0..<steps {
        var actions: [E.ActionSpace.Element] = []
        for i in 0..<n {
            let action = validAction(runner, &rngs[i], alone[i])
            actions.append(action)
            let t: Transition<E.Info>? = expectedObservations.withUnsafeMutableBufferPointer { all in
                let obs = UnsafeMutableBufferPointer(rebasing: all[(i * size)..<((i + 1) * size)])
                if ended[i] {
                    _ = alone[i].reset(seed: nil, options: .none, into: obs)
                    return nil
                }
                return try? alone[i].step(action, into: obs)
            }
            expected[i] = t.map { ($0.reward, $0.terminated, $0.truncated) } ?? (0, false, false)
        }
        do throws(EnvError) {
            try vector.step(actions)
        } catch {
            return [.init(.vectorAutoreset, at: "vector step \(k)", "VectorEnv.step threw \(error)")]
        }
        for i in 0..<n {
            let context = ended[i]
                ? "env \(i) ended on the previous step, so VectorEnv must reset it now (reward 0, flags false, reset obs)"
                : "env \(i) stepped"
            let base = i * size
            if let j = (0..<size).first(where: {
                vector.observations[base + $0].bitPattern != expectedObservations[base + $0].bitPattern
            }) {
                return [.init(.vectorAutoreset, at: "vector step \(k)",
                              "\(context): observation[\(j)] = \(vector.observations[base + j]) vs \(expectedObservations[base + j]) alone")]
            }
            let got = (vector.rewards[i], vector.terminated[i], vector.truncated[i])
            if got.0.bitPattern != expected[i].reward.bitPattern || got.1 != expected[i].terminated
                || got.2 != expected[i].truncated {
                return [.init(.vectorAutoreset, at: "vector step \(k)",
                              "\(context): (reward, terminated, truncated) = \(got) vs \(expected[i]) alone")]
            }
            if ended[i] { autoresets += 1 }
            ended[i] = expected[i].terminated || expected[i].truncated
        }
    }
    if autoresets == 0 {
        return [.init(.autoresetNotExercised, "no episode ended within \(steps) steps of 3 envs; raise steps or add a TimeLimit")]
    }
    return []
}

// MARK: - Helpers

/// The description as it comes back from JSON: infinite box bounds travel as ±`Float.greatestFiniteMagnitude`.
private func wireForm(_ description: SpaceDescription) -> SpaceDescription {
    func finite(_ v: Float) -> Float { v.isFinite ? v : (v > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude) }
    switch description {
    case let .box(low, high, shape): return .box(low: low.map(finite), high: high.map(finite), shape: shape)
    case let .dict(entries): return .dict(entries.map { (key: $0.key, space: wireForm($0.space)) })
    case .discrete, .multiDiscrete: return description
    }
}

private func validAction<E: Env>(_ runner: TraceRunner<E>, _ rng: inout Xoshiro256StarStar, _ env: E) -> E.ActionSpace.Element {
    runner.validAction(&rng, env)
}

/// Compares two traces and records the first difference under `property`; returns whether they are identical.
@discardableResult
private func compare(
    _ reference: Trace, _ other: Trace, _ property: ContractViolation.Property, _ context: String,
    _ found: inout [ContractViolation]
) -> Bool {
    guard let (label, what) = reference.firstDifference(from: other) else { return true }
    found.append(.init(property, at: label, "\(what) \(context)"))
    return false
}

/// Keeps the first violation of each property, noting how many more there were.
private func firstPerProperty(_ violations: [ContractViolation]) -> [ContractViolation] {
    var result: [ContractViolation] = []
    for property in ContractViolation.Property.allCases {
        let matching = violations.filter { $0.property == property }
        guard var first = matching.first else { continue }
        if matching.count > 1 { first.message += " (and \(matching.count - 1) more)" }
        result.append(first)
    }
    return result
}
