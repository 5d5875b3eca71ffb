import ComplexModule
import RadioScene
import XCTest

/// ITU-R P.2040 materials and the co-polar Fresnel reflection of the tracer (cross-checked on whole paths
/// against Sionna RT in Results/sionna/compare-sensinggym.md).
final class SurfaceReflectionTests: XCTestCase {
    private let concrete = Material(name: "concrete", itu: "concrete")

    /// Concrete at 60 GHz: ε = 5.24 − 0.340j (ITU-R P.2040-3 Table 3), |Γ| at normal incidence 8.1 dB below 1
    /// (the value Sionna RT reports for TE and TM at 0°), and both coefficients tend to −1 at grazing incidence.
    func testConcreteAt60GHz_MatchesP2040AndGrazesToMinusOne() throws {
        let itu = try XCTUnwrap(ITUMaterial.named("concrete"))
        let eps = itu.relativePermittivity(carrierHertz: 60e9)
        XCTAssertEqual(eps.real, 5.24, accuracy: 1e-12)
        XCTAssertEqual(eps.imaginary, -0.3404, accuracy: 5e-4)
        let normal = concrete.reflectionCoefficients(cosIncidence: 1, carrierHertz: 60e9)
        XCTAssertEqual(20 * log10(normal.te.length), -8.12, accuracy: 0.02)
        XCTAssertEqual(normal.te.length, normal.tm.length, accuracy: 1e-12)
        let grazing = concrete.reflectionCoefficients(cosIncidence: 0, carrierHertz: 60e9)
        XCTAssertEqual(grazing.te.real, -1, accuracy: 1e-9)
        XCTAssertEqual(grazing.tm.real, -1, accuracy: 1e-9)
        // 65° from the normal: TE 3.5 dB, TM far weaker (near Brewster), as the Sionna figures give.
        let at65 = concrete.reflectionCoefficients(cosIncidence: cos(65 * Double.pi / 180), carrierHertz: 60e9)
        XCTAssertEqual(-20 * log10(at65.te.length), 3.5, accuracy: 0.15)
        XCTAssertGreaterThan(-20 * log10(at65.tm.length), 20)
    }

    /// A horizontal ray with vertical antennas sees TE on a wall and TM on the floor; horizontal antennas the reverse.
    func testHorizontalRay_VerticalPolarisationIsTEOnWallsAndTMOnTheFloor() {
        let wall = SurfaceReflection(material: concrete, axis: 0, carrierHertz: 60e9)
        let floor = SurfaceReflection(material: concrete, axis: 2, carrierHertz: 60e9)
        let d = Vector3(0.6, 0.8, 0)  // cos θ = 0.6 on the x-wall
        let onWall = wall.coefficient(incoming: d, outgoing: Vector3(-0.6, 0.8, 0), polarization: .vertical)
        let te = concrete.reflectionCoefficients(cosIncidence: 0.6, carrierHertz: 60e9).te
        XCTAssertEqual(onWall.real, te.real, accuracy: 1e-4)
        XCTAssertEqual(onWall.imaginary, te.imaginary, accuracy: 1e-4)
        let down = Vector3(0.8, 0, -0.6)  // cos θ = 0.6 on the floor
        let onFloor = floor.coefficient(incoming: down, outgoing: Vector3(0.8, 0, 0.6), polarization: .horizontal)
        XCTAssertEqual(onFloor.real, te.real, accuracy: 1e-4, "horizontal antennas see TE on the floor")
        let tmFloor = floor.coefficient(incoming: down, outgoing: Vector3(0.8, 0, 0.6), polarization: .vertical)
        let tm = concrete.reflectionCoefficients(cosIncidence: 0.6, carrierHertz: 60e9).tm
        XCTAssertEqual(tmFloor.length, tm.length, accuracy: 1e-4, "vertical antennas see TM on the floor")
    }
}
