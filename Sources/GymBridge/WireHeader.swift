import Foundation

/// Frame 0 of a request: `{"v":1,"id":7,"op":"step","session":"…","tensors":[…]}` plus the op's fields.
///
/// Unknown fields are ignored (so later minor additions stay compatible); known fields must have the
/// documented JSON type, or the request is refused with `bad_header`. See `docs/PROTOCOL.md`.
///
/// ```swift
/// let header = try WireHeader.decode(Array(#"{"v":1,"id":1,"op":"ping"}"#.utf8))
/// ```
public struct WireHeader: Sendable, Codable, Equatable {
    /// The protocol version the client speaks (1).
    public var v: Int
    /// The request id, echoed in the reply (a non-negative integer).
    public var id: UInt64
    /// The operation: `hello`, `make`, `reset`, `step`, `close`, `ping` or `stats`.
    public var op: String
    /// The session the request addresses (`reset`, `step`, `close`).
    public var session: String?
    /// `make`: the env id, e.g. `BeamSelection-v1`.
    public var env: String?
    /// `make`: a built-in scenario name (default: the server's default scenario).
    public var scenario: String?
    /// `make`: the number of envs in the session (default 1).
    public var numEnvs: Int?
    /// `make`: the seed of the first reset; `reset`: env `i` is reseeded with `seed + i`.
    public var seed: UInt64?
    /// `reset`: one seed (or `null`: continue the stream) per env, instead of `seed`.
    public var seeds: [UInt64?]?
    /// `reset`: environment-specific numeric options.
    public var options: [String: Double]?
    /// `make` (protocol 1.1): registry options, string or number, in their text form (`0.2`, `64`, `wknn`).
    public var makeOptions: [String: String]?
    /// `make` (protocol 1.1): `next_step` (default) or `same_step` autoreset.
    public var autoreset: String?
    /// `make` (protocol 1.1): truncate episodes after this many steps (Gymnasium's `TimeLimit`).
    public var maxEpisodeSteps: Int?
    /// `make`: whether replies carry `infos` (default true).
    public var infos: Bool?
    /// Descriptors of the tensor frames that follow frame 0, in order.
    public var tensors: [TensorFrame]?

    enum CodingKeys: String, CodingKey {
        case v, id, op, session, env, scenario, seed, seeds, options, infos, tensors, autoreset
        case makeOptions = "make_options"
        case maxEpisodeSteps = "max_episode_steps"
        case numEnvs = "num_envs"
    }

