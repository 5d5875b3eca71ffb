import GymCore

extension UniformLinearArray {
    /// Draws this episode's per-element phase-calibration errors, N(0, `stdRadians`²) radians each (0: an ideal
    /// array, no errors), into the array's own storage: allocation-free once it holds `elementCount` errors.
    public mutating func drawCalibrationErrors(stdRadians: Double, using generator: inout Xoshiro256StarStar) {
        guard stdRadians > 0 else {
            calibrationPhaseErrorsRadians.removeAll(keepingCapacity: true)
            return
        }
        if calibrationPhaseErrorsRadians.count != elementCount {
            calibrationPhaseErrorsRadians = [Double](repeating: 0, count: elementCount)
        }
        for i in 0..<elementCount { calibrationPhaseErrorsRadians[i] = stdRadians * generator.nextGaussian() }
    }

    /// Takes the first `elementCount` of `errors` (a sub-array's elements are the first of its full array's), in
    /// place; none when `errors` is empty.
    public mutating func setCalibrationErrors(prefixOf errors: [Double]) {
        guard !errors.isEmpty else {
            calibrationPhaseErrorsRadians.removeAll(keepingCapacity: true)
            return
        }
        let n = min(elementCount, errors.count)
        if calibrationPhaseErrorsRadians.count != n { calibrationPhaseErrorsRadians = [Double](repeating: 0, count: n) }
        for i in 0..<n { calibrationPhaseErrorsRadians[i] = errors[i] }
    }
}
