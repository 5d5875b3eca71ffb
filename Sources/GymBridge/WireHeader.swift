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
    /// `make`: the env id, e.g. `BeamSelection-v0`.
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
    /// `make`: whether replies carry `infos` (default true).
    public var infos: Bool?
    /// Descriptors of the tensor frames that follow frame 0, in order.
    public var tensors: [TensorFrame]?

    enum CodingKeys: String, CodingKey {
        case v, id, op, session, env, scenario, seed, seeds, options, infos, tensors
        case numEnvs = "num_envs"
    }

    /// Creates a header.
    public init(
        v: Int = 1, id: UInt64, op: String, session: String? = nil, env: String? = nil, scenario: String? = nil,
        numEnvs: Int? = nil, seed: UInt64? = nil, seeds: [UInt64?]? = nil, options: [String: Double]? = nil,
        infos: Bool? = nil, tensors: [TensorFrame]? = nil
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
    }

    /// Parses frame 0, checking the version before anything else.
    /// - Returns: the header, or the failure to report together with whatever request id could be read.
    static func parse(_ bytes: [UInt8], decoder: JSONDecoder) -> Result<WireHeader, ParseFailure> {
        do {
            let header = try decoder.decode(WireHeader.self, from: Data(bytes))
            guard header.v == 1 else {
                return .failure(ParseFailure(id: header.id, failure: Self.versionFailure(header.v)))
            }
            return .success(header)
        } catch {
            let envelope = (try? decoder.decode(Envelope.self, from: Data(bytes))) ?? Envelope()
            if let v = envelope.v, v != 1 {
                return .failure(ParseFailure(id: envelope.id, failure: Self.versionFailure(v)))
            }
            return .failure(ParseFailure(id: envelope.id, failure: WireFailure(.badHeader, Self.explain(error))))
        }
    }

    /// A header that did not parse, with the request id when it could be read.
    struct ParseFailure: Error {
        /// The request id, if frame 0 had a readable one.
        var id: UInt64?
        /// What to report.
        var failure: WireFailure
    }

    /// Reads `v` and `id` from a header that failed full decoding, ignoring everything else.
    private struct Envelope: Decodable {
        var v: Int?
        var id: UInt64?

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try? decoder.container(keyedBy: CodingKeys.self)
            v = try? container?.decodeIfPresent(Int.self, forKey: .v)
            id = try? container?.decodeIfPresent(UInt64.self, forKey: .id)
        }
    }

    private static func versionFailure(_ v: Int) -> WireFailure {
        WireFailure(.versionMismatch, "protocol version \(v) is not supported; this server speaks version 1")
    }

    /// Names the field and the problem of a decoding error, without echoing the input.
    private static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "frame 0 is not a JSON object" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "frame 0" : "field '" + keys.joined(separator: ".") + "'"
        }
        switch error {
        case let .keyNotFound(key, context):
            let parent = path(context)
            return parent == "frame 0" ? "missing field '\(key.stringValue)'" : "\(parent): missing '\(key.stringValue)'"
        case let .typeMismatch(type, context): return "\(path(context)) must be \(Self.jsonType(type))"
        case let .valueNotFound(type, context): return "\(path(context)) must be \(Self.jsonType(type)), not null"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty
                ? "frame 0 is not valid UTF-8 JSON" : "\(path(context)) is out of range or malformed"
        @unknown default: return "frame 0 is malformed"
        }
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is UInt64.Type, is UInt64?.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return "of the documented type"
        }
    }
}
