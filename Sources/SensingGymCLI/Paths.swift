import ArgumentParser
import Foundation
import SensingGym

/// `sensing-gym paths`: the traced propagation paths of a scenario on a grid, with their complex coefficients.
///
/// What `Results/sionna/compare_sensinggym.py` compares with Sionna RT: per (AP, user) link, every path's
/// surface, length and coefficient (λ/4πd)·Γ·e^{−j2πd/λ} (free space and reflections only: no antenna gain,
/// no absorption), line of sight +(λ/4πd)·e^{−j2πd/λ}.
struct Paths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dump the traced paths of a scenario on a grid of user positions, with their complex coefficients.",
        discussion: """
            For the Sionna RT cross-check: bash Results/sionna/run.sh, then
            sensing-gym paths --scenario wrf-office-16x15 --polarization vertical > sg.json
            python3 Results/sionna/compare_sensinggym.py sg.json --pol V
            """)

    @Option(help: "Built-in scenario name or path to a scenario YAML file.")
    var scenario: String = ScenarioLibrary.defaultName

    @Option(help: "Antenna polarisation, vertical or horizontal (default: the scenario's).")
    var polarization: String?

    @Option(help: "Grid step, metres (between 0.05 and 10).")
    var grid: Double = 1.0

    @Option(help: "Distance of the grid from the walls, metres.")
    var inset: Double = 0.5

    func validate() throws {
        guard grid.isFinite, (0.05...10).contains(grid) else {
            throw ValidationError("--grid must be between 0.05 and 10 metres, got \(grid)")
        }
        guard inset.isFinite, inset >= 0 else { throw ValidationError("--inset must be ≥ 0, got \(inset)") }
        if let polarization, Polarization(rawValue: polarization) == nil {
            throw ValidationError("--polarization must be vertical or horizontal, got '\(polarization)'")
        }
    }

    func run() throws {
        var spec: Scenario
        do { spec = try ScenarioLibrary.resolve(scenario) } catch { throw CommandFailure("scenario: \(error)") }
        if let polarization { spec.radio.polarization = Polarization(rawValue: polarization) }
        let tracer = spec.tracer()
        let lambda = wavelengthMetres(carrierHertz: spec.radio.carrierHz)
        let k = 2 * Double.pi / lambda
        let lo = spec.room.min, hi = spec.room.max
        var xs: [Double] = [], ys: [Double] = []
        var x = lo.x + inset
        while x <= hi.x - inset + 1e-9 { xs.append(x); x += grid }
        var y = lo.y + inset
        while y <= hi.y - inset + 1e-9 { ys.append(y); y += grid }
        guard xs.count * ys.count <= 200_000 else {
            throw CommandFailure("the grid has \(xs.count * ys.count) points; use a larger --grid (at most 200 000)")
        }
        struct PathRecord: Encodable {
            var surface: String, lengthM: Double, re: Double, im: Double
            enum CodingKeys: String, CodingKey { case surface, re, im, lengthM = "length_m" }
        }
        struct Link: Encodable { var ap: Int, user: [Double], paths: [PathRecord] }
        struct Dump: Encodable { var scenario: String, polarization: String, carrierHz: Double, links: [Link]
            enum CodingKeys: String, CodingKey { case scenario, polarization, links, carrierHz = "carrier_hz" }
        }
        var links: [Link] = []
        var paths: [PropagationPath] = []
        for (ap, array) in spec.arrays.enumerated() {
            for px in xs {
                for py in ys {
                    let user = Vector3(px, py, spec.user.heightM)
                    tracer.trace(from: array.position, to: user, into: &paths)
                    let records = paths.map { p -> PathRecord in
                        let a = lambda / (4 * Double.pi * p.lengthMetres) * p.reflectionAmplitude
                        let phase = -k * p.lengthMetres
                        let (c, s) = (p.reflectionPhaseCosine, p.reflectionPhaseSine)
                        // a·e^{j arg Γ}·e^{−jkd}.
                        return PathRecord(
                            surface: p.lastSurface.map { "\($0)" } ?? "los", lengthM: p.lengthMetres,
                            re: a * (c * cos(phase) - s * sin(phase)), im: a * (s * cos(phase) + c * sin(phase)))
                    }
                    links.append(Link(ap: ap, user: [px, py, spec.user.heightM], paths: records))
                }
            }
        }
        let pol = (spec.radio.polarization ?? .vertical) == .vertical ? "V" : "H"
        print(try JSONText.encode(Dump(scenario: spec.name, polarization: pol, carrierHz: spec.radio.carrierHz, links: links)))
    }
}
