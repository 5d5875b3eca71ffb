import RadioScene

extension TaskFamily {
    /// `beam-mobility` (`BeamSelection-v1`): one 10 × 8 m room and its two access points, with the user's motion,
    /// clutter and array calibration varied from task to task.
    ///
    /// Every task: the spaces of ``beamRooms`` (`Discrete(80)`), the same room, materials and APs. The `ood` split
    /// has users faster than any training task's (2–3 m/s, always moving, against at most 1.5 m/s).
    public static let beamMobility = TaskFamily(
        name: "beam-mobility", envID: BeamSelectionEnv.id,
        summary: "one 10 x 8 m concrete room with two 32-element APs at 60 GHz; mobility pattern and speed, clutter and calibration vary.",
        fixed: [
            "room 10 × 8 × 3 m, ITU-R P.2040 concrete walls and floor, plasterboard ceiling",
            "2 access points at (0.2, 0.15, 2.8) and (9.8, 7.85, 2.8) m, 32-element ULAs, 32 narrow + 8 wide beams: Discrete(80)",
            "60 GHz, 3 GHz bandwidth, 10 dBm, 100 ns probes; probe budget 64; target 95 % radius 5 cm",
        ],
        sampled: [
            "mobility stationary, constant velocity or random waypoint at 0.3–1.5 m/s (ood: constant velocity or random waypoint at 2–3 m/s)",
            "0–2 blockers, footprint 0.4–1.5 m a side, 1.0–2.2 m high",
            "AP element phase-calibration error 0–4° (std)",
        ],
        oodShift: Shift(
            quantity: "user speed, m/s (0 when stationary)", training: 0...1.5, outOfDistribution: 2...3,
            measure: { $0.user.mobility == "stationary" ? 0 : $0.user.speedMps ?? 0 }),
        draw: drawMovingUser)

    private static func drawMovingUser(_ g: inout TaskSampler, _ split: Split) throws(ScenarioError) -> Scenario {
        var scenario = try ScenarioLoader.parse(yaml: beamRoomTemplate, source: "beam-mobility template")
        scenario.room.max = Vector3(10, 8, 3)
        scenario.accessPoints[0].position = Vector3(0.2, 0.15, 2.8)
        scenario.accessPoints[1].position = Vector3(9.8, 7.85, 2.8)
        if split == .ood {
            scenario.user.mobility = g.pick(["constant_velocity", "random_waypoint"])
            scenario.user.speedMps = g.uniform(2...3, step: 0.1)
        } else {
            scenario.user.mobility = g.pick(["stationary", "constant_velocity", "random_waypoint"])
            let speedMps = g.uniform(0.3...1.5, step: 0.1)
            scenario.user.speedMps = scenario.user.mobility == "stationary" ? nil : speedMps
        }
        let blockers = drawBlockers(&g, widthM: 10, depthM: 8)
        scenario.room.blockers = blockers.isEmpty ? nil : blockers
        scenario.impairments = ImpairmentSpec(phaseCalibrationErrorDeg: g.uniform(0...4, step: 0.1))
        return scenario
    }
}
