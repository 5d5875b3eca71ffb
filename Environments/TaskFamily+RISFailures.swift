import RadioScene

extension TaskFamily {
    /// `ris-failures` (`RISConfiguration-v1`): factory halls whose racks hide most of the floor from the access
    /// point, so two RIS panels carry the probes, with per-task element-failure rates and patterns.
    ///
    /// Every task: one 32-element AP (8 wide + 32 narrow beams) and two 32 × 16 panels with 32 × 8 codebooks, so
    /// the action space is the same `Discrete` of direct and RIS beams in every task; 28 GHz / 400 MHz, probe
    /// budget 64, target 10 cm. The `ood` split has failure rates above any training task's (0.30–0.40 against
    /// at most 0.20).
    public static let risFailures = TaskFamily(
        name: "ris-failures", envID: RISConfigurationEnv.id,
        summary: "factory halls where racks hide the floor from the AP and two RIS panels with failing elements carry the probes; 28 GHz.",
        fixed: [
            "1 access point, 32-element ULA (d = λ/2, 5 dBi), codebook 32 narrow + 8 wide beams: 40 direct-beam actions",
            "2 RIS panels of 32 × 16 elements (λ/2), 32 × 8 codebooks (204 beams in front of each panel) on the north and east walls: Discrete(448)",
            "28 GHz, 400 MHz, 23 dBm, 1 µs probes; probe budget 64; target 95 % radius 10 cm, confirmed by two links (AP and RIS, or both panels)",
        ],
        sampled: [
            "hall width 30–40 m, depth 22–30 m, height 7–9 m; walls metal or concrete, roof concrete or metal (ITU-R P.2040)",
            "AP in the south-west corner (0.5–2 m from each wall), 2 m below the roof",
            "a rack row 4.5–5.5 m high across the hall at 22–35 % of the depth, from 10–20 % of the width to the east wall; 0–1 press line (4–10 × 2–4 m, 2–3 m high) behind it",
            "RIS panels 1.5 m below the roof, north at 35–65 % of the width, east at 55–80 % of the depth",
            "RIS element-failure rate 0–0.20 (ood: 0.30–0.40), pattern independent or clustered",
            "mobility stationary, constant velocity or random waypoint at 0.5–1.5 m/s; AP phase-calibration error 0–3° (std)",
        ],
        oodShift: Shift(
            quantity: "RIS element-failure rate", training: 0...0.2, outOfDistribution: 0.3...0.4,
            measure: { $0.impairments?.risElementFailureProbability ?? 0 }),
        draw: drawFactoryHall)

    private static func drawFactoryHall(_ g: inout TaskSampler, _ split: Split) throws(ScenarioError) -> Scenario {
        var scenario = try ScenarioLoader.parse(yaml: factoryHallTemplate, source: "ris-failures template")
        let widthM = g.uniform(30...40, step: 0.1), depthM = g.uniform(22...30, step: 0.1)
        let heightM = g.uniform(7...9, step: 0.1)
        scenario.room.max = Vector3(widthM, depthM, heightM)
        scenario.room.walls = itu(g.pick(["metal", "concrete"]))
        scenario.room.ceiling = itu(g.pick(["concrete", "metal"]))
        scenario.accessPoints[0].position = Vector3(
            g.uniform(0.5...2), g.uniform(0.5...2), TaskSampler.decimal(heightM - 2))
        let rackY = TaskSampler.decimal(g.uniform(0.22...0.35) * depthM)
        var blockers = [
            Blocker(
                minCorner: Vector3(TaskSampler.decimal(g.uniform(0.1...0.2) * widthM), rackY, 0),
                maxCorner: Vector3(widthM, TaskSampler.decimal(rackY + 1), g.uniform(4.5...5.5, step: 0.1)))
        ]
        if g.pick([false, true]) {
            let x = TaskSampler.decimal(g.uniform(0.3...0.5) * widthM)
            let y = TaskSampler.decimal(rackY + g.uniform(4...7))
            blockers.append(
                Blocker(
                    minCorner: Vector3(x, y, 0),
                    maxCorner: Vector3(
                        TaskSampler.decimal(x + g.uniform(4...10, step: 0.1)),
                        TaskSampler.decimal(y + g.uniform(2...4, step: 0.1)), g.uniform(2...3, step: 0.1))))
        }
        scenario.room.blockers = blockers
        let panelZ = TaskSampler.decimal(heightM - 1.5)
        scenario.ris?[0].centre = Vector3(
            TaskSampler.decimal(g.uniform(0.35...0.65) * widthM), TaskSampler.decimal(depthM - 0.05), panelZ)
        scenario.ris?[1].centre = Vector3(
            TaskSampler.decimal(widthM - 0.05), TaskSampler.decimal(g.uniform(0.55...0.8) * depthM), panelZ)
        drawMobility(&g, into: &scenario.user)
        let failureRate = split == .ood ? g.uniform(0.3...0.4) : g.uniform(0...0.2)
        scenario.impairments = ImpairmentSpec(
            phaseCalibrationErrorDeg: g.uniform(0...3, step: 0.1), risElementFailureProbability: failureRate,
            risFailurePattern: g.pick(["independent", "clustered"]))
        return scenario
    }

    private static let factoryHallTemplate = """
        name: ris-failures
        description: template
        room: {min: [0.0, 0.0, 0.0], max: [40.0, 30.0, 8.0], max_reflection_order: 1,
               walls: {name: metal, itu: metal}, floor: {name: concrete, itu: concrete},
               ceiling: {name: concrete, itu: concrete}}
        radio: {carrier_hz: 28.0e9, bandwidth_hz: 4.0e8, tx_power_dbm: 23.0, noise_figure_db: 7.0,
                probe_duration_s: 1.0e-6, detection_threshold_db: 10.0, absorption_db_per_m: 0.0001,
                polarization: vertical,
                receiver: {architecture: analog_monopulse, rician_k_los_db: 7.0, rician_k_nlos_db: -100.0,
                           range_floor_fraction: 0.1, angle_floor_fraction: 0.05}}
        access_points:
          - {name: ap0, position: [1.0, 1.0, 6.0], elements: 32, spacing_wavelengths: 0.5, element_gain_dbi: 5.0}
        codebook: {beams: 32, wide_beams: 8}
        user: {height_m: 1.5, mobility: stationary, margin_m: 1.0}
        tracker: {acceleration_noise: 0.5, initial_speed_std_mps: 1.0, gate_chi2: 13.8155, confirmation_links: 2}
        episode: {slot_duration_s: 0.01, target_accuracy_m: 0.1, probe_budget: 64}
        reward: {kind: information_gain, cost_per_probe: 0.1, cost_per_ghz_us: 0.5}
        ris:
          - {name: ris-north, centre: [20.0, 29.95, 6.5], normal_deg: -90.0, columns: 32, rows: 16,
             codebook_columns: 32, codebook_rows: 8}
          - {name: ris-east, centre: [39.95, 20.0, 6.5], normal_deg: 180.0, columns: 32, rows: 16,
             codebook_columns: 32, codebook_rows: 8}
        """
}
