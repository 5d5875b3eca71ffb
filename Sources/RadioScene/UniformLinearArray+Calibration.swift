import GymCore

extension UniformLinearArray {
    /// Draws this episode's per-element phase-calibration errors, N(0, `stdRadians`²) radians each (0: an ideal
    /// array, no errors), into the array's own storage: allocation-free once it has held `elementCount` errors.
    public mutating func drawCalibrationErrors(stdRadians: Double, using generator: inout Xoshiro256StarStar) {
        calibrationPhaseErrorsRadians.removeAll(keepingCapacity: true)
        guard stdRadians > 0 else { return }
        for _ in 0..<elementCount { calibrationPhaseErrorsRadians.append(stdRadians * generator.nextGaussian()) }
    }

    /// Takes the first `elementCount` of `errors` (a sub-array's elements are the first of its full array's), in
    /// place; none when `errors` is empty.
    public mutating func setCalibrationErrors(prefixOf errors: [Double]) {
        calibrationPhaseErrorsRadians.removeAll(keepingCapacity: true)
        calibrationPhaseErrorsRadians.append(contentsOf: errors.prefix(elementCount))
    }
}
