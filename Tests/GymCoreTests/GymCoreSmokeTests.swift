import XCTest
@testable import GymCore

final class GymCoreSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
