extension ImpairmentSpec {
    /// Creates an impairment block from values in the scenario files' units; zero means that impairment is off.
    public init(clockBias nanoseconds: Double, phaseCalibrationError degrees: Double, risElementFailures probability: Double = 0) {
        self.init(
            clockBiasNs: nanoseconds, phaseCalibrationErrorDeg: degrees, risElementFailureProbability: probability)
    }
}
