import RadioScene

extension Scenario {
    /// The top-down layout a client draws frames from (`make` reply field `scene`, protocol 1.1), as JSON:
    ///
    /// `{"room":{"min":[x,y],"max":[x,y]},"blockers":[{"min":…,"max":…}],"access_points":[{"name":…,
    /// "position":[x,y],"boresight_rad":…}],"beam_angles_rad":[…],"ris":[{"name":…,"centre":[x,y],
    /// "normal_rad":…,"width_m":…}],"target_accuracy_m":…}`. Metres and radians; direct beam `b` of every access
    /// point (its W wide beams, then its K narrow ones, as the envs number them) points at
    /// `boresight_rad + beam_angles_rad[b]`.
    var sceneDescriptionJSON: String {
        func point(_ v: Vector3) -> String { "[\(number(v.x)),\(number(v.y))]" }
        func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "0" }
        let blockers = (room.blockers ?? []).map { "{\"min\":\(point($0.minCorner)),\"max\":\(point($0.maxCorner))}" }
        let aps = accessPoints.map { ap in
            "{\"name\":\(JSONWriter.quoted(ap.name)),\"position\":\(point(ap.position)),"
                + "\"boresight_rad\":\(number(boresightRadians(of: ap)))}"
        }
        // Each access point's direct beams in action order: W wide beams, then K narrow ones (DirectBeamProbes).
        let wide = self.codebook.resolvedWideBeams
        let codebooks = (wide > 0 ? [BeamCodebook(beamCount: wide)] : []) + [BeamCodebook(beamCount: max(1, self.codebook.beams))]
        let beams = codebooks.flatMap { codebook in (0..<codebook.count).map { number(codebook.angleRadians(of: $0)) } }
        let wavelength = 299_792_458 / radio.carrierHz
        let panels = (ris ?? []).map { panel in
            "{\"name\":\(JSONWriter.quoted(panel.name)),\"centre\":\(point(panel.centre)),"
                + "\"normal_rad\":\(number(panel.normalDeg * Double.pi / 180)),"
                + "\"width_m\":\(number(Double(panel.columns) * (panel.spacingWavelengths ?? 0.5) * wavelength))}"
        }
        // Waveform-v1's own target where the scene sets one (WaveformSpec.targetAccuracyM).
        let waveformTarget = waveform?.targetAccuracyM.map { ",\"waveform_target_accuracy_m\":\(number($0))" } ?? ""
        return "{\"room\":{\"min\":\(point(room.min)),\"max\":\(point(room.max))},"
            + "\"blockers\":[\(blockers.joined(separator: ","))],"
            + "\"access_points\":[\(aps.joined(separator: ","))],"
            + "\"beam_angles_rad\":[\(beams.joined(separator: ","))],"
            + "\"ris\":[\(panels.joined(separator: ","))],"
            + "\"target_accuracy_m\":\(number(episode.targetAccuracyM))\(waveformTarget)}"
    }
}
