import XCTest
@testable import Environments

final class EnvironmentsSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
