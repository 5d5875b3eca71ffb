import GymCore
import RadioScene

/// A named, seeded distribution of positioning tasks for one environment id, whose tasks all share one
/// observation space and one action space: the unit of meta-training and meta-testing.
///
/// A family fixes everything that shapes the spaces (number of access points, array elements, codebook size, wide
/// beams, RIS panels and their rows × columns, probe budget) and samples what adaptation must survive: room
/// geometry and ITU-R P.2040 materials, AP and RIS placement, blockage, RIS element failures, the user's mobility
/// and hardware impairments. Each family's ranges are listed in docs/PHYSICS.md §8 and by
/// `sensing-gym scenario sample --help`.
///
/// Splits: `train` task i has task seed 2i and `test` task i has 2i + 1 (the seed-parity rule of
/// ``TaskDistribution``), so the two never share a task; `ood` task i has task seed 2⁶² + i and is drawn from
/// ranges outside the training ranges (``oodShift``), to be reported on its own. Indices lie in
/// 0 … ``maxIndex``, which keeps the three seed sets disjoint.
///
/// ```swift
/// let family = try TaskFamily.named("beam-rooms")
/// let task = try family.task(index: 3, split: .test)      // a validated Scenario
/// var env = try family.makeEnv(task: task)                  // AnyEnv<ProbeInfo>, BeamSelection-v1
/// let id = family.taskID(index: 3, split: .test)           // "beam-rooms/test/3", seed 7
/// ```
public struct TaskFamily: Sendable {
    /// Which set of tasks a task belongs to.
    public enum Split: String, Sendable, CaseIterable, Codable {
        /// Tasks for meta-training (task seeds 2i).
        case train
        /// Held-out tasks from the training distribution, for meta-testing (task seeds 2i + 1).
        case test
        /// Held-out tasks from outside the training ranges (task seeds 2⁶² + i), reported separately.
        case ood
    }

    /// The quantity a family's `ood` split moves outside the training ranges, and the ranges it claims.
    public struct Shift: Sendable {
        /// What is shifted, with its unit (`"floor area, m²"`).
        public let quantity: String
        /// The range every `train` and `test` task lies in.
        public let training: ClosedRange<Double>
        /// The range every `ood` task lies in; it does not overlap ``training``.
        public let outOfDistribution: ClosedRange<Double>
        /// Reads the quantity off a task.
        public let measure: @Sendable (Scenario) -> Double

        /// Creates a shift claim; `outOfDistribution` must not overlap `training`.
        public init(
            quantity: String, training: ClosedRange<Double>, outOfDistribution: ClosedRange<Double>,
            measure: @escaping @Sendable (Scenario) -> Double
        ) {
            self.quantity = quantity
            self.training = training
            self.outOfDistribution = outOfDistribution
            self.measure = measure
        }
    }

    /// The family's name (`beam-rooms`), the first part of its task identifiers.
    public let name: String
    /// The environment id every task is made for (`BeamSelection-v1`).
    public let envID: String
    /// One line on what the family varies.
    public let summary: String
    /// What every task shares (what shapes the spaces), one item a line.
    public let fixed: [String]
    /// What is sampled and from which ranges (train/test; the ood ranges where they differ), one item a line.
    public let sampled: [String]
    /// The quantity the `ood` split moves outside the training ranges.
    public let oodShift: Shift
    /// Draws the task of a split from its seeded sampler (name and description are set by ``task(index:split:)``).
    let draw: @Sendable (inout TaskSampler, Split) throws(ScenarioError) -> Scenario

    /// Creates a family; ``all`` lists the built-in ones.
    /// - Parameter draw: samples a task of a split from its seeded draws; ``task(index:split:)`` names, describes
    ///   and validates it. It must fix everything that shapes `envID`'s spaces.
    public init(
        name: String, envID: String, summary: String, fixed: [String], sampled: [String], oodShift: Shift,
        draw: @escaping @Sendable (inout TaskSampler, Split) throws(ScenarioError) -> Scenario
    ) {
        self.name = name
        self.envID = envID
        self.summary = summary
        self.fixed = fixed
        self.sampled = sampled
        self.oodShift = oodShift
        self.draw = draw
    }