    /// Creates a header.
    public init(
        v: Int = 1, id: UInt64, op: String, session: String? = nil, env: String? = nil, scenario: String? = nil,
        numEnvs: Int? = nil, seed: UInt64? = nil, seeds: [UInt64?]? = nil, options: [String: Double]? = nil,
        infos: Bool? = nil, tensors: [TensorFrame]? = nil, makeOptions: [String: String]? = nil,
        autoreset: String? = nil, maxEpisodeSteps: Int? = nil
    ) {
        self.v = v
        self.id = id
        self.op = op
        self.session = session
        self.env = env
        self.scenario = scenario
        self.numEnvs = numEnvs
        self.seed = seed
        self.seeds = seeds
        self.options = options
        self.infos = infos
        self.tensors = tensors
        self.makeOptions = makeOptions
        self.autoreset = autoreset
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    /// Parses frame 0, checking the version before anything else.
    /// - Returns: the header, or the failure to report together with whatever request id could be read.
    static func parse(_ bytes: [UInt8]) -> Result<WireHeader, ParseFailure> {
        let members: [String: WireJSON]
        do throws(WireFailure) {
            guard case .object(let object) = try WireJSON.parse(bytes) else {
                return .failure(ParseFailure(id: nil, failure: WireFailure(.badHeader, "frame 0 must be a JSON object")))
            }
            members = object
        } catch {
            return .failure(ParseFailure(id: nil, failure: error))
        }
        let id = members["id"]?.integer(UInt64.self)
        if let v = members["v"], let version = v.integer(Int.self), version != 1 {
            return .failure(ParseFailure(id: id, failure: Self.versionFailure(version)))
        }
        do throws(WireFailure) {
            return .success(try WireHeader(members))
        } catch {
            return .failure(ParseFailure(id: id, failure: error))
        }
    }

    /// Reads the known fields of a header object, checking each one's JSON type and range.
    private init(_ members: [String: WireJSON]) throws(WireFailure) {
        let fields = FieldReader(members: members)
        v = try fields.required("v") { $0.integer(Int.self) }
        id = try fields.required("id", "a non-negative integer") { $0.integer(UInt64.self) }
        op = try fields.required("op", "a string") { if case .string(let s) = $0 { s } else { nil } }
        session = try fields.optional("session", "a string") { if case .string(let s) = $0 { s } else { nil } }
        env = try fields.optional("env", "a string") { if case .string(let s) = $0 { s } else { nil } }
        scenario = try fields.optional("scenario", "a string") { if case .string(let s) = $0 { s } else { nil } }
        numEnvs = try fields.optional("num_envs", "an integer") { $0.integer(Int.self) }
        seed = try fields.optional("seed", "an integer in 0…2^64−1") { $0.integer(UInt64.self) }
        seeds = try fields.optional("seeds", "a list of integers in 0…2^64−1 or nulls") { value in
            guard case .array(let list) = value else { return nil }
            var seeds: [UInt64?] = []
            for element in list {
                if element == .null {
                    seeds.append(nil)
                } else if let seed = element.integer(UInt64.self) {
                    seeds.append(seed)
                } else {
                    return nil
                }
            }
            return seeds
        }
        if op == "make" {
            makeOptions = try fields.optional("options", "an object of strings and numbers") { value in
                guard case .object(let object) = value else { return nil }
                var options: [String: String] = [:]
                for (key, element) in object {
                    if case .string(let text) = element {
                        options[key] = text
                    } else if let integer = element.integer(Int64.self) {
                        options[key] = String(integer)
                    } else if let number = element.double, number.isFinite {
                        options[key] = number == number.rounded() && abs(number) < 1e15
                            ? String(Int64(number)) : String(number)
                    } else {
                        return nil
                    }
                }
                return options
            }
        }
        maxEpisodeSteps = try fields.optional("max_episode_steps", "an integer") { $0.integer(Int.self) }
        autoreset = try fields.optional("autoreset", "a string") { if case .string(let s) = $0 { s } else { nil } }
        options = try fields.optional("options", "an object of numbers") { value in
            guard op != "make" else { return [:] }
            guard case .object(let object) = value else { return nil }
            var options: [String: Double] = [:]
            for (key, element) in object {
                guard let number = element.double, number.isFinite else { return nil }
                options[key] = number
            }
            return options
        }
        infos = try fields.optional("infos", "a boolean") { if case .bool(let b) = $0 { b } else { nil } }
        tensors = try fields.optional("tensors", "a list of {\"name\", \"dtype\", \"shape\"} objects") { value in
            guard case .array(let list) = value else { return nil }
            var frames: [TensorFrame] = []
            for element in list {
                guard case .object(let object) = element, case .string(let name)? = object["name"],
                    case .string(let dtype)? = object["dtype"], case .array(let dimensions)? = object["shape"]
                else { return nil }
                var shape: [Int] = []
                for dimension in dimensions {
                    guard let size = dimension.integer(Int.self) else { return nil }
                    shape.append(size)
                }
                frames.append(TensorFrame(name: name, dtype: dtype, shape: shape))
            }
            return frames
        }
    }

    /// A header that did not parse, with the request id when it could be read.
    struct ParseFailure: Error {
        /// The request id, if frame 0 had a readable one.
        var id: UInt64?
        /// What to report.
        var failure: WireFailure
    }

    /// Typed access to header members, with `bad_header` failures that name the field.
    private struct FieldReader {
        let members: [String: WireJSON]

        func required<T>(_ key: String, _ expected: String = "an integer", _ convert: (WireJSON) -> T?)
            throws(WireFailure) -> T
        {
            guard let value = members[key] else { throw WireFailure(.badHeader, "missing field '\(key)'") }
            guard let converted = convert(value) else {
                throw WireFailure(.badHeader, "field '\(key)' must be \(expected)")
            }
            return converted
        }

        func optional<T>(_ key: String, _ expected: String, _ convert: (WireJSON) -> T?) throws(WireFailure) -> T? {
            guard let value = members[key], value != .null else { return nil }
            guard let converted = convert(value) else {
                throw WireFailure(.badHeader, "field '\(key)' must be \(expected)")
            }
            return converted
        }
    }

    private static func versionFailure(_ v: Int) -> WireFailure {
        WireFailure(.versionMismatch, "protocol version \(v) is not supported; this server speaks version 1")
    }
}
