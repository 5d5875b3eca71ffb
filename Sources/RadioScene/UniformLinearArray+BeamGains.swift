extension UniformLinearArray {
    /// ``beamGain(towards:steeredFrequency:)`` of the departure directions of up to four paths,
    /// `paths[first ..< first + 4]` (lanes past the end repeat the last path), bit for bit what four calls return.
    ///
    /// For an ideal array the eight sines of the four array factors (sin x and sin N·x per path) are evaluated in
    /// the lanes of one vector (``polynomialSine(_:)`` on `SIMD8`); an array with calibration errors takes the scalar
    /// path. N·x is formed even where sin x ≈ 0 makes the gain N: the sine is pure, so it changes nothing.
    @inlinable
    public func beamGains(
        towards paths: UnsafeBufferPointer<PropagationPath>, first: Int, steeredFrequency: Double
    ) -> SIMD4<Double> {
        let last = paths.count - 1
        let d0 = paths[first].departureDirection, d1 = paths[min(first + 1, last)].departureDirection
        let d2 = paths[min(first + 2, last)].departureDirection, d3 = paths[min(first + 3, last)].departureDirection
        guard calibrationPhaseErrorsRadians.isEmpty else {
            return SIMD4(
                beamGain(towards: d0, steeredFrequency: steeredFrequency),
                beamGain(towards: d1, steeredFrequency: steeredFrequency),
                beamGain(towards: d2, steeredFrequency: steeredFrequency),
                beamGain(towards: d3, steeredFrequency: steeredFrequency))
        }
        let n = Double(elementCount)
        // arrayGain's x = π·(d/λ)·(u − u_steered), with its operations in its order.
        func phase(_ d: Vector3) -> Double { Double.pi * spacingWavelengths * (spatialFrequency(of: d) - steeredFrequency) }
        let x0 = phase(d0), x1 = phase(d1), x2 = phase(d2), x3 = phase(d3)
        let s = polynomialSine(SIMD8(x0, n * x0, x1, n * x1, x2, n * x2, x3, n * x3))
        func arrayGain(_ sine: Double, _ num: Double) -> Double { abs(sine) < 1e-9 ? n : num * num / (n * sine * sine) }
        return SIMD4(
            elementGain(towards: d0) * arrayGain(s[0], s[1]), elementGain(towards: d1) * arrayGain(s[2], s[3]),
            elementGain(towards: d2) * arrayGain(s[4], s[5]), elementGain(towards: d3) * arrayGain(s[6], s[7]))
    }
}
