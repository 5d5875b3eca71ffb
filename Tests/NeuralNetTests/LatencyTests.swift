// Prints policy-inference latency (never asserts a time: timing tests are flaky on shared machines).
import XCTest
@testable import NeuralNet

final class LatencyTests: XCTestCase {
    func testForwardLatency_PrintsPercentiles() {
        var rng = SplitMix64(seed: 1)
        #if DEBUG
            let (warmUp, iterations, batchedIterations) = (10, 200, 10)  // debug figures are meaningless; just exercise the code
        #else
            let (warmUp, iterations, batchedIterations) = (1_000, 20_000, 2_000)
        #endif
        let single = NeuralNetBenchmark.forwardLatency(warmUp: warmUp, iterations: iterations, using: &rng)
        print("NeuralNet single-observation forward + sample, 16→64→64→32 tanh, categorical(32): \(single)")
        let batched = NeuralNetBenchmark.batchedForwardLatency(iterations: batchedIterations, using: &rng)
        print("NeuralNet batched forward [256, 16]→64→64→32 tanh: \(batched)")
        XCTAssertGreaterThan(single.p50Nanoseconds, 0)
        XCTAssertLessThanOrEqual(single.p50Nanoseconds, single.p99Nanoseconds)
    }
}
