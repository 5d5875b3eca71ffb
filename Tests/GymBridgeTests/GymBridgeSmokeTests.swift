import XCTest
@testable import GymBridge

final class GymBridgeSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
