import Dispatch
import Foundation

/// `count` copies of an env stepped in one call, with Gymnasium 1.x next-step autoreset.
///
/// Results live in contiguous buffers that each call overwrites in place: ``observations`` (`count ×
/// singleObservationSpace.size` floats, env `i` at `i * size`), ``rewards``, ``terminated``, ``truncated`` and
/// ``infos``. Autoreset follows Gymnasium 1.x's default (`AutoresetMode.NEXT_STEP`): an env whose episode ended
/// on the previous step is reset on this step instead of stepped; its action is ignored, its reward is 0,
/// `terminated` and `truncated` are false and its observation and info are those of the new episode. The final
/// observation of an episode is therefore the one returned on the step where it ended.
///
/// ``reset(seed:options:)`` seeds env `i` with `seed + i` (Gymnasium's rule). Steps may run in chunks on all
/// cores (`DispatchQueue.concurrentPerform`), as ``scheduling`` decides; results are identical either way,
/// because the copies share no state.
///
/// ```swift
/// var envs = try VectorEnv(count: 8) { _ in try GridWalk(size: 5) }
/// envs.reset(seed: 42)
/// try envs.step(Array(repeating: 1, count: 8))
/// print(envs.rewards, envs.terminated)
/// ```
public struct VectorEnv<E: Env> {
    /// Cores available, read once: on Linux `activeProcessorCount` reads cgroup files (tens of µs a call).
    static var processorCount: Int { ProcessorCount.value }

    /// The copies, in order.
    public private(set) var envs: [E]
    /// The number of copies.
    public let count: Int
    /// The observation space of one copy (Gymnasium's `single_observation_space`).
    public let singleObservationSpace: Box
    /// The action space of one copy (Gymnasium's `single_action_space`).
    public let singleActionSpace: E.ActionSpace
    /// The batched observations, `count × singleObservationSpace.size` floats, env-major.
    public private(set) var observations: [Float]
    /// The reward of each copy on the last step.
    public private(set) var rewards: [Double]
    /// Whether each copy reached a terminal state on the last step.
    public private(set) var terminated: [Bool]
    /// Whether each copy was truncated on the last step.
    public private(set) var truncated: [Bool]
    /// The info of each copy from the last reset or step (empty before the first reset).
    public private(set) var infos: [E.Info]
    /// Whether each copy will be reset, instead of stepped, on the next step (Gymnasium's `_autoreset_envs`).
    public private(set) var autoresetPending: [Bool]
    /// How steps are spread over cores.
    public enum Scheduling: Sendable, Equatable {
        /// Always one thread.
        case serial
        /// Always in chunks on all cores (when there is more than one).
        case parallel
        /// From ``parallelThreshold`` copies on, time serial and parallel steps and use the faster, re-checking
        /// every 256 steps; below the threshold, serial.
        case adaptive
    }

    /// How steps are spread over cores; `.adaptive` by default.
    ///
    /// A fixed rule does not pay on a shared machine: on this project's 2-core host, under a load of 4.5, a
    /// parallel step of 64 toy envs (0.4–1.6 µs each) ran at 0.2–0.6× the serial speed, and even at 1024 envs
    /// parallel did not win, while an idle second core roughly halves the time of large batches. So the default
    /// measures instead of guessing.
    public var scheduling: Scheduling = .adaptive
    /// Under `.adaptive`, the number of copies from which parallel steps are tried; below it, steps run serially.
    public var parallelThreshold: Int = 64
    /// Whether the last step ran in parallel.
    public private(set) var lastStepWasParallel = false
    private var serialNanosPerStep = 0.0
    private var parallelNanosPerStep = 0.0
    private var stepsSinceProbe = 0

    /// Wraps the given copies, which must share no mutable state and have equal spaces.
    public init(_ envs: [E]) {
        precondition(!envs.isEmpty, "VectorEnv needs at least one env")
        let first = envs[0]
        precondition(
            envs.allSatisfy { $0.observationSpace == first.observationSpace && $0.actionSpace == first.actionSpace },
            "VectorEnv copies must have equal observation and action spaces")
        self.envs = envs
        self.count = envs.count
        self.singleObservationSpace = first.observationSpace
        self.singleActionSpace = first.actionSpace
        self.observations = [Float](repeating: 0, count: envs.count * first.observationSpace.size)
        self.rewards = [Double](repeating: 0, count: envs.count)
        self.terminated = [Bool](repeating: false, count: envs.count)
        self.truncated = [Bool](repeating: false, count: envs.count)
        self.infos = []
        self.autoresetPending = [Bool](repeating: false, count: envs.count)
    }