    /// The largest task index of a split (2³² − 1): below it, train, test and ood task seeds never coincide.
    public static let maxIndex = (1 << 32) - 1

    /// Every family, in the order `sensing-gym scenario sample --help` lists them.
    public static let all: [TaskFamily] = [.beamRooms, .beamMobility, .risFailures]

    /// The names of ``all``.
    public static var names: [String] { all.map(\.name) }

    /// The family called `name`.
    /// - Throws: ``TaskFamilyError/unknownFamily(_:known:)`` listing the known names.
    public static func named(_ name: String) throws(TaskFamilyError) -> TaskFamily {
        guard let family = all.first(where: { $0.name == name }) else {
            throw .unknownFamily(name, known: names)
        }
        return family
    }

    /// The task seed of task `index` of `split`: 2·index (train), 2·index + 1 (test) or 2⁶² + index (ood).
    public static func taskSeed(index: Int, split: Split) -> UInt64 {
        let i = UInt64(truncatingIfNeeded: index)
        switch split {
        case .train: return 2 &* i
        case .test: return 2 &* i &+ 1
        case .ood: return (1 << 62) &+ i
        }
    }

    /// The split a task seed belongs to (for seeds that ``taskSeed(index:split:)`` produces).
    public static func split(ofTaskSeed seed: UInt64) -> Split {
        seed >= 1 << 62 ? .ood : (seed & 1 == 0 ? .train : .test)
    }

    /// The identifier of task `index` of `split`, as a checkpoint records it.
    public func taskID(index: Int, split: Split) -> TaskID { TaskID(family: name, split: split, index: index) }

    /// The identifiers of tasks 0 ..< `count` of `split`.
    public func taskIDs(split: Split, count: Int) -> [TaskID] {
        (0..<max(count, 0)).map { taskID(index: $0, split: split) }
    }

    /// Samples task `index` of `split` as a validated scenario; the same index and split give the same task.
    /// - Throws: ``TaskFamilyError/indexOutOfRange(_:)`` for an index outside 0 … ``maxIndex``, or
    ///   ``TaskFamilyError/invalidTask(_:)`` if the sampled task fails validation (a sampler bug).
    public func task(index: Int, split: Split) throws(TaskFamilyError) -> Scenario {
        guard (0...Self.maxIndex).contains(index) else { throw .indexOutOfRange(index) }
        let seed = Self.taskSeed(index: index, split: split)
        var draws = TaskSampler(seed: seed ^ salt)
        do {
            var scenario = try draw(&draws, split)
            scenario.name = "\(name)-\(split.rawValue)-\(index)"
            scenario.description = "Task \(taskID(index: index, split: split)) (task seed \(seed)) of the \(name) family: \(summary)"
            try scenario.validate(source: scenario.name)
            return scenario
        } catch {
            throw .invalidTask(error)
        }
    }

    /// Samples the task `id` names.
    /// - Throws: ``TaskFamilyError/wrongFamily(_:expected:)`` when `id` belongs to another family, else as
    ///   ``task(index:split:)``.
    public func task(_ id: TaskID) throws(TaskFamilyError) -> Scenario {
        guard id.family == name else { throw .wrongFamily(id, expected: name) }
        return try task(index: id.index, split: id.split)
    }

    /// Samples the task `id` names, finding its family by name (for identifiers read back from a checkpoint).
    /// - Throws: ``TaskFamilyError/unknownFamily(_:known:)``, or as ``task(index:split:)``.
    public static func task(_ id: TaskID) throws(TaskFamilyError) -> Scenario {
        try named(id.family).task(id)
    }

    /// Makes the family's environment (``envID``) for `task`.
    /// - Parameter kwargs: the env's keyword arguments (``SensingGymRegistry/make(_:scenario:kwargs:)``).
    /// - Throws: `RegistryError` for a bad keyword argument.
    public func makeEnv(task: Scenario, kwargs: [String: String] = [:]) throws -> AnyEnv<ProbeInfo> {
        try SensingGymRegistry.make(envID, scenario: task, kwargs: kwargs)
    }

    /// Mixed into every task seed so that two families' tasks of the same seed differ (FNV-1a of the name).
    private var salt: UInt64 {
        name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}
