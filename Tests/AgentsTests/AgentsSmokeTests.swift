import XCTest
@testable import Agents

final class AgentsSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