    /// Makes `count` copies by calling `make(i)` for `i` in `0..<count`.
    public init(count: Int, make: (Int) throws -> E) rethrows {
        precondition(count > 0, "VectorEnv needs count > 0, got \(count)")
        self.init(try (0..<count).map(make))
    }

    /// The batched observation space: shape `[count] + single shape`, bounds tiled (Gymnasium's `batch_space`).
    public var observationSpace: Box {
        let s = singleObservationSpace
        return Box(
            low: Array((0..<count).map { _ in s.low }.joined()), high: Array((0..<count).map { _ in s.high }.joined()),
            shape: [count] + s.shape)
    }

    /// The observation of copy `i`, a slice of ``observations``.
    public func observation(_ i: Int) -> ArraySlice<Float> {
        let size = singleObservationSpace.size
        return observations[(i * size)..<((i + 1) * size)]
    }

    // MARK: - Reset

    /// Resets every copy: copy `i` with `seed + i` (wrapping), or each continuing its stream when `seed` is nil.
    public mutating func reset(seed: UInt64? = nil, options: ResetOptions = .none) {
        reset(seeds: (0..<count).map { i in seed.map { $0 &+ UInt64(i) } }, options: options)
    }

    /// Resets every copy with its own seed (`nil` continues that copy's stream).
    public mutating func reset(seeds: [UInt64?], options: ResetOptions = .none) {
        precondition(seeds.count == count, "VectorEnv.reset needs \(count) seeds, got \(seeds.count)")
        let size = singleObservationSpace.size
        let n = count
        var newInfos: [E.Info] = []
        newInfos.reserveCapacity(n)
        envs.withUnsafeMutableBufferPointer { envs in
            observations.withUnsafeMutableBufferPointer { obs in
                for i in 0..<n {
                    let slot = UnsafeMutableBufferPointer(rebasing: obs[(i * size)..<((i + 1) * size)])
                    newInfos.append(envs[i].reset(seed: seeds[i], options: options, into: slot))
                }
            }
        }
        infos = newInfos
        for i in 0..<count {
            rewards[i] = 0
            terminated[i] = false
            truncated[i] = false
            autoresetPending[i] = false
        }
    }

    // MARK: - Step

