import RadioScene

extension TaskFamily {
    /// `beam-rooms` (`BeamSelection-v1`): indoor rooms of varied size, materials, AP placement, clutter, mobility and
    /// array calibration, all seen by the same two 32-element access points at 60 GHz.
    ///
    /// Every task: 2 APs × (8 wide + 32 narrow beams) = `Discrete(80)`, probe budget 64, target 5 cm (95 % radius),
    /// 60 GHz / 3 GHz, 10 dBm probes of 100 ns. The `ood` split has rooms larger than any training room
    /// (floor area 224–396 m² against at most 168 m²).
    public static let beamRooms = TaskFamily(
        name: "beam-rooms", envID: BeamSelectionEnv.id,
        summary: "rooms of varied size, ITU materials, AP placement, clutter, mobility and calibration; two 32-element APs at 60 GHz.",
        fixed: [
            "2 access points, 32-element ULAs (d = λ/2, 5 dBi), codebook 32 narrow + 8 wide beams: Discrete(80)",
            "60 GHz, 3 GHz bandwidth, 10 dBm, 100 ns probes; probe budget 64; target 95 % radius 5 cm",
        ],
        sampled: [
            "room width 6–14 m, depth 5–12 m (ood: width 16–22 m, depth 14–18 m), height 2.8–3.6 m",
            "ITU-R P.2040 walls (concrete, plasterboard, glass, wood), floor (concrete, marble, wood), ceiling (plasterboard, ceiling board, concrete)",
            "AP 0 on the wall y = 0 at 2–30 % of the width, AP 1 on the opposite wall at 70–98 % (mirrored at random), 0.2 m below the ceiling",
            "0–2 blockers, footprint 0.4–1.5 m a side, 1.0–2.2 m high",
            "mobility stationary, constant velocity or random waypoint at 0.5–1.5 m/s",
            "AP element phase-calibration error 0–4° (std), clock bias 0–0.5 ns",
        ],
        oodShift: Shift(
            quantity: "floor area, m²", training: 30...168, outOfDistribution: 224...396,
            measure: { ($0.room.max.x - $0.room.min.x) * ($0.room.max.y - $0.room.min.y) }),
        draw: drawBeamRoom)

    private static func drawBeamRoom(_ g: inout TaskSampler, _ split: Split) throws(ScenarioError) -> Scenario {
        var scenario = try ScenarioLoader.parse(yaml: beamRoomTemplate, source: "beam-rooms template")
        let (widthM, depthM) = split == .ood
            ? (g.uniform(16...22, step: 0.1), g.uniform(14...18, step: 0.1))
            : (g.uniform(6...14, step: 0.1), g.uniform(5...12, step: 0.1))
        let heightM = g.uniform(2.8...3.6, step: 0.1)
        scenario.room.max = Vector3(widthM, depthM, heightM)
        scenario.room.walls = itu(g.pick(["concrete", "plasterboard", "glass", "wood"]))
        scenario.room.floor = itu(g.pick(["concrete", "marble", "wood"]))
        scenario.room.ceiling = itu(g.pick(["plasterboard", "ceiling_board", "concrete"]))
        // Two APs on opposite walls near opposite corners, like the WRF rooms; mirrored left–right at random.
        let apZ = TaskSampler.decimal(heightM - 0.2)
        var x0 = g.uniform(0.02...0.30) * widthM, x1 = g.uniform(0.70...0.98) * widthM
        if g.pick([false, true]) { (x0, x1) = (widthM - x0, widthM - x1) }
        scenario.accessPoints[0].position = Vector3(TaskSampler.decimal(x0), 0.15, apZ)
        scenario.accessPoints[1].position = Vector3(TaskSampler.decimal(x1), TaskSampler.decimal(depthM - 0.15), apZ)
        let blockers = drawBlockers(&g, widthM: widthM, depthM: depthM)
        scenario.room.blockers = blockers.isEmpty ? nil : blockers
        drawMobility(&g, into: &scenario.user)
        scenario.impairments = ImpairmentSpec(
            clockBiasNs: g.uniform(0...0.5), phaseCalibrationErrorDeg: g.uniform(0...4, step: 0.1))
        return scenario
    }

    /// The ITU-R P.2040 material `name` (``ITUMaterial/table``), named after it.
    static func itu(_ name: String) -> Material { Material(name: name, itu: name) }

    /// Draws 0–2 boxes (footprint 0.4–1.5 m a side, 1.0–2.2 m high) at least 1 m from the walls.
    static func drawBlockers(_ g: inout TaskSampler, widthM: Double, depthM: Double) -> [Blocker] {
        (0..<g.integer(0...2)).map { _ in
            let x = g.uniform(1...(widthM - 2)), y = g.uniform(1...(depthM - 2))
            let size = (g.uniform(0.4...1.5), g.uniform(0.4...1.5))
            return Blocker(
                minCorner: Vector3(x, y, 0),
                maxCorner: Vector3(TaskSampler.decimal(x + size.0), TaskSampler.decimal(y + size.1), g.uniform(1.0...2.2)))
        }
    }

    /// Draws the user's motion: stationary, constant velocity or random waypoint at 0.5–1.5 m/s.
    static func drawMobility(_ g: inout TaskSampler, into user: inout UserSpec) {
        user.mobility = g.pick(["stationary", "constant_velocity", "random_waypoint"])
        let speedMps = g.uniform(0.5...1.5, step: 0.1)
        user.speedMps = user.mobility == "stationary" ? nil : speedMps
    }

    static let beamRoomTemplate = """
        name: beam-rooms
        description: template
        room: {min: [0.0, 0.0, 0.0], max: [8.0, 6.0, 3.0], max_reflection_order: 1,
               walls: {name: concrete, itu: concrete}, floor: {name: concrete, itu: concrete},
               ceiling: {name: plasterboard, itu: plasterboard}}
        radio: {carrier_hz: 60.0e9, bandwidth_hz: 3.0e9, tx_power_dbm: 10.0, noise_figure_db: 10.0,
                probe_duration_s: 1.0e-7, detection_threshold_db: 10.0, absorption_db_per_m: 0.015,
                polarization: vertical,
                receiver: {architecture: analog_monopulse, rician_k_los_db: 7.0, rician_k_nlos_db: -100.0,
                           range_floor_fraction: 0.1, angle_floor_fraction: 0.05}}
        access_points:
          - {name: ap0, position: [0.18, 0.2, 2.8], elements: 32, spacing_wavelengths: 0.5, element_gain_dbi: 5.0}
          - {name: ap1, position: [7.7, 5.78, 2.8], elements: 32, spacing_wavelengths: 0.5, element_gain_dbi: 5.0}
        codebook: {beams: 32, wide_beams: 8}
        user: {height_m: 1.5, mobility: stationary, margin_m: 0.3}
        tracker: {acceleration_noise: 0.5, initial_speed_std_mps: 1.0, gate_chi2: 13.8155}
        episode: {slot_duration_s: 0.01, target_accuracy_m: 0.05, probe_budget: 64}
        reward: {kind: information_gain, cost_per_probe: 1.5, cost_per_ghz_us: 5.0}
        """
}

