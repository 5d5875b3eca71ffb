// Finite-difference gradient checks for Linear, Tanh, ReLU, MLP and GRUCell (BPTT).
import XCTest
@testable import NeuralNet

final class LayerGradientTests: XCTestCase {
    func testGradientChecker_WrongGradient_Fails() {
        // The checker itself must be able to fail: a 5 % error in one entry is caught.
        var rng = SplitMix64(seed: 1)
        let layer = Linear(inFeatures: 3, outFeatures: 2, gain: 1, using: &rng)
        let x = randomTensor(4, 3, using: &rng)
        let w = randomTensor(4, 2, using: &rng)
        _ = layer.forward(x)
        _ = layer.backward(w)
        var analytic = layer.weight.grad
        analytic[2] *= 1.05
        var values = layer.weight.value
        let result = compareGradient(values: &values, analytic: analytic) { perturbed in
            layer.weight.value = perturbed
            return weightedSum(layer.forward(x), w)
        }
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.worstIndex, 2)
    }

    func testLinear_Gradients_MatchFiniteDifferences() {
        var rng = SplitMix64(seed: 2)
        // 19 inputs exercises the 16-wide SIMD block, the 8-wide block is skipped, and the scalar tail runs.
        let layer = Linear(inFeatures: 19, outFeatures: 5, gain: 1, biasValue: 0.1, using: &rng)
        let x = randomTensor(3, 19, using: &rng)
        let w = randomTensor(3, 5, using: &rng)
        _ = layer.forward(x)
        let gradInput = layer.backward(w)
        let loss = { weightedSum(layer.forward(x), w) }
        assertParameterGradient("weight", layer.weight, loss: loss)
        assertParameterGradient("bias", layer.bias, loss: loss)
        assertInputGradient("input", input: x, analytic: gradInput) { weightedSum(layer.forward($0), w) }
    }

    func testLinear_Forward_MatchesNaiveProduct() {
        var rng = SplitMix64(seed: 3)
        for inFeatures in [1, 7, 8, 9, 16, 25, 64] {
            let layer = Linear(inFeatures: inFeatures, outFeatures: 3, gain: 1, biasValue: 0.5, using: &rng)
            let x = randomTensor(2, inFeatures, using: &rng)
            let y = layer.forward(x)
            for b in 0 ..< 2 {
                for o in 0 ..< 3 {
                    var expected = 0.5
                    for k in 0 ..< inFeatures {
                        expected += Double(x[b, k]) * Double(layer.weight.value[o * inFeatures + k])
                    }
                    XCTAssertEqual(Double(y[b, o]), expected, accuracy: 1e-5, "in=\(inFeatures) b=\(b) o=\(o)")
                }
            }
        }
    }

    func testTanh_InputGradient_MatchesFiniteDifferences() {
        var rng = SplitMix64(seed: 4)
        let layer = Tanh()
        let x = randomTensor(3, 6, scale: 2, using: &rng)
        let w = randomTensor(3, 6, using: &rng)
        _ = layer.forward(x)
        let gradInput = layer.backward(w)
        assertInputGradient("tanh", input: x, analytic: gradInput) { weightedSum(layer.forward($0), w) }
    }

    func testReLU_InputGradient_MatchesFiniteDifferences() {
        var rng = SplitMix64(seed: 5)
        let layer = ReLU()
        // Keep inputs away from the kink at 0 so central differences are exact.
        var x = randomTensor(3, 6, using: &rng)
        for i in x.scalars.indices { x.scalars[i] += x.scalars[i] >= 0 ? 0.1 : -0.1 }
        let w = randomTensor(3, 6, using: &rng)
        _ = layer.forward(x)
        let gradInput = layer.backward(w)
        XCTAssertTrue(gradInput.scalars.contains(0) && gradInput.scalars.contains { $0 != 0 })
        assertInputGradient("relu", input: x, analytic: gradInput) { weightedSum(layer.forward($0), w) }
    }

    func testMLP_Tanh_Gradients_MatchFiniteDifferences() {
        var rng = SplitMix64(seed: 6)
        let mlp = MLP(sizes: [5, 8, 7, 3], activation: .tanh, outputGain: 1, using: &rng)
        for linear in mlp.linears { linear.bias.value = randomValues(linear.outFeatures, scale: 0.3, using: &rng) }
        let x = randomTensor(4, 5, using: &rng)
        let w = randomTensor(4, 3, using: &rng)
        _ = mlp.forward(x)
        let gradInput = mlp.backward(w)
        for entry in mlp.parameters.entries {
            assertParameterGradient(entry.name, entry.parameter) { weightedSum(mlp.forward(x), w) }
        }
        assertInputGradient("input", input: x, analytic: gradInput) { weightedSum(mlp.forward($0), w) }
    }

    func testMLP_ReLU_Gradients_MatchFiniteDifferences() {
        var rng = SplitMix64(seed: 7)
        let mlp = MLP(sizes: [4, 6, 3], activation: .relu, outputGain: 1, using: &rng)
        mlp.linears[0].bias.value = randomValues(6, scale: 0.3, using: &rng)
        let x = randomTensor(3, 4, using: &rng)
        let w = randomTensor(3, 3, using: &rng)
        _ = mlp.forward(x)
        let gradInput = mlp.backward(w)
        for entry in mlp.parameters.entries {
            assertParameterGradient(entry.name, entry.parameter, epsilon: 1e-3) { weightedSum(mlp.forward(x), w) }
        }
        assertInputGradient("input", input: x, analytic: gradInput, epsilon: 1e-3) { weightedSum(mlp.forward($0), w) }
    }

    func testMLP_Backward_AccumulatesUntilZeroGrad() {
        var rng = SplitMix64(seed: 8)
        let mlp = MLP(sizes: [3, 4, 2], outputGain: 1, using: &rng)
        let x = randomTensor(2, 3, using: &rng)
        let w = randomTensor(2, 2, using: &rng)
        _ = mlp.forward(x)
        _ = mlp.backward(w)
        let once = mlp.linears[0].weight.grad
        _ = mlp.forward(x)
        _ = mlp.backward(w)
        for (twice, single) in zip(mlp.linears[0].weight.grad, once) {
            XCTAssertEqual(twice, 2 * single, accuracy: 1e-6 * max(1, abs(single)))
        }
        mlp.parameters.zeroGrad()
        XCTAssertTrue(mlp.parameters.entries.allSatisfy { $0.parameter.grad.allSatisfy { $0 == 0 } })
    }

    /// Runs a GRU over `inputs` from `h0` and returns `Σ_t w_t · h_t`.
    private func gruLoss(
        _ gru: GRUCell, _ inputs: [Tensor], _ h0: Tensor, _ weights: [Tensor], _ starts: [[Bool]?]
    ) -> Double {
        var h = h0
        var loss = 0.0
        for t in inputs.indices {
            h = gru.step(inputs[t], hidden: h, episodeStarts: starts[t])
            loss += weightedSum(h, weights[t])
        }
        gru.clearTape()
        return loss
    }

    func testGRUCell_BackwardThroughTime_MatchesFiniteDifferences() {
        var rng = SplitMix64(seed: 9)
        let gru = GRUCell(inputSize: 3, hiddenSize: 4, using: &rng)
        gru.biasIH.value = randomValues(12, scale: 0.5, using: &rng)
        gru.biasHH.value = randomValues(12, scale: 0.5, using: &rng)
        let steps = 4
        let inputs = (0 ..< steps).map { _ in randomTensor(2, 3, using: &rng) }
        let weights = (0 ..< steps).map { _ in randomTensor(2, 4, using: &rng) }
        let h0 = randomTensor(2, 4, using: &rng)
        // Row 1 starts a new trial at t = 2: its gradient must not flow to earlier steps through the hidden state.
        let starts: [[Bool]?] = [nil, [false, false], [false, true], nil]
        var h = h0
        for t in 0 ..< steps { h = gru.step(inputs[t], hidden: h, episodeStarts: starts[t]) }
        XCTAssertEqual(gru.tapeLength, steps)
        let (gradInputs, gradH0) = gru.backwardThroughTime(gradHidden: weights)
        XCTAssertEqual(gru.tapeLength, 0)
        for entry in gru.parameters.entries {
            assertParameterGradient(entry.name, entry.parameter) { gruLoss(gru, inputs, h0, weights, starts) }
        }
        for t in 0 ..< steps {
            assertInputGradient("input \(t)", input: inputs[t], analytic: gradInputs[t]) { x in
                var perturbed = inputs
                perturbed[t] = x
                return gruLoss(gru, perturbed, h0, weights, starts)
            }
        }
        assertInputGradient("h0", input: h0, analytic: gradH0) { gruLoss(gru, inputs, $0, weights, starts) }
        XCTAssertNotEqual(gradH0.row(1), [0, 0, 0, 0])

        // A start flag at t = 0 cuts row 1 off from h0 entirely.
        var h1 = h0
        for t in 0 ..< steps { h1 = gru.step(inputs[t], hidden: h1, episodeStarts: t == 0 ? [false, true] : nil) }
        let cut = gru.backwardThroughTime(gradHidden: weights).gradInitialHidden
        XCTAssertEqual(cut.row(1), [0, 0, 0, 0], "no gradient crosses an episode start")
        XCTAssertNotEqual(cut.row(0), [0, 0, 0, 0])
    }

    func testGRUCell_Forward_MatchesPyTorchEquations() {
        // One unit, one input, hand-set weights: r, z, n and h' by the equations in the doc comment.
        var rng = SplitMix64(seed: 10)
        let gru = GRUCell(inputSize: 1, hiddenSize: 1, using: &rng)
        gru.weightIH.value = [0.5, -0.3, 0.8]
        gru.weightHH.value = [0.2, 0.4, -0.6]
        gru.biasIH.value = [0.1, 0.0, -0.1]
        gru.biasHH.value = [0.0, 0.2, 0.3]
        let (x, h): (Double, Double) = (0.7, -0.4)
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        let r = sigmoid(0.5 * x + 0.1 + 0.2 * h)
        let z = sigmoid(-0.3 * x + 0.4 * h + 0.2)
        let n = tanh(0.8 * x - 0.1 + r * (-0.6 * h + 0.3))
        let expected = (1 - z) * n + z * h
        let out = gru.step(Tensor(shape: [1, 1], scalars: [0.7]), hidden: Tensor(shape: [1, 1], scalars: [-0.4]))
        XCTAssertEqual(Double(out.scalars[0]), expected, accuracy: 1e-6)
    }
}
