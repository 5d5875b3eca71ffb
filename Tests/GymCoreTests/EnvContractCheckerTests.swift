import GymCore
import GymTestSupport
import XCTest

final class EnvContractCheckerTests: XCTestCase {
    private func violations(_ flaw: RandomWalk.Flaw, steps: Int = 300) -> [ContractViolation] {
        envContractViolations(make: { RandomWalk(flaw: flaw) }, steps: steps, seed: 11, invalidActions: [-1, 3])
    }

    func testSoundToyEnv_PassesTheContract() {
        checkEnvContract(make: { RandomWalk() }, steps: 1000, seed: 7, invalidActions: [-1, 3, 99])
    }

    func testWrappedAndErasedToyEnv_PassesTheContract() {
        checkEnvContract(
            make: { AnyEnv(EpisodeStatistics(ScaleReward(TimeLimit(RandomWalk(budget: 50), maxEpisodeSteps: 9), scale: 3))) },
            steps: 500, seed: 3, invalidActions: [.index(3), .indices([0]), .values([0])])
    }

    func testNondeterministicEnv_IsCaughtAsDeterminism() {
        let found = violations(.nondeterministic)
        XCTAssertTrue(found.contains { $0.property == .determinism }, "\(found)")
        let first = found.first { $0.property == .determinism }
        XCTAssertTrue(first?.description.hasPrefix("[determinism] step ") ?? false, "\(String(describing: first))")
    }

    func testStatefulWrapper_FailsReseeding() {
        let found = envContractViolations(
            make: { NormalizeObservation(RandomWalk()) }, steps: 200, seed: 1, invalidActions: [3])
        XCTAssertEqual(found.map(\.property), [.reseeding])
    }

    func testEnvAcceptingInvalidActions_IsCaught() {
        let found = violations(.acceptsInvalid).map(\.property)
        XCTAssertTrue(found.contains(.invalidActionAccepted), "\(found)")
        XCTAssertTrue(found.contains(.invalidActionChangedTrajectory), "\(found)")
    }

    func testEnvThrowingTheWrongError_IsCaught() {
        XCTAssertEqual(violations(.wrongError).map(\.property), [.invalidActionWrongError])
    }

    func testObservationOutsideSpace_IsCaughtAtItsStep() {
        let found = violations(.outOfSpace)
        XCTAssertEqual(found.map(\.property), [.observationOutsideSpace])
        XCTAssertTrue(found.first?.location?.hasSuffix(", t=2)") ?? false, "\(found)")  // the flaw fires at t = 2
        XCTAssertTrue(found.first?.message.hasPrefix("observation[0] = 1.5 is outside [0.0, 1.0]") ?? false, "\(found)")
    }

    func testUnwrittenComponent_IsCaughtAsNotFinite() {
        XCTAssertEqual(violations(.skipsComponent).first?.property, .observationNotFinite)
    }

    func testNilResetRestartingTheSeed_IsCaught() {
        XCTAssertEqual(violations(.repeatsOnNilReset).map(\.property), [.resetContinuation])
    }

    func testSeedInsensitiveEnv_IsCaught_UnlessDeclaredDeterministic() {
        let found = envContractViolations(make: { Counter(length: 3) }, steps: 50, seed: 1, invalidActions: [2])
        XCTAssertEqual(found.map(\.property), [.seedSensitivity, .resetContinuation])
        XCTAssertEqual(
            envContractViolations(
                make: { Counter(length: 3) }, steps: 50, seed: 1, expectSeedSensitivity: false, invalidActions: [2]),
            [])
    }

    func testEnvThatNeverEnds_ReportsAutoresetNotExercised() {
        let found = envContractViolations(make: { Counter(length: 1000) }, steps: 20, seed: 1,
                                          expectSeedSensitivity: false, invalidActions: [])
        XCTAssertEqual(found.map(\.property), [.autoresetNotExercised])
    }

    func testBadValidActionClosure_IsReported() {
        let found = envContractViolations(make: { RandomWalk() }, steps: 20, seed: 1, validAction: { _, _ in 5 },
                                          invalidActions: [])
        XCTAssertTrue(found.contains { $0.property == .validActionOutsideSpace }, "\(found)")
    }
}
