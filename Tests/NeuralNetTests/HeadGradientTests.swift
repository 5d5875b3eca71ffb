// Finite-difference checks for the categorical and diagonal-Gaussian heads, and a PPO-shaped loss through both.
import XCTest
@testable import NeuralNet

final class HeadGradientTests: XCTestCase {
    // MARK: - Categorical

    func testCategorical_LogProbabilities_AreNormalisedPerComponent() {
        var rng = SplitMix64(seed: 20)
        let head = CategoricalHead(actionCounts: [3, 4])
        let logits = randomTensor(2, 7, scale: 30, using: &rng)  // large logits: stability matters
        let l = head.logProbabilities(logits: logits)
        for b in 0 ..< 2 {
            XCTAssertEqual(l.row(b)[0 ..< 3].reduce(0) { $0 + Double(exp($1)) }, 1, accuracy: 1e-5)
            XCTAssertEqual(l.row(b)[3 ..< 7].reduce(0) { $0 + Double(exp($1)) }, 1, accuracy: 1e-5)
            XCTAssertTrue(l.row(b).allSatisfy(\.isFinite))
        }
    }

    func testCategorical_EntropyOfUniform_IsLogN() {
        let head = CategoricalHead(actionCounts: [32])
        let (_, entropy) = head.evaluate(logits: Tensor(shape: [1, 32]), actions: [5])
        XCTAssertEqual(entropy[0], log(32), accuracy: 1e-5)
    }

    func testCategorical_Gradients_MatchFiniteDifferences() {
        var rng = SplitMix64(seed: 21)
        for counts in [[5], [3, 2, 4]] {
            let head = CategoricalHead(actionCounts: counts)
            let batch = 3
            let logits = randomTensor(batch, head.logitCount, scale: 2, using: &rng)
            let actions = head.sample(logits: logits, using: &rng)
            let gLogP = randomValues(batch, using: &rng)
            let gEnt = randomValues(batch, using: &rng)
            let grad = head.gradient(logits: logits, actions: actions, gradLogProb: gLogP, gradEntropy: gEnt)
            assertInputGradient("categorical \(counts)", input: logits, analytic: grad) { x in
                let (logProb, entropy) = head.evaluate(logits: x, actions: actions)
                return (0 ..< batch).reduce(0.0) {
                    $0 + Double(gLogP[$1]) * Double(logProb[$1]) + Double(gEnt[$1]) * Double(entropy[$1])
                }
            }
        }
    }

    func testCategorical_Sample_FollowsProbabilities() {
        var rng = SplitMix64(seed: 22)
        let head = CategoricalHead(actionCounts: [3])
        let logits = Tensor(shape: [1, 3], scalars: [log(0.2), log(0.5), log(0.3)])
        var counts = [0, 0, 0]
        for _ in 0 ..< 20_000 { counts[head.sample(logits: logits, using: &rng)[0]] += 1 }
        XCTAssertEqual(Double(counts[0]) / 20_000, 0.2, accuracy: 0.015)
        XCTAssertEqual(Double(counts[1]) / 20_000, 0.5, accuracy: 0.015)
        XCTAssertEqual(head.mode(logits: logits), [1])
    }

    // MARK: - Diagonal Gaussian

    func testGaussian_LogProbAndEntropy_MatchClosedForm() {
        let head = DiagonalGaussianHead(actionDimension: 2, initialLogStd: log(0.5))
        let mean = Tensor(shape: [1, 2], scalars: [0.1, -0.2])
        let actions = Tensor(shape: [1, 2], scalars: [0.6, -0.2])
        let (logProb, entropy) = head.evaluate(mean: mean, actions: actions)
        let logNormal = { (x: Double, s: Double) in -0.5 * (x / s) * (x / s) - log(s) - 0.5 * log(2 * Double.pi) }
        XCTAssertEqual(Double(logProb[0]), logNormal(0.5, 0.5) + logNormal(0, 0.5), accuracy: 1e-5)
        XCTAssertEqual(Double(entropy[0]), 2 * (0.5 + 0.5 * log(2 * Double.pi) + log(0.5)), accuracy: 1e-5)
    }

