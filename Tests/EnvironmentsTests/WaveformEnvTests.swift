import Foundation
import GymCore
import GymTestSupport
import RadioScene
import XCTest

@testable import Environments

final class WaveformEnvTests: XCTestCase {
    func lab() throws -> Scenario { try ScenarioLibrary.resolve("lab-140ghz") }

    // MARK: - Physics of the trade-off

    func testRangeBoundShrinksAsOneOverBandwidthAtEqualSNR() throws {
        let env = WaveformEnv(scenario: try lab())
        let snr = 1000.0
        let widths = env.bandwidthsHz
        let bounds = (0..<widths.count).map { b in
            CramerRaoBound.rangeStdMetres(energySNR: snr, bandwidthHertz: env.measurementModels[b].linkBudget.bandwidthHertz)
        }
        for b in 1..<widths.count {
            XCTAssertEqual(bounds[b] / bounds[0], widths[0] / widths[b], accuracy: 1e-12)
            XCTAssertLessThan(bounds[b], bounds[b - 1])
        }
        // 3 GHz at 30 dB energy SNR: c / (2π · 3e9/√12 · √2000) ≈ 1.23 mm.
        XCTAssertEqual(bounds[3], 299_792_458 / (2 * Double.pi * 3e9 / 12.0.squareRoot() * 2000.0.squareRoot()), accuracy: 1e-15)
    }

    func testPerSampleSNRFallsAsBandwidthGrowsAtFixedTransmitPower() throws {
        let env = WaveformEnv(scenario: try lab())
        let b = env.bandwidthsHz.count
        let received = 1e-9  // watts, the same for every option of one carrier (fixed transmit power and geometry)
        for carrier in 0..<env.carriersHz.count {
            var previous = Double.infinity
            for w in 0..<b {
                let budget = env.measurementModels[carrier * b + w].linkBudget
                XCTAssertEqual(budget.transmitPowerWatts, env.measurementModels[carrier * b].linkBudget.transmitPowerWatts)
                let perSample = received / budget.noisePowerWatts
                XCTAssertLessThan(perSample, previous)
                XCTAssertEqual(
                    perSample * env.bandwidthsHz[w], received / budget.noisePowerWatts * budget.bandwidthHertz,
                    accuracy: 1e-6 * perSample * env.bandwidthsHz[w])
                // k·T·B·NF with NF = 8 dB.
                XCTAssertEqual(
                    budget.noisePowerWatts, 1.380_649e-23 * 290 * env.bandwidthsHz[w] * Decibels.linear(fromDB: 8),
                    accuracy: 1e-30)
                previous = perSample
            }
        }
    }

    func testAbsorptionAt300GHzOver10MetresMatchesTheScenarioCoefficient() throws {
        let scenario = try lab()
        let env = WaveformEnv(scenario: scenario)
        let carrier = try XCTUnwrap(env.carriersHz.firstIndex(of: 300e9))
        let coefficient = try XCTUnwrap(scenario.waveform?.bands?[carrier].absorptionDBPerM)
        XCTAssertEqual(coefficient, 0.006)
        let budget = env.measurementModels[carrier * env.bandwidthsHz.count].linkBudget
        XCTAssertEqual(Decibels.dB(fromLinear: budget.absorptionFactor(lengthMetres: 10)), -0.06, accuracy: 1e-12)
        // A 10 m line-of-sight path loses Friis × absorption.
        let path = PropagationPath(
            lengthMetres: 10, departureDirection: Vector3(1, 0, 0), arrivalDirection: Vector3(-1, 0, 0),
            reflectionAmplitude: 1, reflectionCount: 0, lastSurface: nil)
        let friis = pow(budget.wavelength / (4 * Double.pi * 10), 2)
        XCTAssertEqual(budget.pathPowerGain(path) / friis, pow(10, -0.006 * 10 / 10), accuracy: 1e-12)
    }

    func testHigherCarriersHaveMoreElementsAndWiderBandsCostMoreEnergy() throws {
        let env = WaveformEnv(scenario: try lab())
        XCTAssertEqual(env.arrays.map { $0[0].elementCount }, [16, 32, 64, 128])
        let b = env.bandwidthsHz.count
        for carrier in 0..<env.carriersHz.count {
            for w in 1..<b {
                XCTAssertGreaterThan(env.probeEnergyJoules[carrier * b + w], env.probeEnergyJoules[carrier * b + w - 1])
            }
        }
        // 300 GHz, 3 GHz: (10 mW / 0.03 + 5e-11 W/Hz × 3 GHz) × 1 µs.
        XCTAssertEqual(env.probeEnergyJoules[3 * b + 3], (0.01 / 0.03 + 0.15) * 1e-6, accuracy: 1e-15)
        // Default element counts scale the scenario's array with the carrier (same aperture).
        var scenario = try ScenarioLibrary.resolve("wrf-office-16x15")
        scenario.waveform = nil
        XCTAssertEqual(WaveformEnv(scenario: scenario).arrays.map { $0[0].elementCount }, [15, 32, 75, 160])
    }

