import Environments
import GymCore

/// A SensingGym environment served by `sensing-gym serve` (another process or machine), as a local ``Env``.
///
/// Each `RemoteEnv` owns one server session of one env over its own DEALER socket; every request waits at most
/// `timeout` seconds. The same seed gives the same episode as the in-process env, bit for bit.
///
/// `Env.reset` cannot throw, so a failed remote reset fills the observation with NaN, records the failure in
/// ``lastError`` and makes the next ``step(_:into:)`` throw ``EnvError/needsReset(_:)``; call ``connectReset(seed:options:)``
/// to get the error instead. A failed step (timeout, lost session) throws ``EnvError/needsReset(_:)`` naming the
/// cause, and ``lastError`` holds it. Copies of a `RemoteEnv` share its session (it is a handle, not a value):
/// make one `RemoteEnv` per env.
///
/// ```swift
/// var env = try RemoteEnv(endpoint: "tcp://127.0.0.1:5555", env: "BeamSelection-v1")
/// let (observation, info) = env.reset(seed: 1)
/// let result = try env.step(.index(3))
/// env.close()
/// ```
public struct RemoteEnv: Env {
    /// Actions in the flat wire form, checked locally against the served action space before they are sent.
    public typealias ActionSpace = FlatActionSpace

    /// The served env's observation space.
    public let observationSpace: Box
    /// The served env's action space.
    public let actionSpace: FlatActionSpace
    /// The server-side session id.
    public let session: String
    /// The scenario the server made the env on.
    public let scenario: String
    /// The last remote failure, if any (cleared by a successful reset).
    public var lastError: RemoteEnvError? { state.lastError }

    private let connection: RemoteConnection
    private let state: RemoteEnvState

    /// Connects to `endpoint` and makes a session of one `env` on `scenario` (the server's default when `nil`).
    /// - Parameters:
    ///   - options: the env's registry options (`["action": "phases"]`), sent with `make` (protocol 1.1).
    ///   - timeout: seconds each request may wait for its reply.
    ///   - curveServerKey: the server's Z85 CURVE public key, for servers bound with CURVE.
    /// - Throws: ``RemoteEnvError`` (e.g. `.server(code: "unknown_env", …)`, `.server(code: "bad_option", …)`).
    public init(
        endpoint: String, env: String, scenario: String? = nil, options: [String: String] = [:], timeout: Double = 30,
        curveServerKey: String? = nil
    ) throws(RemoteEnvError) {
        connection = try RemoteConnection(endpoint: endpoint, timeoutSeconds: timeout, curveServerKey: curveServerKey)
        var fields = "\"env\":\(JSONWriter.quoted(env)),\"num_envs\":1,\"infos\":true"
        if let scenario { fields += ",\"scenario\":\(JSONWriter.quoted(scenario))" }
        if !options.isEmpty {
            var writer = JSONWriter()
            for key in options.keys.sorted() { writer.add(key, options[key] ?? "") }
            fields += ",\"options\":" + String(decoding: writer.finish(), as: UTF8.self)
        }
        let reply = try connection.request("make", fields)
        guard case .string(let session)? = reply.header["session"],
            case .string(let scenario)? = reply.header["scenario"],
            let observation = reply.header["observation_space"].flatMap(Self.space),
            case .box(let low, let high, let shape) = observation,
            let action = reply.header["action_space"].flatMap(Self.space)
        else { throw .malformedReply("make reply lacks session, scenario or spaces") }
        self.session = session
        self.scenario = scenario
        observationSpace = Box(low: low, high: high, shape: shape)
        actionSpace = FlatActionSpace(action)
        state = RemoteEnvState()
    }

    // MARK: - Env

    /// Starts an episode on the server (see ``Env/reset(seed:options:into:)``); on failure see the type's notes.
    public mutating func reset(
        seed: UInt64?, options: ResetOptions, into observation: UnsafeMutableBufferPointer<Float>
    ) -> ProbeInfo {
        do throws(RemoteEnvError) {
            let reply = try connection.request("reset", resetFields(seed: seed, options: options))
            try copyObservation(reply, into: observation)
            state.lastError = nil
            state.episodeOver = false
            return try Self.firstInfo(reply)
        } catch {
            state.lastError = error
            state.episodeOver = true
            for i in observation.indices { observation[i] = .nan }
            return Self.unavailableInfo
        }
    }

