import GymCore
import XCTest

final class RegistryTests: XCTestCase {
    func makeRegistry() throws -> EnvRegistry<WalkInfo> {
        var registry = EnvRegistry<WalkInfo>()
        try registry.register("RandomWalk-v0") { spec in
            AnyEnv(RandomWalk(size: try spec.value("size", as: Int.self) ?? 8))
        }
        try registry.register("Counter-v1") { _ in AnyEnv(Counter(length: 3)) }
        return registry
    }

    func testMake_PassesKwargsAndStampsTheID() throws {
        let registry = try makeRegistry()
        XCTAssertEqual(registry.ids, ["Counter-v1", "RandomWalk-v0"])
        let env = try registry.make("RandomWalk-v0", kwargs: ["size": "5"])
        XCTAssertEqual(env.id, "RandomWalk-v0")
        XCTAssertEqual(env.unwrapped(as: RandomWalk.self)?.size, 5)
    }

    func testUnknownID_ListsKnownIDsAndOtherVersions() throws {
        let registry = try makeRegistry()
        XCTAssertThrowsError(try registry.make("RandomWalk-v1")) { error in
            XCTAssertEqual(error as? RegistryError, .unknownID("RandomWalk-v1", known: ["Counter-v1", "RandomWalk-v0"]))
            XCTAssertEqual(
                "\(error)",
                "no environment with id 'RandomWalk-v1' (other versions: RandomWalk-v0); known ids: Counter-v1, RandomWalk-v0")
        }
        XCTAssertThrowsError(try registry.make("Nope-v0")) { error in
            XCTAssertEqual("\(error)", "no environment with id 'Nope-v0'; known ids: Counter-v1, RandomWalk-v0")
        }
    }

    func testRegister_RejectsDuplicatesAndMalformedIDs() throws {
        var registry = try makeRegistry()
        XCTAssertThrowsError(try registry.register("Counter-v1") { _ in AnyEnv(Counter(length: 1)) }) { error in
            XCTAssertEqual(error as? RegistryError, .duplicateID("Counter-v1"))
        }
        for bad in ["Counter", "Counter-v", "-v0", "Count er-v0", "Counter-vx"] {
            XCTAssertThrowsError(try registry.register(bad) { _ in AnyEnv(Counter(length: 1)) }, bad) { error in
                XCTAssertEqual(error as? RegistryError, .malformedID(bad))
            }
        }
    }

    func testBadKwarg_NamesTheArgument() throws {
        let registry = try makeRegistry()
        XCTAssertThrowsError(try registry.make("RandomWalk-v0", kwargs: ["size": "big"])) { error in
            XCTAssertEqual("\(error)", "RandomWalk-v0: argument 'size' = 'big' is not a valid Int")
        }
    }

    func testEnvSpec_DescriptionAndCodable() throws {
        let spec = EnvSpec(id: "BeamSelection-v1", scenario: "office", kwargs: ["b": "2", "a": "1"])
        XCTAssertEqual(spec.description, "BeamSelection-v1(scenario: office, a=1, b=2)")
        XCTAssertEqual(try JSONDecoder().decode(EnvSpec.self, from: JSONEncoder().encode(spec)), spec)
    }
}
