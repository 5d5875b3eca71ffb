import RadioScene

extension BeamSelectionEnv {
    /// Creates the environment for `scenario` with the position estimator `estimator`.
    ///
    /// `.ekf` is exactly ``init(scenario:)``. A fingerprint localizer (`.wknn`, `.rf`, `.wrf`) is fitted here,
    /// once, on the scenario's reference grid, or taken from ``FingerprintModel/shared(scenario:kind:gridSpacingMetres:seed:)``
    /// when an env alike was made before; copies of the env share it (see ``FingerprintEstimator``).
    ///
    /// ```swift
    /// var env = try BeamSelectionEnv(scenario: try ScenarioLibrary.resolve("wrf-room-8x6"), estimator: .wknn)
    /// ```
    /// - Parameter gridSpacingMetres: the reference grid's spacing (the paper's 0.2 m).
    /// - Throws: ``FingerprintGenerationError`` for a bad grid, `LocalizerError` when fitting fails.
    public init(scenario: Scenario, estimator: PositionEstimatorKind, gridSpacingMetres: Double = 0.2) throws {
        self.init(scenario: scenario)
        if let model = try FingerprintModel.shared(
            scenario: scenario, kind: estimator, gridSpacingMetres: gridSpacingMetres)
        {
            fingerprintEstimator = FingerprintEstimator(model: model)
        }
    }

    /// Creates the environment with a fingerprint estimator around an already fitted `model` (any localizer).
    public init(scenario: Scenario, fingerprintModel model: FingerprintModel) {
        self.init(scenario: scenario)
        fingerprintEstimator = FingerprintEstimator(model: model)
    }
}
