import Foundation
import GymCore
import RadioScene

/// A seeded distribution of positioning tasks (scenarios) for meta-RL, with disjoint train and test tasks.
///
/// Task i of a split is drawn from the generator seeded with the task seed 2i (train) or 2i + 1 (test): the
/// two splits partition the seeds by parity, so no seed serves both. A task varies the room (size, wall, floor
/// and ceiling materials), the access point (wall, position, array size), one RIS panel (wall, position, size),
/// blockage (0–2 boxes), RIS element failures, hardware impairments, the carrier and the user's mobility.
/// Numbers are rounded (centimetres, tenths of a dB) so that a task's YAML reads back to the same ``Scenario``.
///
/// Its tasks' array and RIS sizes differ, so their spaces differ; for meta-RL, where every task must share one
/// observation and action space, use a ``TaskFamily``.
///
/// ```swift
/// let task = try TaskDistribution.sample(index: 7, split: .train)
/// print(try ScenarioLoader.yaml(of: task))   // sensing-gym scenario sample --seed 7
/// ```
public enum TaskDistribution {
    /// Which side of the train/test partition a task comes from.
    public enum Split: String, Sendable, CaseIterable {
        /// Tasks for meta-training (even task seeds).
        case train
        /// Held-out tasks for meta-testing (odd task seeds).
        case test
    }

    /// The task seed of task `index` of `split`: 2·index (train) or 2·index + 1 (test).
    public static func taskSeed(index: UInt64, split: Split) -> UInt64 { 2 &* index &+ (split == .test ? 1 : 0) }

    /// The split a task seed belongs to.
    public static func split(ofTaskSeed seed: UInt64) -> Split { seed & 1 == 0 ? .train : .test }

