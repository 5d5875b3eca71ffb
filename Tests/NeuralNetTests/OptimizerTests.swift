// Adam against hand-computed values, gradient-norm clipping, orthogonal init and seeded determinism.
import XCTest
@testable import NeuralNet

final class OptimizerTests: XCTestCase {
    func testAdam_ThreeSteps_MatchHandComputedValues() {
        // lr 0.1, β (0.9, 0.999), ε 1e-5. Step 1 for p₀: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25,
        // p₀ = 1 − 0.1·0.5/(0.5 + 1e-5) = 0.900002. Later steps computed the same way in double precision.
        let p = Parameter(shape: [2], value: [1.0, -2.0])
        let adam = Adam(parameters: ParameterSet([("p", p)]), learningRate: 0.1)
        XCTAssertEqual(adam.epsilon, 1e-5)
        let gradients: [[Float]] = [[0.5, -1.0], [0.2, 0.3], [-0.4, 0.1]]
        let expected: [[Double]] = [
            [0.900002000, -1.900001000],
            [0.810146840, -1.857216721],
            [0.792519409, -1.830391946],
        ]
        let expectedMoments: [(m: [Double], v: [Double])] = [
            ([0.05, -0.1], [0.00025, 0.001]),
            ([0.065, -0.06], [0.00028975, 0.001089]),
            ([0.0185, -0.044], [0.00044946025, 0.001097911]),
        ]
        for step in 0 ..< 3 {
            p.grad = gradients[step]
            adam.step()
            XCTAssertEqual(adam.stepCount, step + 1)
            for i in 0 ..< 2 {
                XCTAssertEqual(Double(p.value[i]), expected[step][i], accuracy: 2e-6, "step \(step + 1), p[\(i)]")
                XCTAssertEqual(Double(adam.firstMoments[0][i]), expectedMoments[step].m[i], accuracy: 1e-7)
                XCTAssertEqual(Double(adam.secondMoments[0][i]), expectedMoments[step].v[i], accuracy: 1e-9)
            }
        }
    }

    func testAdam_LearningRate_IsSettableForAnnealing() {
        let p = Parameter(shape: [1], value: [0])
        let adam = Adam(parameters: ParameterSet([("p", p)]), learningRate: 0.1)
        adam.learningRate = 0
        p.grad = [1]
        adam.step()
        XCTAssertEqual(p.value, [0])
    }

    func testClipGradientNorm_ReturnsPreClipNorm_AndScalesAboveMax() {
        let a = Parameter(shape: [2], value: [0, 0])
        let b = Parameter(shape: [1], value: [0])
        let set = ParameterSet([("a", a), ("b", b)])
        a.grad = [3, 4]
        b.grad = [12]  // joint norm 13
        XCTAssertEqual(set.clipGradientNorm(maxNorm: 0.5), 13, accuracy: 1e-5)
        XCTAssertEqual(set.gradientNorm, 0.5, accuracy: 1e-5)
        XCTAssertEqual(a.grad[0] / a.grad[1], 0.75, accuracy: 1e-6, "direction is kept")
        a.grad = [0.03, 0.04]
        b.grad = [0]
        XCTAssertEqual(set.clipGradientNorm(maxNorm: 0.5), 0.05, accuracy: 1e-6)
        XCTAssertEqual(a.grad, [0.03, 0.04], "a norm below the maximum is left alone")
    }

    func testOrthogonalInit_RowsOrColumnsAreOrthonormalTimesGain() {
        var rng = SplitMix64(seed: 30)
        for (rows, columns, gain) in [(4, 9, Float(2).squareRoot()), (9, 4, Float(1)), (6, 6, Float(0.01))] {
            let w = OrthogonalInitializer.matrix(rows: rows, columns: columns, gain: gain, using: &rng)
            let short = min(rows, columns)
            let long = max(rows, columns)
            for i in 0 ..< short {
                for j in 0 ..< short {
                    var dot = 0.0
                    for k in 0 ..< long {
                        let wi = rows <= columns ? w[i * columns + k] : w[k * columns + i]
                        let wj = rows <= columns ? w[j * columns + k] : w[k * columns + j]
                        dot += Double(wi) * Double(wj)
                    }
                    let target = i == j ? Double(gain * gain) : 0
                    XCTAssertEqual(dot, target, accuracy: 1e-5 * max(1, target), "\(rows)×\(columns) (\(i), \(j))")
                }
            }
        }
    }

    func testGaussianSampler_HasUnitMomentsAndIsDeterministic() {
        var rng = SplitMix64(seed: 31)
        var values = [Float](repeating: 0, count: 100_001)
        GaussianSampler.fill(&values, using: &rng)
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.02)
        var again = SplitMix64(seed: 31)
        var copy = [Float](repeating: 0, count: 100_001)
        GaussianSampler.fill(&copy, using: &again)
        XCTAssertEqual(values.map(\.bitPattern), copy.map(\.bitPattern))
    }

    /// Builds an actor, a critic, a GRU and a Gaussian head from one seed and returns every parameter and output bit.
    private func fingerprint(seed: UInt64) -> (parameters: [UInt32], outputs: [UInt32]) {
        var rng = SplitMix64(seed: seed)
        let actor = MLP(sizes: [6, 64, 64, 32], outputGain: 0.01, using: &rng)
        let critic = MLP(sizes: [6, 64, 64, 1], outputGain: 1, using: &rng)
        let gru = GRUCell(inputSize: 6, hiddenSize: 16, using: &rng)
        let gaussian = DiagonalGaussianHead(actionDimension: 2)
        let all = ParameterSet(["actor": actor.parameters, "critic": critic.parameters, "gru": gru.parameters])
        let parameters = all.entries.flatMap { $0.parameter.value.map(\.bitPattern) }
        var inputRng = SplitMix64(seed: 99)
        let x = randomTensor(5, 6, using: &inputRng)
        let logits = actor.forward(x)
        let actions = CategoricalHead(actionCounts: [32]).sample(logits: logits, using: &rng)
        let h = gru.step(x, hidden: Tensor(shape: [5, 16]))
        let sampled = gaussian.sample(mean: Tensor(shape: [5, 2]), using: &rng)
        let outputs = logits.scalars + critic.forward(x).scalars + h.scalars + sampled.scalars + actions.map { Float($0) }
        return (parameters, outputs.map(\.bitPattern))
    }

    func testSameSeed_GivesBitIdenticalParametersAndOutputs() {
        let first = fingerprint(seed: 7)
        let second = fingerprint(seed: 7)
        XCTAssertEqual(first.parameters, second.parameters)
        XCTAssertEqual(first.outputs, second.outputs)
        let other = fingerprint(seed: 8)
        XCTAssertNotEqual(first.parameters, other.parameters, "a different seed gives different parameters")
    }
}
