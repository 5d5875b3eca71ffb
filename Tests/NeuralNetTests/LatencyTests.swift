// Prints policy-inference latency (never asserts a time: timing tests are flaky on shared machines).
import XCTest
@testable import NeuralNet

final class LatencyTests: XCTestCase {
    func testForwardLatency_PrintsPercentiles() {
        var rng = SplitMix64(seed: 1)
        let single = NeuralNetBenchmark.forwardLatency(using: &rng)
        print("NeuralNet single-observation forward + sample, 16→64→64→32 tanh, categorical(32): \(single)")
        let batched = NeuralNetBenchmark.batchedForwardLatency(using: &rng)
        print("NeuralNet batched forward [256, 16]→64→64→32 tanh: \(batched)")
        XCTAssertGreaterThan(single.p50Nanoseconds, 0)
        XCTAssertLessThanOrEqual(single.p50Nanoseconds, single.p99Nanoseconds)
    }
}
