// GRUSequence against GRUCell step by step: the same outputs, input gradients and parameter gradients.
import XCTest

@testable import NeuralNet

final class GRUSequenceTests: XCTestCase {
    func testSequence_MatchesStepwiseCell_ForwardAndBackward() {
        let (steps, batch, inputSize, hidden) = (7, 3, 5, 8)
        var rng = SplitMix64(seed: 21)
        let cell = GRUCell(inputSize: inputSize, hiddenSize: hidden, using: &rng)
        for p in [cell.biasIH, cell.biasHH] { p.value = randomValues(p.count, scale: 0.3, using: &rng) }
        let rows = steps * batch
        let inputs = randomValues(rows * inputSize, using: &rng)
        let initial = randomValues(batch * hidden, scale: 0.5, using: &rng)
        let starts = (0 ..< rows).map { $0 == 4 * batch + 1 || $0 == 2 * batch + 2 }
        let gradOutputs = randomValues(rows * hidden, using: &rng)

        // Reference: the cell, one taped step at a time.
        cell.parameters.zeroGrad()
        var h = Tensor(shape: [batch, hidden], scalars: initial)
        var reference: [Float] = []
        for t in 0 ..< steps {
            let x = Tensor(shape: [batch, inputSize], scalars: Array(inputs[(t * batch * inputSize) ..< ((t + 1) * batch * inputSize)]))
            h = cell.step(x, hidden: h, episodeStarts: Array(starts[(t * batch) ..< ((t + 1) * batch)]))
            reference += h.scalars
        }
        let perStep = (0 ..< steps).map { t in
            Tensor(shape: [batch, hidden], scalars: Array(gradOutputs[(t * batch * hidden) ..< ((t + 1) * batch * hidden)]))
        }
        let referenceInputs = cell.backwardThroughTime(gradHidden: perStep).gradInputs.flatMap(\.scalars)
        let referenceGrads = cell.parameters.entries.map { $0.parameter.grad }

        cell.parameters.zeroGrad()
        let sequence = GRUSequence(cell: cell)
        let outputs = sequence.forward(inputs: inputs, steps: steps, batch: batch, initialHidden: initial, episodeStarts: starts)
        let gradInputs = sequence.backward(gradOutputs: gradOutputs)
        for (a, b) in zip(outputs, reference) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        for (a, b) in zip(gradInputs, referenceInputs) { XCTAssertEqual(a, b, accuracy: 1e-4) }
        for (entry, expected) in zip(cell.parameters.entries, referenceGrads) {
            for (a, b) in zip(entry.parameter.grad, expected) { XCTAssertEqual(a, b, accuracy: 1e-4, entry.name) }
        }
        XCTAssertEqual(outputs.count, reference.count)
    }
}
