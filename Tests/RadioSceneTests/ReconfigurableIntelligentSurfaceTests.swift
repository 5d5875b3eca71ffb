import Foundation
import XCTest

@testable import RadioScene

final class ReconfigurableIntelligentSurfaceTests: XCTestCase {
    let ap = Vector3(1, 1, 2.5)
    let user = Vector3(6, 3, 1.5)

    func panel(_ side: Int) -> ReconfigurableIntelligentSurface {
        ReconfigurableIntelligentSurface(
            centre: Vector3(4, 8, 2), normalAzimuthRadians: -Double.pi / 2, columns: side, rows: side,
            wavelengthMetres: 0.005)
    }

    func testOptimalPhasesGainGrowsAsMSquared() {
        let gains = [4, 8, 16].map { side -> Double in
            let ris = panel(side)
            return ris.powerGain(from: ap, to: user, phases: ris.focusingPhases(from: ap, to: user))
        }
        // M quadruples between sizes: the coherent gain grows 16×, up to the panel's few-per-cent amplitude taper.
        XCTAssertEqual(gains[1] / gains[0], 16, accuracy: 0.3)
        XCTAssertEqual(gains[2] / gains[1], 16, accuracy: 0.3)
    }

    func testRandomPhasesGainGrowsAsM() {
        var rng = RISTestGenerator(seed: 3)
        let means = [8, 16].map { side -> Double in
            let ris = panel(side)
            var total = 0.0
            let draws = 400
            for _ in 0..<draws {
                let phases = (0..<ris.elementCount).map { _ in (rng.unit() * 2 - 1) * Double.pi }
                total += ris.powerGain(from: ap, to: user, phases: phases)
            }
            return total / Double(draws)
        }
        XCTAssertEqual(means[1] / means[0], 4, accuracy: 0.6)
        // And it is about M times weaker than the coherent gain.
        let ris = panel(16)
        let optimal = ris.powerGain(from: ap, to: user, phases: ris.focusingPhases(from: ap, to: user))
        XCTAssertEqual(optimal / means[1], Double(ris.elementCount), accuracy: 0.25 * Double(ris.elementCount))
    }

    func testFailedElementsLowerTheOptimalGainAsPredicted() {
        let ris = panel(16)
        let m = Double(ris.elementCount)
        let optimal = ris.focusingPhases(from: ap, to: user)
        let full = ris.powerGain(from: ap, to: user, phases: optimal)
        var rng = RISTestGenerator(seed: 11)
        for k in [16, 64, 128] {
            var total = 0.0
            let draws = 300
            for _ in 0..<draws {
                var phases = optimal
                var failed = Set<Int>()
                while failed.count < k { failed.insert(Int(rng.unit() * m) % ris.elementCount) }
                for i in failed { phases[i] = (rng.unit() * 2 - 1) * Double.pi }
                total += ris.powerGain(from: ap, to: user, phases: phases)
            }
            // E|Σ|² ≈ g²((M − k)² + k) for equal amplitudes g.
            let predicted = ((m - Double(k)) * (m - Double(k)) + Double(k)) / (m * m)
            XCTAssertEqual(total / Double(draws) / full, predicted, accuracy: 0.03, "k = \(k)")
        }
    }

    func testLinkCodebookGainMatchesTheExactModelInTheFarField() {
        let ris = panel(16)
        let link = RISLink(surface: ris, source: ap)
        let d = user - ris.centre
        let su = d.dot(ris.horizontalAxis) / d.length, sv = d.z / d.length
        let fast = link.codebookPowerGain(to: user, beamU: su, beamV: sv)
        let exact = ris.powerGain(from: ap, to: user, phases: ris.beamPhases(from: ap, horizontal: su, vertical: sv))
        XCTAssertEqual(Decibels.dB(fromLinear: fast / exact), 0, accuracy: 0.5)
        // The phase form with the same phases agrees with the codebook form.
        let phases = ris.beamPhases(from: ap, horizontal: su, vertical: sv).map { Float($0) }
        let viaPhases = phases.withUnsafeBufferPointer { link.phasesPowerGain(to: user, phases: $0) }
        XCTAssertEqual(viaPhases / fast, 1, accuracy: 1e-3)
        // A beam steered far away gains far less.
        XCTAssertLessThan(link.codebookPowerGain(to: user, beamU: -su, beamV: sv), fast / 100)
    }

    func testLinkFailuresAreStuckAtTheirPhase() {
        let ris = panel(8)
        var link = RISLink(surface: ris, source: ap)
        let d = user - ris.centre
        let su = d.dot(ris.horizontalAxis) / d.length, sv = d.z / d.length
        let healthy = link.codebookPowerGain(to: user, beamU: su, beamV: sv)
        var stuck = [Double](repeating: .nan, count: ris.elementCount)
        for m in stride(from: 0, to: ris.elementCount, by: 2) { stuck[m] = 0.7 }
        link.configure(stuckPhases: stuck, phaseErrors: [])
        XCTAssertEqual(link.failedElements.count, 32)
        XCTAssertLessThan(link.codebookPowerGain(to: user, beamU: su, beamV: sv), 0.5 * healthy)
        // Stuck elements ignore the commanded phases.
        let a = [Float](repeating: 0, count: ris.elementCount), b = [Float](repeating: 1, count: ris.elementCount)
        var phases = a
        for m in stride(from: 0, to: ris.elementCount, by: 2) { phases[m] = b[m] }
        let ga = a.withUnsafeBufferPointer { link.phasesPowerGain(to: user, phases: $0) }
        let gp = phases.withUnsafeBufferPointer { link.phasesPowerGain(to: user, phases: $0) }
        XCTAssertEqual(ga, gp, accuracy: 1e-12 * max(ga, 1e-300))
    }

    func testRISObservationInvertsAndDifferentiates() {
        let ris = panel(16)
        let h = RISObservation(accessPoint: ap, surface: ris, userHeightMetres: 1.5)
        let e = h.evaluate(x: 6, y: 3)
        XCTAssertEqual(e.range, (ris.centre - ap).length + (Vector3(6, 3, 1.5) - ris.centre).length, accuracy: 1e-12)
        let p = h.impliedPosition(range: e.range, angle: e.angle)
        XCTAssertEqual(p?.x ?? 0, 6, accuracy: 1e-9)
        XCTAssertEqual(p?.y ?? 0, 3, accuracy: 1e-9)
        let step = 1e-6
        let ex = h.evaluate(x: 6 + step, y: 3), ey = h.evaluate(x: 6, y: 3 + step)
        XCTAssertEqual((ex.range - e.range) / step, e.rangeGradient[0], accuracy: 1e-5)
        XCTAssertEqual((ey.angle - e.angle) / step, e.angleGradient[1], accuracy: 1e-5)
        XCTAssertNil(h.impliedPosition(range: 1, angle: 0))
    }
}

/// A tiny seeded generator for the tests (RISTestGenerator64).
struct RISTestGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
