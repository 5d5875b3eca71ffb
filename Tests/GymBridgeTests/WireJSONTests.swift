import Foundation
import GymCore
import XCTest

@testable import GymBridge

final class WireJSONTests: XCTestCase {
    private func parse(_ text: String) throws -> WireJSON { try WireJSON.parse(Array(text.utf8)) }

    func testParse_ValuesEscapesAndNumbers() throws {
        let value = try parse(
            #" {"a": [1, -2.5e3, 0, true, false, null], "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é", "o": {}} "#)
        guard case .object(let members) = value else { return XCTFail("not an object") }
        XCTAssertEqual(
            members["a"],
            .array([.number("1"), .number("-2.5e3"), .number("0"), .bool(true), .bool(false), .null]))
        XCTAssertEqual(members["s"], .string("x\"\\/\u{08}\u{0C}\n\r\té😀é"))
        XCTAssertEqual(members["o"], .object([:]))
        XCTAssertEqual(WireJSON.number("18446744073709551615").integer(UInt64.self), UInt64.max)
        XCTAssertNil(WireJSON.number("18446744073709551616").integer(UInt64.self))
        XCTAssertNil(WireJSON.number("1.0").integer(Int.self))
        XCTAssertNil(WireJSON.number("-1").integer(UInt64.self))
    }

    func testParse_RefusesMalformedInputWithBadHeader() {
        let bad = [
            "", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "01", "1.", "1e", "-", "tru", "nul",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"a\u{01}\"", "{} {}", "{'a':1}",
            String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 10_000),
        ]
        for text in bad {
            XCTAssertThrowsError(try parse(text), text.prefix(20).description) { error in
                XCTAssertEqual((error as? WireFailure)?.code, .badHeader)
            }
        }
        XCTAssertThrowsError(try WireJSON.parse([0x22, 0xff, 0xfe, 0x22]))
        XCTAssertThrowsError(try WireJSON.parse([0x22, 0x5c, 0x6e, 0xc3, 0x22]))
    }

    func testParse_AgreesWithJSONSerializationOnRandomDocuments() throws {
        var generator = Xoshiro256StarStar(seed: 77)
        func random(_ depth: Int) -> Any {
            switch generator.next(upperBound: depth > 3 ? 4 : 6 as UInt64) {
            case 0: return Int(truncatingIfNeeded: generator.next()) >> Int(generator.next(upperBound: 60 as UInt64))
            case 1: return generator.next(upperBound: 2 as UInt64) == 0
            case 2: return String((0..<Int(generator.next(upperBound: 8 as UInt64))).map { _ in
                    ["a", "é", "\"", "\\", "\n", "😀", " "][Int(generator.next(upperBound: 7 as UInt64))] }.joined())
            case 3: return NSNull()
            case 4: return (0..<Int(generator.next(upperBound: 4 as UInt64))).map { _ in random(depth + 1) }
            default:
                return Dictionary(
                    (0..<Int(generator.next(upperBound: 4 as UInt64))).map { ("k\($0)", random(depth + 1)) },
                    uniquingKeysWith: { a, _ in a })
            }
        }
        func convert(_ value: WireJSON) -> Any {
            switch value {
            case .null: return NSNull()
            case .bool(let b): return b
            case .number(let text): return Int(text) ?? 0
            case .string(let s): return s
            case .array(let list): return list.map(convert)
            case .object(let members): return members.mapValues(convert)
            }
        }
        for _ in 0..<300 {
            let document: Any = ["root": random(0)]
            let data = try JSONSerialization.data(withJSONObject: document)
            let parsed = try WireJSON.parse(Array(data))
            XCTAssertEqual(
                convert(parsed) as? NSDictionary, try JSONSerialization.jsonObject(with: data) as? NSDictionary)
        }
    }
}