    func testWiderBandResolvesTwoPathsTheNarrowBandMerges() throws {
        let budgetNarrow = WaveformEnv(scenario: try lab()).measurementModels[4].linkBudget  // 60 GHz, 0.1 GHz
        let budgetWide = WaveformEnv(scenario: try lab()).measurementModels[7].linkBudget  // 60 GHz, 3 GHz
        XCTAssertEqual(budgetNarrow.rangeResolutionMetres, 2.998, accuracy: 1e-3)
        XCTAssertEqual(budgetWide.rangeResolutionMetres, 0.0999, accuracy: 1e-3)
        let array = UniformLinearArray(position: .zero, boresightAzimuthRadians: 0, elementCount: 2)
        let los = PropagationPath(
            lengthMetres: 5, departureDirection: Vector3(1, 0, 0), arrivalDirection: Vector3(-1, 0, 0),
            reflectionAmplitude: 1, reflectionCount: 0, lastSurface: nil)
        var echo = los
        echo.lengthMetres = 5.5
        echo.reflectionAmplitude = 0.5
        echo.reflectionCount = 1
        let paths = [los, echo]
        for (budget, merged) in [(budgetNarrow, 2), (budgetWide, 1)] {
            let model = MeasurementModel(linkBudget: budget, detectionThresholdDB: 10)
            let cluster = paths.withUnsafeBufferPointer { model.strongestCluster(paths: $0, array: array, steeredFrequency: 0) }
            XCTAssertEqual(cluster.count, merged)
        }
    }

    // MARK: - Contract, determinism, impairments

    func testWaveformEnvKeepsTheContract() throws {
        let scenario = try lab()
        checkEnvContract(
            make: { WaveformEnv(scenario: scenario) }, steps: 600, seed: 3, invalidActions: [[4, 0], [0, -1], [0], [1, 1, 1]])
    }

    func testWaveformEnvKeepsTheContractWithImpairments() throws {
        var scenario = try ScenarioLibrary.resolve("wrf-room-8x6")
        scenario.impairments = ImpairmentSpec(clockBiasNs: 0.3, phaseCalibrationErrorDeg: 5)
        checkEnvContract(make: { WaveformEnv(scenario: scenario) }, steps: 400, seed: 9, invalidActions: [[0, 4]])
    }

    func testClockBiasCancelsInRoundTripRanging() throws {
        // 5G NR multi-RTT: the UE's clock offset cancels, so the same seed gives the same trajectory with or without it.
        var biased = try lab()
        biased.impairments = ImpairmentSpec(clockBiasNs: 1, phaseCalibrationErrorDeg: 0)
        var a = WaveformEnv(scenario: biased), b = WaveformEnv(scenario: try lab())
        _ = a.reset(seed: 3)
        _ = b.reset(seed: 3)
        for _ in 0..<10 {
            let ta = try a.step([2, 3]), tb = try b.step([2, 3])
            XCTAssertEqual(ta.info.estimateX, tb.info.estimateX)
            XCTAssertEqual(ta.reward, tb.reward)
            if ta.terminated || ta.truncated { break }
        }
    }

    func testCalibrationErrorsAreDrawnPerEpisodeOnlyWhenEnabled() throws {
        var scenario = try lab()
        var env = WaveformEnv(scenario: scenario)
        _ = env.reset(seed: 1)
        XCTAssertTrue(env.arrays.allSatisfy { $0.allSatisfy { $0.calibrationPhaseErrorsRadians.isEmpty } })
        scenario.impairments = ImpairmentSpec(clockBiasNs: 0, phaseCalibrationErrorDeg: 10)
        env = WaveformEnv(scenario: scenario)
        _ = env.reset(seed: 1)
        XCTAssertEqual(env.arrays[3][0].calibrationPhaseErrorsRadians.count, 128)
    }

    func testRegistryMakesWaveformOnEveryBuiltInScenario() throws {
        for name in ScenarioLibrary.names {
            var env = try SensingGymRegistry.make(WaveformEnv.id, scenario: name)
            var rng = Xoshiro256StarStar(seed: 1)
            _ = env.reset(seed: 2)
            for _ in 0..<100 {
                let t = try env.step(env.actionSpace.sample(using: &rng))
                XCTAssertTrue(t.reward.isFinite, name)
                if t.terminated || t.truncated { _ = env.reset() }
            }
        }
    }

    func testWideHighBandProbeLocatesAStaticUserNearTheAP() throws {
        var scenario = try lab()
        scenario.user.mobility = "stationary"
        var env = WaveformEnv(scenario: scenario)
        _ = env.reset(seed: 4)
        var last: StepResult<ProbeInfo>?
        for _ in 0..<32 {
            let t = try env.step([1, 3])
            last = t
            if t.terminated || t.truncated { break }
        }
        let info = try XCTUnwrap(last?.info)
        XCTAssertLessThan(info.errorMetres, 0.5)
    }
}
