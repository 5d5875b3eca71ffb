import Foundation
import RadioScene

extension RISConfigurationEnv {
    /// The link action `action` probes for ``PositioningEpisode/confirmation``: its access point's index for a direct
    /// beam, the access points' count plus the panel's index for an RIS beam.
    public func link(of action: Int) -> Int {
        action < directCount
            ? direct.beam(of: action).accessPoint : core.episode.observationModels.count + beams[action - directCount].panel
    }

    /// Whether the track waits for another link's confirmation (``PositioningEpisode/awaitsConfirmation``), so that only
    /// a probe of a link not yet supporting it can end the episode.
    public var awaitsConfirmation: Bool { core.episode.awaitsConfirmation }

    /// Fisher information about (x, y) that beam `action` would give, noise-free, if the user stood at (x, y).
    ///
    /// Model-based agents plan with it (zero when the path would not be detected); it draws no randomness.
    /// A direct beam's is ``DirectBeamProbes/predictedProbe(_:x:y:episode:scratch:)``'s; an RIS beam's uses the
    /// panel with its diagnosed stuck elements, or a healthy panel when `assumingHealthy`.
    public func predictedInformation(
        action: Int, x: Double, y: Double, assumingHealthy: Bool = false
    ) -> FisherInformation.Symmetric2 {
        var scratch: [PropagationPath] = []
        return predictedInformation(action: action, x: x, y: y, assumingHealthy: assumingHealthy, scratch: &scratch)
    }

    /// ``predictedInformation(action:x:y:assumingHealthy:)`` reusing `scratch` for a direct beam's traced paths
    /// (no allocation once it has grown).
    public func predictedInformation(
        action: Int, x: Double, y: Double, assumingHealthy: Bool, scratch: inout [PropagationPath]
    ) -> FisherInformation.Symmetric2 {
        if action < directCount {
            return direct.predictedProbe(action, x: x, y: y, episode: core.episode, scratch: &scratch).information
        }
        let beam = beams[action - directCount]
        let gain = predictedGain(action: action, x: x, y: y, assumingHealthy: assumingHealthy)
        guard gain > 0 else { return (0, 0, 0) }
        let user = Vector3(x, y, core.episode.scenario.user.heightM)
        let budget = core.measurementModel.linkBudget
        let snr = budget.energySNR(receivedPowerWatts: core.receivedPower(panel: beam.panel, gain: gain, user: user))
        guard snr >= core.measurementModel.detectionThreshold else { return (0, 0, 0) }
        let surface = core.links[beam.panel].surface
        let observation = core.observations[beam.panel]
        let su = core.links[beam.panel].reflectedGeometry(to: user).su
        let stds = core.measurementModel.reportedStds(
            energySNR: snr, frequency: su, steeredFrequency: beam.u, elementCount: surface.columns,
            spacingWavelengths: surface.spacingMetres / surface.wavelengthMetres)
        // Before a track exists only a fix with an angle is usable (it starts the track).
        guard core.episode.tracker.isInitialised || stds.angleRadians.isFinite else { return (0, 0, 0) }
        return FisherInformation.position(
            observation: observation, x: x, y: y, rangeStdMetres: stds.rangeMetres,
            angleStdRadians: stds.angleRadians)
    }
}