    func testGaussian_Gradients_MatchFiniteDifferences() {
        var rng = SplitMix64(seed: 23)
        let head = DiagonalGaussianHead(actionDimension: 3, initialLogStd: -0.3)
        head.logStd.value = [-0.3, 0.2, -0.7]
        let batch = 4
        let mean = randomTensor(batch, 3, using: &rng)
        let actions = head.sample(mean: mean, using: &rng)
        let gLogP = randomValues(batch, using: &rng)
        let gEnt = randomValues(batch, using: &rng)
        let loss = { (m: Tensor) -> Double in
            let (logProb, entropy) = head.evaluate(mean: m, actions: actions)
            return (0 ..< batch).reduce(0.0) {
                $0 + Double(gLogP[$1]) * Double(logProb[$1]) + Double(gEnt[$1]) * Double(entropy[$1])
            }
        }
        let gradMean = head.gradient(mean: mean, actions: actions, gradLogProb: gLogP, gradEntropy: gEnt)
        assertInputGradient("mean", input: mean, analytic: gradMean, loss: loss)
        assertParameterGradient("logStd", head.logStd) { loss(mean) }
    }

    // MARK: - PPO-shaped loss

    /// CleanRL's PPO loss on a minibatch, in Double, with its gradients with respect to the network outputs.
    ///
    /// `loss = mean(max(−A·ρ, −A·clip(ρ, 1−c, 1+c))) − entCoef·mean(H) + vfCoef·0.5·mean((V − R)²)`, `ρ = exp(logπ − logπ_old)`.
    private struct PPOLoss {
        var oldLogProb: [Float]
        var advantages: [Float]
        var returns: [Float]
        var clip: Double = 0.2
        var entropyCoefficient: Double = 0.01
        var valueCoefficient: Double = 0.5

        func evaluate(logProb: [Float], entropy: [Float], values: [Float])
            -> (loss: Double, gradLogProb: [Float], gradEntropy: [Float], gradValue: [Float])
        {
            let n = Double(logProb.count)
            var loss = 0.0
            var gLogP = [Float](repeating: 0, count: logProb.count)
            let gEnt = [Float](repeating: Float(-entropyCoefficient / n), count: logProb.count)
            var gValue = [Float](repeating: 0, count: logProb.count)
            for b in logProb.indices {
                let ratio = exp(Double(logProb[b]) - Double(oldLogProb[b]))
                let a = Double(advantages[b])
                let unclipped = -a * ratio
                let clipped = -a * min(max(ratio, 1 - clip), 1 + clip)
                loss += max(unclipped, clipped) / n
                if unclipped >= clipped { gLogP[b] = Float(-a * ratio / n) }
                let error = Double(values[b]) - Double(returns[b])
                loss += valueCoefficient * 0.5 * error * error / n
                gValue[b] = Float(valueCoefficient * error / n)
                loss -= entropyCoefficient * Double(entropy[b]) / n
            }
            return (loss, gLogP, gEnt, gValue)
        }
    }

    /// Old log-probabilities that put the ratios at 0.5, 0.95, 1.05, 1.6, … — clear of the clip kinks at 0.8 and 1.2.
    private func oldLogProbs(for logProb: [Float]) -> [Float] {
        let ratios: [Float] = [0.5, 0.95, 1.05, 1.6, 0.7, 1.3]
        return logProb.indices.map { logProb[$0] - log(ratios[$0 % ratios.count]) }
    }

