import XCTest
@testable import RadioScene

final class RadioSceneSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
