import XCTest
@testable import Localizers

final class LocalizersSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
