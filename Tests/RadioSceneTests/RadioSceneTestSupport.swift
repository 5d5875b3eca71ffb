import Foundation
import RadioScene
import XCTest

/// Independent reference values and small builders shared by the RadioScene tests.
///
/// Everything here is written from the textbook formulas, not from the code under test, so that the tests
/// compare the implementation against an independent computation.
enum Reference {
    /// c, metres per second (CODATA, exact).
    static let c = 299_792_458.0
    /// Boltzmann's constant, J/K (SI 2019, exact).
    static let k = 1.380_649e-23

    /// A 60 GHz, 3 GHz-bandwidth link budget like the WRF scenarios (10 dBm, NF 10 dB, 100 ns probes), no absorption.
    static func linkBudget(bandwidthHertz: Double = 3e9, absorptionDBPerMetre: Double = 0) -> LinkBudget {
        LinkBudget(
            carrierHertz: 60e9, bandwidthHertz: bandwidthHertz, transmitPowerDBm: 10, noiseFigureDB: 10,
            probeDurationSeconds: 1e-7, absorptionDBPerMetre: absorptionDBPerMetre)
    }

    /// The 8 × 6 × 3 m room of the WRF paper's scenario 2 with the given surface losses (walls, floor, ceiling).
    static func room(walls: Double = 6, floor: Double = 8, ceiling: Double = 10, blockers: [Blocker] = []) -> Room {
        let w = Material(name: "walls", reflectionLossDB: walls)
        return Room(
            minCorner: Vector3(0, 0, 0), maxCorner: Vector3(8, 6, 3),
            materials: [w, w, w, w, Material(name: "floor", reflectionLossDB: floor),
                        Material(name: "ceiling", reflectionLossDB: ceiling)],
            blockers: blockers)
    }

    /// A line-of-sight path from `a` to `b`, built by hand.
    static func lineOfSight(from a: Vector3, to b: Vector3) -> PropagationPath {
        let v = b - a
        let d = v.length
        return PropagationPath(
            lengthMetres: d, departureDirection: v / d, arrivalDirection: v / -d, reflectionAmplitude: 1,
            reflectionCount: 0, lastSurface: nil)
    }

    /// Sample mean and (n − 1) standard deviation.
    static func meanAndStd(_ xs: [Double]) -> (mean: Double, std: Double) {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / (n - 1)).squareRoot())
    }
}

/// Asserts |actual − expected| ≤ relative·|expected|.
func assertRelativelyEqual(
    _ actual: Double, _ expected: Double, relative: Double, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertLessThanOrEqual(
        abs(actual - expected), relative * abs(expected),
        "\(actual) vs expected \(expected) (relative tolerance \(relative)) \(message())", file: file, line: line)
}

/// Asserts two vectors agree component-wise within `accuracy`.
func assertEqual(
    _ a: Vector3, _ b: Vector3, accuracy: Double, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.x, b.x, accuracy: accuracy, "x: \(a) vs \(b) \(message())", file: file, line: line)
    XCTAssertEqual(a.y, b.y, accuracy: accuracy, "y: \(a) vs \(b) \(message())", file: file, line: line)
    XCTAssertEqual(a.z, b.z, accuracy: accuracy, "z: \(a) vs \(b) \(message())", file: file, line: line)
}
