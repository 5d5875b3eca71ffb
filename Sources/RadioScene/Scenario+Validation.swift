extension Scenario {
    /// The ranges a scenario's values must lie in: wide enough for any indoor or vehicular radio scene from
    /// 100 MHz to 1 THz, narrow enough that no value can overflow to inf or NaN, or make the simulator allocate
    /// more than a few hundred MB. `sensing-gym scenario --help` and the errors name them.
    public enum Limits {
        /// Largest room side and largest coordinate magnitude, metres.
        public static let maxRoomSideMetres = 1_000.0
        /// Carrier frequencies, hertz (100 MHz … 1 THz).
        public static let carrierHz = 1e8...1e12
        /// Transmit power, dBm.
        public static let txPowerDBm = -50.0...60.0
        /// Noise figure, dB.
        public static let noiseFigureDB = 0.0...30.0
        /// Detection threshold (SNR), dB.
        public static let detectionThresholdDB = -50.0...100.0
        /// Atmospheric absorption, dB per metre.
        public static let absorptionDBPerM = 0.0...100.0
        /// Probe duration, seconds.
        public static let probeDurationS = 1e-9...1.0
        /// Reflection losses, dB.
        public static let lossDB = 0.0...200.0
        /// Antenna elements per access point.
        public static let elementsPerArray = 2...1_024
        /// Element spacing, wavelengths.
        public static let spacingWavelengths = 0.01...10.0
        /// Beams of the codebook.
        public static let beams = 1...4_096
        /// Access points.
        public static let accessPoints = 1...64
        /// Blockers.
        public static let blockers = 0...256
        /// RIS panels, and elements per panel side (columns, rows).
        public static let risPanels = 0...16
        public static let risSide = 1...256
        /// User speed, metres per second.
        public static let speedMps = 0.0...100.0
        /// Slot duration, seconds.
        public static let slotDurationS = 1e-6...10.0
        /// Probes per episode.
        public static let probeBudget = 1...100_000
        /// Magnitude bound of the tracker's, reward's and impairments' other numbers.
        public static let generalMagnitude = 1e6
    }

    /// Checks every value for physical sense and for the ranges of ``Limits``.
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
            guard value <= Limits.generalMagnitude else {
                throw fail(field, "must be at most \(Limits.generalMagnitude), got \(value)")
            }
        }
        func within(_ value: Double, _ range: ClosedRange<Double>, _ field: String) throws(ScenarioError) {
            guard value.isFinite, range.contains(value) else {
                throw fail(field, "must lie in \(range.lowerBound)…\(range.upperBound), got \(value)")
            }
        }
        func within(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws(ScenarioError) {
            guard range.contains(value) else {
                throw fail(field, "must lie in \(range.lowerBound)…\(range.upperBound), got \(value)")
            }
        }
        func inside(_ point: Vector3, _ field: String) throws(ScenarioError) {
            for value in [point.x, point.y, point.z] {
                guard value.isFinite, abs(value) <= Limits.maxRoomSideMetres else {
                    throw fail(field, "coordinates must be finite and within ±\(Limits.maxRoomSideMetres) m, got \(point)")
                }
            }
        }
        guard !name.isEmpty else { throw fail("name", "must not be empty") }
        try inside(room.min, "room.min")
        try inside(room.max, "room.max")
        let size = room.max - room.min
        guard size.x > 0, size.y > 0, size.z > 0, size.x.isFinite, size.y.isFinite, size.z.isFinite else {
            throw fail("room", "must have a positive size (max − min = \(size))")
        }
        guard max(size.x, size.y, size.z) <= Limits.maxRoomSideMetres else {
            throw fail("room", "sides must be at most \(Limits.maxRoomSideMetres) m, got \(size)")
        }
        let blockers = room.blockers ?? []
        try within(blockers.count, Limits.blockers, "room.blockers (count)")
        for (i, blocker) in blockers.enumerated() {
            try inside(blocker.minCorner, "room.blockers[\(i)].min")
            try inside(blocker.maxCorner, "room.blockers[\(i)].max")
            let extent = blocker.maxCorner - blocker.minCorner
            guard extent.x > 0, extent.y > 0, extent.z > 0 else {
                throw fail("room.blockers[\(i)]", "min must be below max on every axis (max − min = \(extent))")
            }
        }
        if let order = room.maxReflectionOrder, !(0...2).contains(order) {
            throw fail("room.max_reflection_order", "must be 0, 1 or 2, got \(order)")
        }
        if (room.maxReflectionOrder ?? 1) == 2, !(room.blockers ?? []).isEmpty {
            throw fail("room.blockers", "are supported with max_reflection_order ≤ 1 only")
        }
        for (key, material) in [("walls", room.walls), ("floor", room.floor), ("ceiling", room.ceiling)] {
            try within(material.reflectionLossDB, Limits.lossDB, "room.\(key).reflection_loss_db")
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
        try within(radio.carrierHz, Limits.carrierHz, "radio.carrier_hz")
        try positive(radio.bandwidthHz, "radio.bandwidth_hz")
        guard radio.bandwidthHz < radio.carrierHz else {
            throw fail("radio.bandwidth_hz", "must be below the carrier (\(radio.carrierHz) Hz)")
        }
        try within(radio.probeDurationS, Limits.probeDurationS, "radio.probe_duration_s")
        try within(radio.noiseFigureDB, Limits.noiseFigureDB, "radio.noise_figure_db")
        try within(radio.txPowerDBm, Limits.txPowerDBm, "radio.tx_power_dbm")
        try within(radio.detectionThresholdDB, Limits.detectionThresholdDB, "radio.detection_threshold_db")
        try within(radio.absorptionDBPerM ?? 0, Limits.absorptionDBPerM, "radio.absorption_db_per_m")
        guard !accessPoints.isEmpty else { throw fail("access_points", "must list at least one access point") }
        try within(accessPoints.count, Limits.accessPoints, "access_points (count)")
        let roomBox = Room(minCorner: room.min, maxCorner: room.max, materials: [room.walls])
        for (i, ap) in accessPoints.enumerated() {
            let field = "access_points[\(i)]"
            guard roomBox.contains(ap.position) else {
                throw fail("\(field).position", "\(ap.position) lies outside the room \(room.min)…\(room.max)")
            }
            guard ap.elements >= 2 else { throw fail("\(field).elements", "must be at least 2, got \(ap.elements)") }
            try within(ap.elements, Limits.elementsPerArray, "\(field).elements")
            try within(ap.spacingWavelengths ?? 0.5, Limits.spacingWavelengths, "\(field).spacing_wavelengths")
            try within(ap.boresightDeg ?? 0, -720...720, "\(field).boresight_deg")
            try within(ap.elementGainDBi ?? 0, -50...50, "\(field).element_gain_dbi")
        }
        guard codebook.beams >= 1 else { throw fail("codebook.beams", "must be at least 1, got \(codebook.beams)") }
        try within(codebook.beams, Limits.beams, "codebook.beams")
        try positive(user.heightM, "user.height_m")
        guard user.heightM < size.z + room.min.z else { throw fail("user.height_m", "must be below the ceiling") }
        guard ["stationary", "constant_velocity", "random_waypoint"].contains(user.mobility) else {
            throw fail("user.mobility", "must be stationary, constant_velocity or random_waypoint, got '\(user.mobility)'")
        }
        try within(user.speedMps ?? 0, Limits.speedMps, "user.speed_mps")
        let margin = user.marginM ?? 0.3
        try nonNegative(margin, "user.margin_m")
        guard 2 * margin < min(size.x, size.y) else { throw fail("user.margin_m", "leaves no room to stand in") }
        try nonNegative(tracker.accelerationNoise, "tracker.acceleration_noise")
        try positive(tracker.initialSpeedStdMps, "tracker.initial_speed_std_mps")
        try positive(tracker.gateChi2 ?? 1, "tracker.gate_chi2")
        try nonNegative(tracker.nlosPowerMarginDB ?? 0, "tracker.nlos_power_margin_db")
        try nonNegative(tracker.rangeStdFloorM ?? 0, "tracker.range_std_floor_m")
        try nonNegative(tracker.angleStdFloorRad ?? 0, "tracker.angle_std_floor_rad")
        try within(tracker.confirmationLinks ?? 1, 1...TrackerSpec.maximumConfirmationLinks, "tracker.confirmation_links")
        try within(tracker.reflectionProbability ?? 0, 0...0.5, "tracker.reflection_probability")
        try within(episode.slotDurationS, Limits.slotDurationS, "episode.slot_duration_s")
        try positive(episode.targetAccuracyM, "episode.target_accuracy_m")
        try within(episode.targetAccuracyM, 0...Limits.maxRoomSideMetres, "episode.target_accuracy_m")
        guard episode.probeBudget >= 1 else {
            throw fail("episode.probe_budget", "must be at least 1, got \(episode.probeBudget)")
        }
        try within(episode.probeBudget, Limits.probeBudget, "episode.probe_budget")
        if let kind = reward.kind, !["information_gain", "error_reduction"].contains(kind) {
            throw fail("reward.kind", "must be information_gain or error_reduction, got '\(kind)'")
        }
        try nonNegative(reward.costPerProbe, "reward.cost_per_probe")
        try nonNegative(reward.costPerMicrojoule ?? 0, "reward.cost_per_microjoule")
        if let pattern = impairments?.risFailurePattern, !["independent", "clustered"].contains(pattern) {
            throw fail("impairments.ris_failure_pattern", "must be independent or clustered, got '\(pattern)'")
        }
        try nonNegative(impairments?.clockBiasNs.map(abs) ?? 0, "impairments.clock_bias_ns")
        try within(impairments?.phaseCalibrationErrorDeg ?? 0, 0...360, "impairments.phase_calibration_error_deg")
        try validateWaveformAndSurfaces(source: source)
        let panels = ris ?? []
        try within(panels.count, Limits.risPanels, "ris (count)")
        for (i, panel) in panels.enumerated() {
            try within(panel.columns, Limits.risSide, "ris[\(i)].columns")
            try within(panel.rows, Limits.risSide, "ris[\(i)].rows")
            try within(panel.codebookColumns ?? 1, Limits.risSide, "ris[\(i)].codebook_columns")
            try within(panel.codebookRows ?? 1, Limits.risSide, "ris[\(i)].codebook_rows")
            try within(panel.spacingWavelengths ?? 0.5, Limits.spacingWavelengths, "ris[\(i)].spacing_wavelengths")
            try within(panel.elementGainDBi ?? 0, -50...50, "ris[\(i)].element_gain_dbi")
            try within(panel.reflectionLossDB ?? 0, Limits.lossDB, "ris[\(i)].reflection_loss_db")
            try inside(panel.centre, "ris[\(i)].centre")
        }
        if let waveform {
            for (i, band) in waveform.resolvedBands.enumerated() {
                try within(band.carrierHz, Limits.carrierHz, "waveform.bands[\(i)].carrier_hz")
                try within(band.elements ?? 2, Limits.elementsPerArray, "waveform.bands[\(i)].elements")
                try within(band.txPowerDBm ?? 0, Limits.txPowerDBm, "waveform.bands[\(i)].tx_power_dbm")
                try within(band.absorptionDBPerM ?? 0, Limits.absorptionDBPerM, "waveform.bands[\(i)].absorption_db_per_m")
                try within(band.reflectionLossOffsetDB ?? 0, -200...200, "waveform.bands[\(i)].reflection_loss_offset_db")
            }
            try within(waveform.resolvedBands.count, 1...64, "waveform.bands (count)")
            try within(waveform.resolvedBandwidthsHz.count, 1...64, "waveform.bandwidths_hz (count)")
        }
    }
}
