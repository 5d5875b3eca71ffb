extension Scenario {
    /// Checks the optional `waveform`, `ris`, RIS-failure, material (ITU name) and receiver fields.
    /// - Throws: ``ScenarioError`` for the first field that is wrong.
    func validateWaveformAndSurfaces(source: String) throws(ScenarioError) {
        func fail(_ field: String, _ message: String) -> ScenarioError {
            ScenarioError(source: source, field: field, message: message)
        }
        func positive(_ value: Double, _ field: String) throws(ScenarioError) {
            guard value.isFinite, value > 0 else { throw fail(field, "must be a positive number, got \(value)") }
        }
        for (key, material) in [("walls", room.walls), ("floor", room.floor), ("ceiling", room.ceiling)] {
            if let name = material.itu, ITUMaterial.named(name) == nil {
                throw fail(
                    "room.\(key).itu",
                    "'\(name)' is not an ITU-R P.2040 material (\(ITUMaterial.table.map(\.name).joined(separator: ", ")))")
            }
            if material.itu == nil, !material.reflectionLossDB.isFinite {
                throw fail("room.\(key)", "needs `itu: <material>` or `reflection_loss_db: <dB>`")
            }
            guard material.extraLossDB.isFinite, (0...200).contains(material.extraLossDB) else {
                throw fail("room.\(key).extra_loss_db", "must lie in 0…200 dB, got \(material.extraLossDB)")
            }
        }
        if let receiver = radio.receiver {
            for (value, field) in [
                (receiver.ricianKLosDB, "rician_k_los_db"), (receiver.ricianKNlosDB, "rician_k_nlos_db"),
            ] {
                if let value, !(value.isFinite && (-200...100).contains(value)) {
                    throw fail("radio.receiver.\(field)", "must lie in −200…100 dB, got \(value)")
                }
            }
            for (value, field) in [
                (receiver.rangeFloorFraction, "range_floor_fraction"), (receiver.angleFloorFraction, "angle_floor_fraction"),
                (receiver.wideAngleFloorFraction, "wide_angle_floor_fraction"),
            ] {
                if let value, !(value.isFinite && (0...10).contains(value)) {
                    throw fail("radio.receiver.\(field)", "must lie in 0…10, got \(value)")
                }
            }
            if let std = receiver.shadowingStdDB {
                guard std.isFinite, (0...20).contains(std) else {
                    throw fail("radio.receiver.shadowing_std_db", "must lie in 0…20 dB, got \(std)")
                }
                let links = accessPoints.count + (ris ?? []).count
                guard std == 0 || links <= LogNormalShadowing.maximumLinks else {
                    throw fail(
                        "radio.receiver.shadowing_std_db",
                        "shadows at most \(LogNormalShadowing.maximumLinks) links (access points + RIS panels), the scenario has \(links)")
                }
            }
            if let distance = receiver.shadowingDecorrelationM {
                guard distance.isFinite, (0.01...10_000).contains(distance) else {
                    throw fail("radio.receiver.shadowing_decorrelation_m", "must lie in 0.01…10000 m, got \(distance)")
                }
            }
        }
        if let w = codebook.wideBeams, !(0...codebook.beams).contains(w) {
            throw fail("codebook.wide_beams", "must lie in 0…beams (\(codebook.beams)), got \(w)")
        }
        if let c = reward.costPerGhzUs, !(c.isFinite && c >= 0 && c <= 1e6) {
            throw fail("reward.cost_per_ghz_us", "must lie in 0…1e6, got \(c)")
        }
        if let p = impairments?.risElementFailureProbability, !(p.isFinite && p >= 0 && p <= 1) {
            throw fail("impairments.ris_element_failure_probability", "must lie in 0…1, got \(p)")
        }
        if let waveform {
            if let bands = waveform.bands, bands.isEmpty { throw fail("waveform.bands", "must list at least one band") }
            for (i, band) in waveform.resolvedBands.enumerated() {
                let field = "waveform.bands[\(i)]"
                try positive(band.carrierHz, "\(field).carrier_hz")
                if let n = band.elements, n < 2 { throw fail("\(field).elements", "must be at least 2, got \(n)") }
                if let p = band.txPowerDBm, !p.isFinite { throw fail("\(field).tx_power_dbm", "must be a number") }
                if let a = band.absorptionDBPerM, !(a.isFinite && a >= 0) {
                    throw fail("\(field).absorption_db_per_m", "must be ≥ 0, got \(a)")
                }
                if let o = band.reflectionLossOffsetDB, !o.isFinite {
                    throw fail("\(field).reflection_loss_offset_db", "must be a number")
                }
                if let e = band.paEfficiency, !(e.isFinite && e > 0 && e <= 1) {
                    throw fail("\(field).pa_efficiency", "must lie in (0, 1], got \(e)")
                }
            }
            if let widths = waveform.bandwidthsHz, widths.isEmpty {
                throw fail("waveform.bandwidths_hz", "must list at least one bandwidth")
            }
            for (i, b) in waveform.resolvedBandwidthsHz.enumerated() {
                try positive(b, "waveform.bandwidths_hz[\(i)]")
                for band in waveform.resolvedBands where b >= band.carrierHz {
                    throw fail("waveform.bandwidths_hz[\(i)]", "must be below every carrier (\(band.carrierHz) Hz)")
                }
            }
            if let p = waveform.basebandPowerWPerHz, !(p.isFinite && p >= 0) {
                throw fail("waveform.baseband_power_w_per_hz", "must be ≥ 0, got \(p)")
            }
            for (value, field) in [
                (waveform.rangeFloorFraction, "range_floor_fraction"), (waveform.angleFloorFraction, "angle_floor_fraction"),
            ] {
                if let value, !(value.isFinite && (0...10).contains(value)) {
                    throw fail("waveform.\(field)", "must lie in 0…10, got \(value)")
                }
            }
            if let target = waveform.targetAccuracyM, !(target.isFinite && target > 0 && target <= Limits.maxRoomSideMetres) {
                throw fail("waveform.target_accuracy_m", "must lie in (0, \(Limits.maxRoomSideMetres)] metres, got \(target)")
            }
            if let scale = waveform.rangeFloorScale, !(scale.isFinite && scale > 0 && scale <= 10) {
                throw fail("waveform.range_floor_scale", "must lie in (0, 10], got \(scale)")
            }
            if let rho = waveform.biasCorrelation, !(rho.isFinite && (0...1).contains(rho)) {
                throw fail("waveform.bias_correlation", "must lie in 0…1, got \(rho)")
            }
            for (list, field, limit) in [
                (waveform.rangeFloorsMetres, "range_floor_m", 100.0), (waveform.angleFloorsSine, "angle_floor_sin", 2.0),
            ] {
                guard let floors = list else { continue }
                let count = waveform.resolvedBandwidthsHz.count, options = count * waveform.resolvedBands.count
                guard floors.count == count || floors.count == options else {
                    throw fail(
                        "waveform.\(field)",
                        "must give one floor per bandwidth (\(count)) or per carrier × bandwidth (\(options), carrier-major), "
                            + "got \(floors.count)")
                }
                for (i, f) in floors.enumerated() where !(f.isFinite && f >= 0 && f <= limit) {
                    throw fail("waveform.\(field)[\(i)]", "must lie in 0…\(limit), got \(f)")
                }
            }
        }
        let roomBox = Room(minCorner: room.min, maxCorner: room.max, materials: [room.walls])
        for (i, panel) in (ris ?? []).enumerated() {
            let field = "ris[\(i)]"
            guard roomBox.contains(panel.centre, margin: 1e-9) else {
                throw fail("\(field).centre", "\(panel.centre) lies outside the room \(room.min)…\(room.max)")
            }
            guard panel.normalDeg.isFinite else { throw fail("\(field).normal_deg", "must be a number") }
            guard panel.columns >= 1 else { throw fail("\(field).columns", "must be at least 1, got \(panel.columns)") }
            guard panel.rows >= 1 else { throw fail("\(field).rows", "must be at least 1, got \(panel.rows)") }
            try positive(panel.spacingWavelengths ?? 0.5, "\(field).spacing_wavelengths")
            if let g = panel.elementGainDBi, !g.isFinite { throw fail("\(field).element_gain_dbi", "must be a number") }
            if let l = panel.reflectionLossDB, !(l.isFinite && l >= 0) {
                throw fail("\(field).reflection_loss_db", "must be ≥ 0, got \(l)")
            }
            if let k = panel.codebookColumns, k < 1 { throw fail("\(field).codebook_columns", "must be at least 1") }
            if let k = panel.codebookRows, k < 1 { throw fail("\(field).codebook_rows", "must be at least 1") }
            if let ap = panel.accessPoint, !accessPoints.indices.contains(ap) {
                throw fail("\(field).access_point", "must index access_points (0..<\(accessPoints.count)), got \(ap)")
            }
        }
    }
}
