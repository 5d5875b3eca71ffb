import Environments
import Foundation
import RadioScene
import XCTest

final class InformationGainRewardTests: XCTestCase {
    func testReward_CostAndKinds_FollowTheScenario() throws {
        var scenario = try Scenarios.load(Scenarios.office)
        scenario.reward.costPerMicrojoule = 0.5
        XCTAssertFalse(InformationGainReward(scenario: scenario).usesErrorReduction)
        scenario.reward.costPerProbe = 0.1
        let reward = InformationGainReward(scenario: scenario)
        // 0.1 nats per probe + 0.5 nats/µJ × 2 µJ.
        XCTAssertEqual(reward.cost(energyJoules: 2e-6), 1.1, accuracy: 1e-12)
        XCTAssertEqual(reward.value(informationGainNats: 3, errorBefore: 1, errorAfter: 0.2, costNats: 1.1), 1.9, accuracy: 1e-12)
        scenario.reward.kind = "error_reduction"
        let errorReward = InformationGainReward(scenario: scenario)
        XCTAssertTrue(errorReward.usesErrorReduction)
        XCTAssertEqual(errorReward.value(informationGainNats: 3, errorBefore: 1, errorAfter: 0.2, costNats: 0.1), 0.7, accuracy: 1e-12)
    }
}