    /// Samples task `index` of `split` as a validated scenario.
    /// - Throws: ``ScenarioError`` if the sampled task fails validation (a sampler bug).
    public static func sample(index: UInt64, split: Split) throws(ScenarioError) -> Scenario {
        var g = Xoshiro256StarStar(seed: taskSeed(index: index, split: split) ^ 0x7A5C_D157_0000_0000)
        // Dividing a whole number by 10 or 100 gives the double nearest the decimal, which YAML writes back exactly.
        func decimal(_ x: Double, _ scale: Double = 100) -> Double { (x * scale).rounded() / scale }
        func uniform(_ lo: Double, _ hi: Double, _ step: Double = 0.01) -> Double {
            decimal(lo + (hi - lo) * g.nextUnitDouble(), (1 / step).rounded())
        }
        func pick<T>(_ options: [T]) -> T { options[Int(g.next(upperBound: UInt64(options.count)))] }
        let width = uniform(6, 40, 0.1), depth = uniform(6, 30, 0.1), height = uniform(3, 8, 0.1)
        // (name, ITU-R P.2040 material or nil for a fixed loss, fixed loss dB).
        let walls = pick([("concrete", "concrete", 6.0), ("drywall", "plasterboard", 8.0), ("glass", "glass", 3.0),
                          ("sheet-metal", "metal", 1.0), ("wood", "wood", 10.0)])
        let floor = pick([("concrete-floor", "concrete", 8.0), ("carpet", nil, 15.0), ("epoxy", "concrete", 6.0)])
        let ceiling = pick([("plasterboard", "plasterboard", 10.0), ("metal-roof", "metal", 1.0),
                            ("ceiling-tiles", "ceiling_board", 12.0)])
        func material(_ m: (String, String?, Double)) -> Material {
            m.1.map { Material(name: m.0, itu: $0) } ?? Material(name: m.0, reflectionLossDB: m.2)
        }
        let carrier = pick([28e9, 60e9, 140e9])
        let bandwidth = pick([4e8, 1e9, 2e9])
        let elements = pick([16, 32, 64])
        // The AP on one wall, the RIS on the opposite one.
        let apWall = Int(g.next(upperBound: UInt64(4)))
        func wallPoint(_ wall: Int, along: Double, z: Double) -> (Vector3, Double) {
            switch wall {
            case 0: return (Vector3(0.05, along * depth, z), 0)
            case 1: return (Vector3(width - 0.05, along * depth, z), 180)
            case 2: return (Vector3(along * width, 0.05, z), 90)
            default: return (Vector3(along * width, depth - 0.05, z), -90)
            }
        }
        func round(_ v: Vector3) -> Vector3 { Vector3(decimal(v.x), decimal(v.y), decimal(v.z)) }
        let ap = wallPoint(apWall, along: uniform(0.1, 0.9), z: decimal(height - 0.3))
        let risWall = [1, 0, 3, 2][apWall]
        let ris = wallPoint(risWall, along: uniform(0.2, 0.8), z: uniform(1.8, max(1.9, height - 0.5)))
        var blockers: [Blocker] = []
        for _ in 0..<Int(g.next(upperBound: UInt64(3))) {
            let x = uniform(1, width - 3), y = uniform(1, depth - 3)
            blockers.append(
                Blocker(
                    minCorner: Vector3(x, y, 0),
                    maxCorner: Vector3(decimal(x + uniform(0.5, 2)), decimal(y + uniform(0.5, 2)), uniform(1.8, 3))))
        }
        let mobility = pick(["stationary", "constant_velocity", "random_waypoint"])
        var scenario = try template()
        scenario.name = "task-\(split.rawValue)-\(index)"
        scenario.description = "Sampled task \(index) of the \(split.rawValue) split (task seed \(taskSeed(index: index, split: split)))."
        scenario.room.max = Vector3(width, depth, height)
        scenario.room.walls = material(walls)
        scenario.room.floor = material(floor)
        scenario.room.ceiling = material(ceiling)
        scenario.room.blockers = blockers.isEmpty ? nil : blockers
        scenario.radio.carrierHz = carrier
        scenario.radio.bandwidthHz = bandwidth
        scenario.radio.absorptionDBPerM = [28e9: 0.0001, 60e9: 0.015, 140e9: 0.002][carrier]
        scenario.accessPoints[0].position = round(ap.0)
        scenario.accessPoints[0].boresightDeg = ap.1
        scenario.accessPoints[0].elements = elements
        scenario.codebook.beams = elements
        scenario.user.mobility = mobility
        scenario.user.speedMps = mobility == "stationary" ? nil : uniform(0.5, 2, 0.1)
        scenario.impairments = ImpairmentSpec(
            clockBiasNs: pick([0, 0, 0.1, 0.5]), phaseCalibrationErrorDeg: pick([0, 0, 2, 5]),
            risElementFailureProbability: pick([0, 0.02, 0.05, 0.1]))
        scenario.ris = [
            RISPanelSpec(
                name: "ris0", centre: round(ris.0), normalDeg: ris.1, columns: pick([8, 16, 32]), rows: pick([8, 16]))
        ]
        try scenario.validate(source: scenario.name)
        return scenario
    }

    /// The fixed parts of every task (radio chain, tracker, episode, reward).
    static func template() throws(ScenarioError) -> Scenario {
        let yaml = """
            name: task
            description: template
            room: {min: [0.0, 0.0, 0.0], max: [10.0, 10.0, 3.0], max_reflection_order: 1,
                   walls: {name: concrete, reflection_loss_db: 6.0}, floor: {name: concrete-floor, reflection_loss_db: 8.0},
                   ceiling: {name: plasterboard, reflection_loss_db: 10.0}}
            radio: {carrier_hz: 60.0e9, bandwidth_hz: 1.0e9, tx_power_dbm: 20.0, noise_figure_db: 7.0,
                    probe_duration_s: 1.0e-6, detection_threshold_db: 10.0, polarization: vertical,
                    receiver: {architecture: analog_monopulse, rician_k_los_db: 7.0, rician_k_nlos_db: -100.0,
                               range_floor_fraction: 0.1, angle_floor_fraction: 0.05}}
            access_points: [{name: ap0, position: [0.1, 0.1, 2.7], elements: 32}]
            codebook: {beams: 32}
            user: {height_m: 1.5, mobility: stationary, margin_m: 0.5}
            tracker: {acceleration_noise: 0.5, initial_speed_std_mps: 1.0}
            episode: {slot_duration_s: 0.01, target_accuracy_m: 0.05, probe_budget: 64}
            reward: {kind: information_gain, cost_per_probe: 0.1}
            """
        return try ScenarioLoader.parse(yaml: yaml, source: "TaskDistribution.template")
    }
}
