// Accuracy of the vectorised exp, tanh, sigmoid and softmax against Double libm.
import XCTest

@testable import NeuralNet

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

final class VectorMathTests: XCTestCase {
    /// A dense grid over `range` plus the values where the code switches branch, and tiny magnitudes.
    private func grid(_ range: ClosedRange<Float>, count: Int) -> [Float] {
        var values = (0 ..< count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Float($0) / Float(count - 1) }
        values += [0, -0.0, 0.625, -0.625, 0.624_999_9, -0.624_999_9, 1e-30, -1e-30, 1e-6, -1e-6, 3e-4, Float.leastNormalMagnitude]
        return values
    }

    private func worstRelativeError(_ values: [Float], _ computed: [Float], _ reference: (Double) -> Double) -> (Double, Float) {
        var worst = (0.0, Float(0))
        for (x, y) in zip(values, computed) {
            let r = reference(Double(x))
            let error = r == 0 ? abs(Double(y)) : abs(Double(y) - r) / abs(r)
            if error > worst.0 { worst = (error, x) }
        }
        return worst
    }

    func testTanh_RelativeErrorAtMostOneMillionth() {
        let values = grid(-20 ... 20, count: 400_001)
        var computed = values
        VectorMath.tanh(&computed)
        let (error, at) = worstRelativeError(values, computed) { Foundation.tanh($0) }
        XCTAssertLessThanOrEqual(error, 1e-6, "worst at x = \(at)")
        XCTAssertEqual(computed[values.firstIndex(of: 1e-30) ?? 0], 1e-30)
    }

    func testTanh_SaturatesAndKeepsNaN() {
        var values: [Float] = [30, -30, 100, -100, .infinity, -.infinity, .nan, 0]
        VectorMath.tanh(&values)
        XCTAssertEqual(Array(values[0 ..< 6]), [1, -1, 1, -1, 1, -1])
        XCTAssertTrue(values[6].isNaN)
        XCTAssertEqual(values[7], 0)
    }

    func testExp_RelativeErrorAtMostOneMillionth() {
        let values = grid(-87 ... 88.5, count: 400_001)
        var computed = values
        VectorMath.exp(&computed)
        let (error, at) = worstRelativeError(values, computed) { Foundation.exp($0) }
        XCTAssertLessThanOrEqual(error, 1e-6, "worst at x = \(at)")
    }

    func testExp_UnderflowsToZeroAndOverflowsToInfinity() {
        var values: [Float] = [-90, -1000, -.infinity, 89, .infinity, .nan, 0, 1]
        VectorMath.exp(&values)
        XCTAssertEqual(Array(values[0 ..< 5]), [0, 0, 0, .infinity, .infinity])
        XCTAssertTrue(values[5].isNaN)
        XCTAssertEqual(values[6], 1)
        XCTAssertEqual(Double(values[7]), M_E, accuracy: 1e-6 * M_E)
    }

    func testSigmoid_RelativeErrorAtMostOneMillionth() {
        let values = grid(-80 ... 30, count: 200_001)
        var computed = values
        computed.withUnsafeMutableBufferPointer { VectorMath.sigmoid($0.baseAddress!, count: $0.count) }
        let (error, at) = worstRelativeError(values, computed) { 1 / (1 + Foundation.exp(-$0)) }
        XCTAssertLessThanOrEqual(error, 1e-6, "worst at x = \(at)")
    }

    func testTailElements_GetTheSameArithmeticAsFullLanes() {
        var rng = SplitMix64(seed: 3)
        let values = randomValues(13, scale: 4, using: &rng)
        var whole = values
        VectorMath.tanh(&whole)
        for (i, x) in values.enumerated() {
            var one = [x]
            VectorMath.tanh(&one)
            XCTAssertEqual(one[0].bitPattern, whole[i].bitPattern, "element \(i)")
        }
    }

    func testSoftmax_MatchesDoubleReference() {
        var rng = SplitMix64(seed: 5)
        let head = CategoricalHead(actionCounts: [64, 3, 9])
        // Logits within ±4: the Float rounding of x − max then stays below 5e-7, so probabilities can be held to 2e-6.
        let logits = randomTensor(7, head.logitCount, scale: 4, using: &rng)
        let (logProbs, probabilities) = head.distribution(logits: logits)
        for b in 0 ..< 7 {
            var offset = 0
            for n in head.actionCounts {
                let row = (0 ..< n).map { Double(logits[b, offset + $0]) }
                let maximum = row.max() ?? 0
                let logSum = maximum + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - maximum) })
                var total = 0.0
                for i in 0 ..< n {
                    let reference = row[i] - logSum
                    XCTAssertEqual(Double(logProbs[b, offset + i]), reference, accuracy: 1e-5 * max(1, abs(reference)))
                    let p = Foundation.exp(reference)
                    XCTAssertEqual(Double(probabilities[b * head.logitCount + offset + i]), p, accuracy: 2e-6 * p)
                    total += Double(probabilities[b * head.logitCount + offset + i])
                }
                XCTAssertEqual(total, 1, accuracy: 1e-5)
                offset += n
            }
        }
    }
}
