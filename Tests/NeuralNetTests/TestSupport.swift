// Shared helpers for the NeuralNet tests: a seeded generator and a finite-difference gradient checker.
import XCTest
@testable import NeuralNet

/// SplitMix64: a tiny seeded generator so tests depend on nothing but the module under test.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random values in [-scale, scale].
func randomValues(_ count: Int, scale: Float = 1, using rng: inout SplitMix64) -> [Float] {
    (0 ..< count).map { _ in Float.random(in: -scale ... scale, using: &rng) }
}

/// A random `[rows, columns]` tensor with entries in [-scale, scale].
func randomTensor(_ rows: Int, _ columns: Int, scale: Float = 1, using rng: inout SplitMix64) -> Tensor {
    Tensor(shape: [rows, columns], scalars: randomValues(rows * columns, scale: scale, using: &rng))
}

/// `Σ w·y` in Double: a scalar loss whose gradient with respect to `y` is `w`.
func weightedSum(_ y: Tensor, _ w: Tensor) -> Double {
    zip(y.scalars, w.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// The outcome of comparing an analytic gradient with central finite differences.
struct GradientCheckResult {
    var worstError: Float = 0
    var worstIndex = -1
    var worstAnalytic: Float = 0
    var worstNumeric: Float = 0
    var passed: Bool { worstError <= 1 }
}

/// Central differences of `loss` in each scalar of `values`, compared with `analytic`.
///
/// The error of an entry is `|a − n| / (absoluteTolerance + relativeTolerance · max(|a|, |n|))`; an entry passes
/// when it is at most 1. `values` is restored after each probe.
func compareGradient(
    values: inout [Float], analytic: [Float], epsilon: Float = 1e-2,
    absoluteTolerance: Float = 1e-3, relativeTolerance: Float = 1e-2, loss: ([Float]) -> Double
) -> GradientCheckResult {
    precondition(values.count == analytic.count)
    var result = GradientCheckResult()
    for i in values.indices {
        let original = values[i]
        values[i] = original + epsilon
        let plus = loss(values)
        values[i] = original - epsilon
        let minus = loss(values)
        values[i] = original
        let numeric = Float((plus - minus) / (2 * Double(epsilon)))
        let a = analytic[i]
        let error = abs(a - numeric) / (absoluteTolerance + relativeTolerance * max(abs(a), abs(numeric)))
        if error > result.worstError {
            result = GradientCheckResult(worstError: error, worstIndex: i, worstAnalytic: a, worstNumeric: numeric)
        }
    }
    return result
}

/// Checks the gradient accumulated in `parameter.grad` against finite differences of `loss()`.
func assertParameterGradient(
    _ name: String, _ parameter: Parameter, epsilon: Float = 1e-2, loss: () -> Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    let analytic = parameter.grad
    var values = parameter.value
    let result = compareGradient(values: &values, analytic: analytic, epsilon: epsilon) { perturbed in
        parameter.value = perturbed
        return loss()
    }
    parameter.value = values
    XCTAssertTrue(
        result.passed,
        "\(name): gradient mismatch at \(result.worstIndex): analytic \(result.worstAnalytic), numeric \(result.worstNumeric)",
        file: file, line: line)
}

/// Checks an input gradient against finite differences of `loss(input)`.
func assertInputGradient(
    _ name: String, input: Tensor, analytic: Tensor, epsilon: Float = 1e-2, loss: (Tensor) -> Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(input.shape, analytic.shape, "\(name): gradient shape", file: file, line: line)
    var values = input.scalars
    let result = compareGradient(values: &values, analytic: analytic.scalars, epsilon: epsilon) { perturbed in
        loss(Tensor(shape: input.shape, scalars: perturbed))
    }
    XCTAssertTrue(
        result.passed,
        "\(name): gradient mismatch at \(result.worstIndex): analytic \(result.worstAnalytic), numeric \(result.worstNumeric)",
        file: file, line: line)
}
