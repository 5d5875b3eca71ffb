/// The env × scenario combinations SensingGym offers as benchmarks: those that are a real decision problem.
///
/// A combination is offered when, measured with `sensing-gym run --policy all` (Results/baselines.md), the oracle
/// reaches the target with ≤ 60 % of random's probes or in ≥ 20 points more episodes, and every baseline's
/// false-success rate is ≤ 5 %. Other combinations still build (a scenario file is data, and a user may study
/// them), but `sensing-gym list` and `make results` show only these. `AgentsTests` re-checks the criteria.
public enum OfferedBenchmarks {
    /// The offered scenarios of each env id.
    public static let scenarios: [String: [String]] = [
        "BeamSelection-v1": ["wrf-office-16x15", "wrf-room-8x6", "lab-140ghz", "vehicular-corridor"],
        "Waveform-v1": ["wrf-office-16x15", "wrf-room-8x6", "lab-140ghz"],
        "RISConfiguration-v1": [
            "indoor-factory-ris", "wrf-office-16x15", "wrf-room-8x6", "lab-140ghz", "vehicular-corridor",
        ],
    ]

    /// Whether `scenario` is offered for `envID`.
    public static func isOffered(envID: String, scenario: String) -> Bool {
        scenarios[envID]?.contains(scenario) ?? false
    }
}
