import Environments
import GymCore

/// One client's batch of envs on the server: a ``VectorEnv`` of N copies with next-step autoreset.
final class Session {
    /// The id the client addresses the session by (unguessable, so it acts as a capability).
    let id: String
    /// The identity of the client that made it: quotas are counted, and the session may be used, under it.
    let owner: ClientIdentity
    /// The connection that made it or last used it (closed with it when it is cut off).
    var connection: [UInt8]
    /// When that connection disconnected (`DispatchTime` nanoseconds); `nil` while it is connected.
    var orphanedAt: UInt64?
    /// Reply bytes reserved against the server's outbound total: (queued replies per peer + 1) × reply size.
    var outboundReservation = 0
    /// The env id served.
    let envID: String
    /// The scenario name served.
    let scenario: String
    /// The envs.
    var envs: VectorEnv<AnyEnv<ProbeInfo>>
    /// Whether replies carry `infos`.
    let sendsInfos: Bool
    /// The seed for the first `reset` that names none (from `make`).
    var pendingSeed: UInt64?
    /// When ended episodes restart (`make` field `autoreset`).
    var autoreset: AutoresetMode = .nextStep
    /// Whether the session was reset at least once.
    var hasReset = false
    /// When the session last handled a request (`DispatchTime` nanoseconds).
    var lastUsed: UInt64

    /// Creates a session of `count` copies of `env`.
    init(
        id: String, owner: ClientIdentity, connection: [UInt8], envID: String, scenario: String, env: AnyEnv<ProbeInfo>, count: Int,
        sendsInfos: Bool, seed: UInt64?, now: UInt64
    ) {
        self.id = id
        self.owner = owner
        self.connection = connection
        self.envID = envID
        self.scenario = scenario
        self.envs = VectorEnv(Array(repeating: env, count: count))
        self.sendsInfos = sendsInfos
        self.pendingSeed = seed
        self.lastUsed = now
    }

    /// The number of envs.
    var count: Int { envs.count }

    /// An upper bound of the bytes of one `step` reply: header, tensors and infos (at most 512 bytes per env).
    var replyBytesEstimate: Int {
        let observations = count * envs.singleObservationSpace.shape.reduce(1, *) * 4
        return 512 + observations + count * 10 + (sendsInfos ? count * 512 : 0)
    }

    /// The descriptor of the batched observation tensor, `[N] + single shape`.
    var observationFrame: TensorFrame {
        TensorFrame(name: "obs", dtype: .f32, shape: [count] + envs.singleObservationSpace.shape)
    }

    /// The dtype and shape `step` expects for its `actions` tensor, as documented in the protocol.
    var actionFrame: TensorFrame {
        switch envs.singleActionSpace.described {
        case .discrete: return TensorFrame(name: "actions", dtype: .i64, shape: [count])
        case let .multiDiscrete(nvec): return TensorFrame(name: "actions", dtype: .i64, shape: [count, nvec.count])
        case .box, .dict:
            return TensorFrame(name: "actions", dtype: .f32, shape: [count, Self.flatSize(envs.singleActionSpace.described)])
        }
    }

    /// Decodes the `actions` tensor into one flat action per env.
    /// - Throws: ``WireFailure`` `bad_tensor` when dtype, shape or size do not fit the action space.
    func actions(from frame: TensorFrame, bytes: [UInt8]) throws(WireFailure) -> [FlatAction] {
        let expected = actionFrame
        guard frame.name == "actions" else {
            throw WireFailure(.badTensor, "step takes one tensor named 'actions', got '\(frame.name)'")
        }
        guard let dtype = frame.elementType else {
            throw WireFailure(.badTensor, "unknown dtype '\(frame.dtype)' (use one of f32 f64 i32 i64 u8 bool)")
        }
        guard frame.byteCount == bytes.count else {
            throw WireFailure(
                .badTensor, "actions frame holds \(bytes.count) bytes, its descriptor \(frame.shape) \(frame.dtype) "
                    + "needs \(frame.byteCount.map(String.init) ?? "an invalid number of")")
        }
        let wantsIntegers = expected.dtype == TensorDType.i64.rawValue
        let dtypeFits = wantsIntegers ? (dtype == .i64 || dtype == .i32) : dtype == .f32
        let shapeFits = frame.shape == expected.shape
            || (!wantsIntegers && frame.shape.first == count && frame.elementCount == expected.elementCount)
        guard dtypeFits && shapeFits else {
            throw WireFailure(
                .badTensor, "actions must be \(expected.dtype) of shape \(expected.shape) for "
                    + "\(envs.singleActionSpace), got \(frame.dtype) of shape \(frame.shape)")
        }
        let n = count
        return bytes.withUnsafeBytes { raw -> [FlatAction] in
            func integer(_ i: Int) -> Int {
                dtype == .i64
                    ? Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)))
                    : Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)))
            }
            switch envs.singleActionSpace.described {
            case .discrete:
                return (0..<n).map { .index(integer($0)) }
            case let .multiDiscrete(nvec):
                let k = nvec.count
                return (0..<n).map { i in .indices((0..<k).map { integer(i * k + $0) }) }
            case .box, .dict:
                let d = expected.shape[1]
                return (0..<n).map { i in
                    .values((0..<d).map { j in
                        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: (i * d + j) * 4, as: UInt32.self)))
                    })
                }
            }
        }
    }

    /// The number of floats a box or dict action flattens to.
    static func flatSize(_ description: SpaceDescription) -> Int {
        switch description {
        case let .box(low, _, _): return low.count
        case let .dict(entries): return entries.reduce(0) { $0 + flatSize($1.space) }
        case .discrete: return 1
        case let .multiDiscrete(nvec): return nvec.count
        }
    }
}
