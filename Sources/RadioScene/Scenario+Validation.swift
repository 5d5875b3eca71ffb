extension Scenario {
    /// Checks every value for physical sense.
    /// - Throws: ``ScenarioError`` for the first field that is wrong.
    public func validate(source: String) throws(ScenarioError) {
        func fail(_ field: String, _ message: String) -> ScenarioError {
            ScenarioError(source: source, field: field, message: message)
        }
        func positive(_ value: Double, _ field: String) throws(ScenarioError) {
            guard value.isFinite, value > 0 else { throw fail(field, "must be a positive number, got \(value)") }
        }
        func nonNegative(_ value: Double, _ field: String) throws(ScenarioError) {
            guard value.isFinite, value >= 0 else { throw fail(field, "must be ≥ 0, got \(value)") }
        }
        guard !name.isEmpty else { throw fail("name", "must not be empty") }
        let size = room.max - room.min
        guard size.x > 0, size.y > 0, size.z > 0, size.x.isFinite, size.y.isFinite, size.z.isFinite else {
            throw fail("room", "must have a positive size (max − min = \(size))")
        }
        if let order = room.maxReflectionOrder, !(0...2).contains(order) {
            throw fail("room.max_reflection_order", "must be 0, 1 or 2, got \(order)")
        }
        if (room.maxReflectionOrder ?? 1) == 2, !(room.blockers ?? []).isEmpty {
            throw fail("room.blockers", "are supported with max_reflection_order ≤ 1 only")
        }
        for (key, material) in [("walls", room.walls), ("floor", room.floor), ("ceiling", room.ceiling)] {
            try nonNegative(material.reflectionLossDB, "room.\(key).reflection_loss_db")
        }
        if let scattering = room.diffuseScattering {
            let s = scattering.scatteringCoefficient
            guard s.isFinite, (0...1).contains(s) else {
                throw fail("room.diffuse_scattering.scattering_coefficient", "must be in [0, 1], got \(s)")
            }
            let tile = scattering.tileSizeM ?? DiffuseScatterer.defaultTileSizeMetres
            try positive(tile, "room.diffuse_scattering.tile_size_m")
            guard tile <= min(size.x, size.y, size.z) else {
                throw fail("room.diffuse_scattering.tile_size_m", "must not exceed the room's smallest side, got \(tile)")
            }
        }
        try positive(radio.carrierHz, "radio.carrier_hz")
        try positive(radio.bandwidthHz, "radio.bandwidth_hz")
        guard radio.bandwidthHz < radio.carrierHz else {
            throw fail("radio.bandwidth_hz", "must be below the carrier (\(radio.carrierHz) Hz)")
        }
        try positive(radio.probeDurationS, "radio.probe_duration_s")
        try nonNegative(radio.noiseFigureDB, "radio.noise_figure_db")
        guard radio.txPowerDBm.isFinite else { throw fail("radio.tx_power_dbm", "must be a number") }
        guard radio.detectionThresholdDB.isFinite else { throw fail("radio.detection_threshold_db", "must be a number") }
        try nonNegative(radio.absorptionDBPerM ?? 0, "radio.absorption_db_per_m")
        guard !accessPoints.isEmpty else { throw fail("access_points", "must list at least one access point") }
        let roomBox = Room(minCorner: room.min, maxCorner: room.max, materials: [room.walls])
        for (i, ap) in accessPoints.enumerated() {
            let field = "access_points[\(i)]"
            guard roomBox.contains(ap.position) else {
                throw fail("\(field).position", "\(ap.position) lies outside the room \(room.min)…\(room.max)")
            }
            guard ap.elements >= 2 else { throw fail("\(field).elements", "must be at least 2, got \(ap.elements)") }
            try positive(ap.spacingWavelengths ?? 0.5, "\(field).spacing_wavelengths")
        }
        guard codebook.beams >= 1 else { throw fail("codebook.beams", "must be at least 1, got \(codebook.beams)") }
        try positive(user.heightM, "user.height_m")
        guard user.heightM < size.z + room.min.z else { throw fail("user.height_m", "must be below the ceiling") }
        guard ["stationary", "constant_velocity", "random_waypoint"].contains(user.mobility) else {
            throw fail("user.mobility", "must be stationary, constant_velocity or random_waypoint, got '\(user.mobility)'")
        }
        try nonNegative(user.speedMps ?? 0, "user.speed_mps")
        let margin = user.marginM ?? 0.3
        try nonNegative(margin, "user.margin_m")
        guard 2 * margin < min(size.x, size.y) else { throw fail("user.margin_m", "leaves no room to stand in") }
        try nonNegative(tracker.accelerationNoise, "tracker.acceleration_noise")
        try positive(tracker.initialSpeedStdMps, "tracker.initial_speed_std_mps")
        try positive(tracker.gateChi2 ?? 1, "tracker.gate_chi2")
        try nonNegative(tracker.nlosPowerMarginDB ?? 0, "tracker.nlos_power_margin_db")
        try nonNegative(tracker.rangeStdFloorM ?? 0, "tracker.range_std_floor_m")
        try nonNegative(tracker.angleStdFloorRad ?? 0, "tracker.angle_std_floor_rad")
        try positive(episode.slotDurationS, "episode.slot_duration_s")
        try positive(episode.targetAccuracyM, "episode.target_accuracy_m")
        guard episode.probeBudget >= 1 else {
            throw fail("episode.probe_budget", "must be at least 1, got \(episode.probeBudget)")
        }
        if let kind = reward.kind, !["information_gain", "error_reduction"].contains(kind) {
            throw fail("reward.kind", "must be information_gain or error_reduction, got '\(kind)'")
        }
        try nonNegative(reward.costPerProbe, "reward.cost_per_probe")
        try nonNegative(reward.costPerMicrojoule ?? 0, "reward.cost_per_microjoule")
        if let pattern = impairments?.risFailurePattern, !["independent", "clustered"].contains(pattern) {
            throw fail("impairments.ris_failure_pattern", "must be independent or clustered, got '\(pattern)'")
        }
        try nonNegative(impairments?.clockBiasNs.map(abs) ?? 0, "impairments.clock_bias_ns")
        try nonNegative(impairments?.phaseCalibrationErrorDeg ?? 0, "impairments.phase_calibration_error_deg")
        try validateWaveformAndSurfaces(source: source)
    }
}
