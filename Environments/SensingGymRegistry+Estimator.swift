import GymCore
import RadioScene

extension SensingGymRegistry {
    /// The keyword arguments of `BeamSelection-v1`, as ``EnvRegistry/options(of:)`` lists them.
    static let beamSelectionOptions = [
        "estimator": "position estimator: \(PositionEstimatorKind.spellings) (default ekf)",
        "estimator_grid_m": "fingerprint grid spacing of wknn, rf and wrf, metres (default 0.2)",
    ]

    /// `BeamSelection-v1` with the keyword arguments `estimator` (``PositionEstimatorKind``: `ekf`, the default,
    /// `wknn`, `rf` or `wrf`) and `estimator_grid_m` (the fingerprint grid's spacing, default 0.2).
    static func makeBeamSelection(_ spec: EnvSpec) throws -> BeamSelectionEnv {
        try makeBeamSelection(spec, scenario: scenario(for: spec))
    }

    /// `BeamSelection-v1` for `scenario`, with the keyword arguments of `spec`.
    static func makeBeamSelection(_ spec: EnvSpec, scenario: Scenario) throws -> BeamSelectionEnv {
        let text = spec.kwargs["estimator"] ?? PositionEstimatorKind.ekf.rawValue
        guard let kind = PositionEstimatorKind(rawValue: text) else {
            throw RegistryError.badArgument(
                id: spec.id, key: "estimator", value: text, expected: PositionEstimatorKind.spellings)
        }
        let grid = try spec.value("estimator_grid_m", as: Double.self) ?? 0.2
        guard kind != .ekf else { return BeamSelectionEnv(scenario: scenario) }
        return try BeamSelectionEnv(scenario: scenario, estimator: kind, gridSpacingMetres: grid)
    }
}