    func testPPOLoss_ThroughCategoricalHead_MatchesFiniteDifferences() {
        var rng = SplitMix64(seed: 24)
        let batch = 6
        let actor = MLP(sizes: [4, 8, 8, 5], outputGain: 1, using: &rng)
        let critic = MLP(sizes: [4, 8, 1], outputGain: 1, using: &rng)
        let head = CategoricalHead(actionCounts: [2, 3])
        let observations = randomTensor(batch, 4, using: &rng)
        let actions = head.sample(logits: actor.forward(observations), using: &rng)
        let logProb0 = head.evaluate(logits: actor.forward(observations), actions: actions).logProb
        let objective = PPOLoss(
            oldLogProb: oldLogProbs(for: logProb0), advantages: [1, -1, 0.5, 2, -0.7, -1.5],
            returns: randomValues(batch, using: &rng))
        let lossValue = { () -> Double in
            let logits = actor.forward(observations)
            let (logProb, entropy) = head.evaluate(logits: logits, actions: actions)
            return objective.evaluate(logProb: logProb, entropy: entropy, values: critic.forward(observations).scalars).loss
        }
        // Analytic: loss → (logπ, H, V) → logits / value → networks.
        let all = ParameterSet(["actor": actor.parameters, "critic": critic.parameters])
        all.zeroGrad()
        let logits = actor.forward(observations)
        let (logProb, entropy) = head.evaluate(logits: logits, actions: actions)
        let values = critic.forward(observations)
        let g = objective.evaluate(logProb: logProb, entropy: entropy, values: values.scalars)
        XCTAssertEqual(g.gradLogProb.filter { $0 == 0 }.count, 2, "two samples sit in the clipped region")
        _ = actor.backward(
            head.gradient(logits: logits, actions: actions, gradLogProb: g.gradLogProb, gradEntropy: g.gradEntropy))
        _ = critic.backward(Tensor(shape: [batch, 1], scalars: g.gradValue))
        for entry in all.entries {
            assertParameterGradient(entry.name, entry.parameter, epsilon: 3e-3, loss: lossValue)
        }
    }

    func testPPOLoss_ThroughGaussianHead_MatchesFiniteDifferences() {
        var rng = SplitMix64(seed: 25)
        let batch = 6
        let actor = MLP(sizes: [3, 8, 8, 2], outputGain: 1, using: &rng)
        let critic = MLP(sizes: [3, 8, 1], outputGain: 1, using: &rng)
        let head = DiagonalGaussianHead(actionDimension: 2, initialLogStd: -0.2)
        let observations = randomTensor(batch, 3, using: &rng)
        let actions = head.sample(mean: actor.forward(observations), using: &rng)
        let logProb0 = head.evaluate(mean: actor.forward(observations), actions: actions).logProb
        let objective = PPOLoss(
            oldLogProb: oldLogProbs(for: logProb0), advantages: [1, -1, 0.5, 2, -0.7, -1.5],
            returns: randomValues(batch, using: &rng))
        let lossValue = { () -> Double in
            let mean = actor.forward(observations)
            let (logProb, entropy) = head.evaluate(mean: mean, actions: actions)
            return objective.evaluate(logProb: logProb, entropy: entropy, values: critic.forward(observations).scalars).loss
        }
        let all = ParameterSet(["actor": actor.parameters, "critic": critic.parameters, "head": head.parameters])
        all.zeroGrad()
        let mean = actor.forward(observations)
        let (logProb, entropy) = head.evaluate(mean: mean, actions: actions)
        let values = critic.forward(observations)
        let g = objective.evaluate(logProb: logProb, entropy: entropy, values: values.scalars)
        _ = actor.backward(head.gradient(mean: mean, actions: actions, gradLogProb: g.gradLogProb, gradEntropy: g.gradEntropy))
        _ = critic.backward(Tensor(shape: [batch, 1], scalars: g.gradValue))
        XCTAssertTrue(all.names.contains("head.logStd"))
        for entry in all.entries {
            assertParameterGradient(entry.name, entry.parameter, epsilon: 3e-3, loss: lossValue)
        }
    }
}