    /// Steps the remote env (see ``Env/step(_:into:)``).
    /// - Throws: ``EnvError/invalidAction(_:)`` for an action outside ``actionSpace`` (checked before sending);
    ///   ``EnvError/needsReset(_:)`` after the episode ended, or when the server is unreachable or lost the session.
    public mutating func step(
        _ action: FlatAction, into observation: UnsafeMutableBufferPointer<Float>
    ) throws(EnvError) -> Transition<ProbeInfo> {
        let checked = try actionSpace.element(from: action)
        guard !state.episodeOver else {
            let cause = state.lastError.map { " (last remote failure: \($0))" } ?? ""
            throw .needsReset("RemoteEnv: the episode ended; call reset before stepping again\(cause)")
        }
        do throws(RemoteEnvError) {
            let (descriptor, payload) = Self.actionTensor(checked)
            let reply = try connection.request(
                "step", "\"session\":\(JSONWriter.quoted(session)),\"tensors\":[\(descriptor.json)]",
                tensors: [payload])
            guard reply.frames.count == 4, reply.frames[1].count == 8, reply.frames[2].count == 1,
                reply.frames[3].count == 1
            else { throw RemoteEnvError.malformedReply("a step reply carries obs, rewards, terminated, truncated") }
            try copyObservation(reply, into: observation)
            let reward = reply.frames[1].withUnsafeBytes {
                Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)))
            }
            let terminated = reply.frames[2][0] != 0
            let truncated = reply.frames[3][0] != 0
            state.episodeOver = terminated || truncated
            return Transition(
                reward: reward, terminated: terminated, truncated: truncated, info: try Self.firstInfo(reply))
        } catch {
            state.lastError = error
            if case .server(code: "bad_action", let message) = error { throw .invalidAction(message) }
            state.episodeOver = true
            throw .needsReset("RemoteEnv: \(error); reset once the server is reachable")
        }
    }

    /// Resets and returns the first observation and info, throwing the remote failure instead of hiding it.
    /// - Throws: ``RemoteEnvError``.
    public mutating func connectReset(seed: UInt64? = nil, options: ResetOptions = .none) throws(RemoteEnvError)
        -> (observation: [Float], info: ProbeInfo)
    {
        let result = reset(seed: seed, options: options)
        if let error = state.lastError { throw error }
        return result
    }

    /// Frees the server session (best effort: waits at most one second).
    public func close() {
        _ = try? connection.request(
            "close", "\"session\":\(JSONWriter.quoted(session))",
            timeoutMilliseconds: min(connection.timeoutMilliseconds, 1000))
        state.episodeOver = true
    }

    // MARK: - Wire helpers

    private func resetFields(seed: UInt64?, options: ResetOptions) -> String {
        var fields = "\"session\":\(JSONWriter.quoted(session))"
        if let seed { fields += ",\"seed\":\(seed)" }
        if !options.values.isEmpty {
            var writer = JSONWriter()
            for (key, value) in options.values.sorted(by: { $0.key < $1.key }) where value.isFinite {
                writer.add(key, json: value.description)
            }
            fields += ",\"options\":" + String(decoding: writer.finish(), as: UTF8.self)
        }
        return fields
    }

    private func copyObservation(_ reply: RemoteConnection.Reply, into observation: UnsafeMutableBufferPointer<Float>)
        throws(RemoteEnvError)
    {
        guard let frame = reply.frames.first, frame.count == observation.count * 4 else {
            throw .malformedReply("the obs frame does not hold \(observation.count) float32 values")
        }
        frame.withUnsafeBytes { raw in
            for i in 0..<observation.count {
                observation[i] = Float(
                    bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            }
        }
    }

    private static func actionTensor(_ action: FlatAction) -> (TensorFrame, [UInt8]) {
        switch action {
        case .index(let i):
            return (TensorFrame(name: "actions", dtype: .i64, shape: [1]), bytes(of: [Int64(i).littleEndian]))
        case .indices(let v):
            return (
                TensorFrame(name: "actions", dtype: .i64, shape: [1, v.count]),
                bytes(of: v.map { Int64($0).littleEndian })
            )
        case .values(let v):
            return (
                TensorFrame(name: "actions", dtype: .f32, shape: [1, v.count]),
                bytes(of: v.map { $0.bitPattern.littleEndian })
            )
        }
    }

    private static func bytes<T>(of values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    /// A description from its JSON form (the inverse of `SpaceDescription`'s encoding).
    static func space(_ json: WireJSON) -> SpaceDescription? {
        guard case .object(let members) = json, case .string(let type)? = members["type"] else { return nil }
        func integers(_ key: String) -> [Int]? {
            guard case .array(let list)? = members[key] else { return nil }
            let values = list.compactMap { $0.integer(Int.self) }
            return values.count == list.count ? values : nil
        }
        func floats(_ key: String) -> [Float]? {
            guard case .array(let list)? = members[key] else { return nil }
            let values = list.compactMap { $0.double.map(Float.init) }
            return values.count == list.count ? values : nil
        }
        switch type {
        case "Discrete":
            guard let n = members["n"]?.integer(Int.self), n > 0 else { return nil }
            return .discrete(n: n, start: members["start"]?.integer(Int.self) ?? 0)
        case "MultiDiscrete":
            return integers("nvec").map { .multiDiscrete(nvec: $0) }
        case "Box":
            guard let low = floats("low"), let high = floats("high"), let shape = integers("shape"),
                low.count == high.count, shape.reduce(1, *) == low.count, zip(low, high).allSatisfy({ $0 <= $1 })
            else { return nil }
            let unbounded = Float.greatestFiniteMagnitude
            return .box(
                low: low.map { $0 <= -unbounded ? -.infinity : $0 }, high: high.map { $0 >= unbounded ? .infinity : $0 },
                shape: shape)
        case "Dict":
            guard case .array(let entries)? = members["spaces"] else { return nil }
            var result: [(key: String, space: SpaceDescription)] = []
            for entry in entries {
                guard case .object(let fields) = entry, case .string(let key)? = fields["key"],
                    let space = fields["space"].flatMap(Self.space)
                else { return nil }
                result.append((key, space))
            }
            return .dict(result)
        default:
            return nil
        }
    }
}