    /// Steps every copy with its action, or resets it when its episode ended on the previous step.
    ///
    /// All actions of copies that will be stepped are checked against ``singleActionSpace`` first, so an invalid
    /// action changes nothing. Results are in ``observations``, ``rewards``, ``terminated``, ``truncated``, ``infos``.
    /// - Throws: ``EnvError/invalidAction(_:)`` naming the copy, when an action is invalid or the count is wrong;
    ///   ``EnvError/needsReset(_:)`` before the first ``reset(seed:options:)``.
    public mutating func step(_ actions: [E.ActionSpace.Element]) throws(EnvError) {
        guard actions.count == count else {
            throw .invalidAction("VectorEnv of \(count) envs got \(actions.count) actions")
        }
        guard infos.count == count else { throw .needsReset("VectorEnv.step called before reset") }
        for i in 0..<count where !autoresetPending[i] && !singleActionSpace.contains(actions[i]) {
            let flat = singleActionSpace.flatAction(from: actions[i])
            let reason: String
            do throws(EnvError) {
                _ = try singleActionSpace.element(from: flat)
                reason = "\(flat) is not in \(singleActionSpace)"
            } catch { reason = error.description }
            throw .invalidAction("env \(i): \(reason)")
        }
        let cores = Self.processorCount
        let adaptive = scheduling == .adaptive && count >= parallelThreshold && cores > 1
        let parallel: Bool
        switch scheduling {
        case .serial: parallel = false
        case .parallel: parallel = cores > 1 && count > 1
        case .adaptive: parallel = adaptive && choosesParallel()
        }
        lastStepWasParallel = parallel
        let chunks = parallel ? min(cores, count) : 1
        let start = adaptive ? DispatchTime.now().uptimeNanoseconds : 0
        let size = singleObservationSpace.size
        var failure: EnvError? = nil
        envs.withUnsafeMutableBufferPointer { envs in
            observations.withUnsafeMutableBufferPointer { obs in
                rewards.withUnsafeMutableBufferPointer { rewards in
                    terminated.withUnsafeMutableBufferPointer { terminated in
                        truncated.withUnsafeMutableBufferPointer { truncated in
                            infos.withUnsafeMutableBufferPointer { infos in
                                autoresetPending.withUnsafeMutableBufferPointer { pending in
                                    actions.withUnsafeBufferPointer { actions in
                                        let batch = VectorStepBatch(
                                            envs: envs, observations: obs, size: size, rewards: rewards,
                                            terminated: terminated, truncated: truncated, infos: infos,
                                            pending: pending, actions: actions)
                                        failure = batch.run(chunks: chunks)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if adaptive { record(nanos: Double(DispatchTime.now().uptimeNanoseconds &- start), parallel: parallel) }
        if let failure { throw failure }
    }

    /// Resets now, instead of on the next step, every copy whose episode ended on the last step (Gymnasium's
    /// `AutoresetMode.SAME_STEP`): its slot of ``observations`` and its ``infos`` entry become those of the new
    /// episode, continuing the copy's random stream as a next-step autoreset would; ``rewards``, ``terminated``
    /// and ``truncated`` keep the values of the ending step. Read the final observations before calling this.
    public mutating func resetEndedEpisodes() {
        let size = singleObservationSpace.size
        let n = count
        envs.withUnsafeMutableBufferPointer { envs in
            observations.withUnsafeMutableBufferPointer { obs in
                infos.withUnsafeMutableBufferPointer { infos in
                    autoresetPending.withUnsafeMutableBufferPointer { pending in
                        for i in 0..<n where pending[i] {
                            let slot = UnsafeMutableBufferPointer(rebasing: obs[(i * size)..<((i + 1) * size)])
                            infos[i] = envs[i].reset(seed: nil, options: .none, into: slot)
                            pending[i] = false
                        }
                    }
                }
            }
        }
    }

    /// Measures each mode first, then takes the faster, trying the other one every 256 steps.
    private mutating func choosesParallel() -> Bool {
        if serialNanosPerStep == 0 { return false }
        if parallelNanosPerStep == 0 { return true }
        stepsSinceProbe += 1
        let faster = parallelNanosPerStep < serialNanosPerStep
        if stepsSinceProbe >= 256 {
            stepsSinceProbe = 0
            return !faster
        }
        return faster
    }

    /// Folds one timed step into the running cost of its mode (exponential average, weight 1/4).
    private mutating func record(nanos: Double, parallel: Bool) {
        if parallel {
            parallelNanosPerStep = parallelNanosPerStep == 0 ? nanos : 0.75 * parallelNanosPerStep + 0.25 * nanos
        } else {
            serialNanosPerStep = serialNanosPerStep == 0 ? nanos : 0.75 * serialNanosPerStep + 0.25 * nanos
        }
    }
}

/// Raw views of a vector env's buffers for one step; each chunk touches only its own indices.
private struct VectorStepBatch<E: Env>: @unchecked Sendable {
    let envs: UnsafeMutableBufferPointer<E>
    let observations: UnsafeMutableBufferPointer<Float>
    let size: Int
    let rewards: UnsafeMutableBufferPointer<Double>
    let terminated: UnsafeMutableBufferPointer<Bool>
    let truncated: UnsafeMutableBufferPointer<Bool>
    let infos: UnsafeMutableBufferPointer<E.Info>
    let pending: UnsafeMutableBufferPointer<Bool>
    let actions: UnsafeBufferPointer<E.ActionSpace.Element>

    /// Runs all envs in `chunks` contiguous chunks (serially when 1) and returns the first error, if any.
    func run(chunks: Int) -> EnvError? {
        if chunks <= 1 { return run(0..<envs.count) }
        let n = envs.count
        var errors = [EnvError?](repeating: nil, count: chunks)
        errors.withUnsafeMutableBufferPointer { errorSlots in
            let slots = errorSlots
            let work = ChunkWork { c in slots[c] = run((c * n / chunks)..<((c + 1) * n / chunks)) }
            DispatchQueue.concurrentPerform(iterations: chunks) { c in work.body(c) }
        }
        return errors.lazy.compactMap { $0 }.first
    }

    /// Steps or autoresets envs `range`, stopping at the first error.
    func run(_ range: Range<Int>) -> EnvError? {
        for i in range {
            let slot = UnsafeMutableBufferPointer(rebasing: observations[(i * size)..<((i + 1) * size)])
            if pending[i] {
                infos[i] = envs[i].reset(seed: nil, options: .none, into: slot)
                rewards[i] = 0
                terminated[i] = false
                truncated[i] = false
            } else {
                do throws(EnvError) {
                    let t = try envs[i].step(actions[i], into: slot)
                    rewards[i] = t.reward
                    terminated[i] = t.terminated
                    truncated[i] = t.truncated
                    infos[i] = t.info
                } catch {
                    return .invalidAction("env \(i): \(error)")
                }
            }
            pending[i] = terminated[i] || truncated[i]
        }
        return nil
    }
}

/// The work of one chunk, handed to the worker threads; chunks touch disjoint indices only.
private struct ChunkWork: @unchecked Sendable {
    let body: (Int) -> Void
}

/// The number of active processors, read once per process.
enum ProcessorCount {
    static let value = ProcessInfo.processInfo.activeProcessorCount
}
