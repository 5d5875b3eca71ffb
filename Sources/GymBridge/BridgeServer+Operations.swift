import Environments
import Foundation
import GymCore
import RadioScene

// MARK: - The ops of protocol v1 (see docs/PROTOCOL.md)

extension BridgeServer {
    /// `hello`: protocol and server versions, env ids, scenarios and limits.
    func hello(_ header: WireHeader, tensors: [[UInt8]]) throws(WireFailure) -> BridgeReply {
        try expectNoTensors(header, tensors)
        var reply = BridgeReply()
        reply.header.add("protocol", Self.protocolVersion)
        reply.header.add("protocol_minor", Self.protocolMinorVersion)
        reply.header.add("server", "sensing-gym/\(configuration.serverVersion)")
        reply.header.add("envs", strings: configuration.registry.ids)
        reply.header.add("scenarios", strings: configuration.scenarios)
        reply.header.add("default_scenario", configuration.defaultScenario)
        reply.header.add("env_options", json: envOptionsJSON())
        reply.header.add("autoreset_modes", strings: AutoresetMode.allCases.map(\.rawValue))
        var limits = JSONWriter()
        limits.add("max_sessions_per_client", configuration.maxSessionsPerClient)
        limits.add("max_envs_per_client", configuration.maxEnvsPerClient)
        limits.add("max_sessions", configuration.maxSessions)
        limits.add("max_envs_per_session", configuration.maxEnvsPerSession)
        limits.add("max_total_envs", configuration.maxTotalEnvs)
        limits.add("max_header_bytes", configuration.maxHeaderBytes)
        limits.add("max_frames", configuration.maxFrames)
        limits.add("max_frame_bytes", configuration.maxFrameBytes)
        limits.add("max_reply_bytes", configuration.maxReplyBytes)
        limits.add("max_queued_replies", configuration.maxQueuedRepliesPerPeer)
        limits.add("idle_timeout_s", json: String(configuration.idleTimeoutSeconds))
        reply.header.add("limits", json: String(decoding: limits.finish(), as: UTF8.self))
        return reply
    }

    /// `ping`: an empty success, for liveness checks and latency measurement.
    func ping(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        try expectNoTensors(header, tensors)
        if let id = header.session, let session = sessions[id], session.owner == caller.client {
            adopt(session, by: caller)
        }
        return BridgeReply()
    }

    /// `stats`: the caller's own sessions and envs, and the server-wide counters (requests, errors by code,
    /// reaped sessions, cut-off connections); never another client's sessions.
    func stats(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        try expectNoTensors(header, tensors)
        var counters = currentStatistics
        counters.sessions = sessionsByClient[caller.client] ?? 0
        counters.envs = envsByClient[caller.client] ?? 0
        var reply = BridgeReply()
        reply.header.add("stats", json: counters.json)
        return reply
    }

    /// `make`: creates a session of `num_envs` copies of `env` on `scenario`, and describes its spaces.
    func make(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        let client = caller.client
        try expectNoTensors(header, tensors)
        guard let envID = header.env else { throw WireFailure(.badHeader, "make needs the field 'env'") }
        guard configuration.registry.contains(envID) else {
            throw WireFailure(
                .unknownEnv,
                "no env '\(envID.prefix(64))'; this server offers \(configuration.registry.ids.joined(separator: ", "))")
        }
        let scenario = header.scenario ?? configuration.defaultScenario
        guard configuration.scenarios.contains(scenario) else {
            throw WireFailure(
                .badScenario,
                "no scenario '\(scenario.prefix(64))'; this server offers \(configuration.scenarios.joined(separator: ", "))")
        }
        let count = header.numEnvs ?? 1
        guard count >= 1 else { throw WireFailure(.badHeader, "num_envs must be at least 1, got \(count)") }
        guard count <= configuration.maxEnvsPerSession else {
            throw WireFailure(
                .limitExceeded, "num_envs \(count) exceeds this server's limit of \(configuration.maxEnvsPerSession)")
        }
        let held = sessionsByClient[client] ?? 0
        guard held < configuration.maxSessionsPerClient else {
            throw WireFailure(
                .limitExceeded,
                "this client (\(client)) already holds \(held) sessions (limit \(configuration.maxSessionsPerClient) "
                    + "per client over all its connections); close one first")
        }
        let heldEnvs = envsByClient[client] ?? 0
        guard heldEnvs + count <= configuration.maxEnvsPerClient else {
            throw WireFailure(
                .limitExceeded,
                "this client (\(client)) holds \(heldEnvs) envs; \(count) more would pass the limit of "
                    + "\(configuration.maxEnvsPerClient) per client")
        }
        guard sessions.count < configuration.maxSessions else {
            throw WireFailure(.limitExceeded, "the server holds its limit of \(configuration.maxSessions) sessions")
        }
        guard totalEnvs + count <= configuration.maxTotalEnvs else {
            throw WireFailure(
                .limitExceeded,
                "the server holds \(totalEnvs) envs; \(count) more would pass its limit of \(configuration.maxTotalEnvs)")
        }
        let kwargs = header.makeOptions ?? [:]
        let declared = configuration.registry.options(of: envID)
        if let unknown = kwargs.keys.sorted().first(where: { declared[$0] == nil }) {
            let allowed = declared.isEmpty
                ? "it takes none" : "it takes " + declared.keys.sorted().map { "\($0) (\(declared[$0] ?? ""))" }.joined(separator: "; ")
            throw WireFailure(.badOption, "\(envID) has no option '\(unknown.prefix(64))'; \(allowed)")
        }
        let autoreset: AutoresetMode
        if let text = header.autoreset {
            guard let mode = AutoresetMode(rawValue: text) else {
                throw WireFailure(
                    .badHeader, "autoreset must be one of \(AutoresetMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            autoreset = mode
        } else {
            autoreset = .nextStep
        }
        if let steps = header.maxEpisodeSteps, steps < 1 {
            throw WireFailure(.badHeader, "max_episode_steps must be at least 1, got \(steps)")
        }
        var env: AnyEnv<ProbeInfo>
        do {
            env = try configuration.registry.make(EnvSpec(id: envID, scenario: scenario, kwargs: kwargs))
        } catch let error as ScenarioError {
            throw WireFailure(.badScenario, "\(error)")
        } catch let error as RegistryError {
            throw WireFailure(.badOption, "\(error)")
        } catch {
            throw WireFailure(.internal, "could not make \(envID) on \(scenario): \(error)")
        }
        if let steps = header.maxEpisodeSteps { env = AnyEnv(TimeLimit(env, maxEpisodeSteps: steps), id: envID) }
        let session = Session(
            id: newSessionID(), owner: client, connection: caller.connection, envID: envID, scenario: scenario, env: env, count: count,
            sendsInfos: header.infos ?? true, seed: header.seed, now: Self.now())
        session.autoreset = autoreset
        try checkOutboundBudget(of: session)
        sessions[session.id] = session
        sessionsByClient[client, default: 0] += 1
        envsByClient[client, default: 0] += count
        totalEnvs += count
        reservedOutboundBytes += session.outboundReservation

        var reply = BridgeReply()
        reply.header.add("session", session.id)
        reply.header.add("env", envID)
        reply.header.add("scenario", scenario)
        reply.header.add("num_envs", count)
        reply.header.add("infos", session.sendsInfos)
        reply.header.add("observation_space", json: encodeSpace(session.envs.singleObservationSpace.spaceDescription))
        reply.header.add("action_space", json: encodeSpace(session.envs.singleActionSpace.described))
        reply.header.add("action_tensor", json: session.actionFrame.json)
        reply.header.add("options", json: stringObjectJSON(kwargs))
        reply.header.add("autoreset", autoreset.rawValue)
        if let steps = header.maxEpisodeSteps { reply.header.add("max_episode_steps", steps) }
        if let scene = try? ScenarioLibrary.resolve(scenario) {
            reply.header.add("scene", json: scene.sceneDescriptionJSON)
        }
        return reply
    }

    /// `reset`: resets every env (env `i` with `seed + i`, or `seeds[i]`), returning `obs` and `infos`.
    func reset(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        try expectNoTensors(header, tensors)
        let session = try lookUp(header, caller: caller)
        let n = session.count
        var seeds: [UInt64?]
        switch (header.seed, header.seeds) {
        case (.some, .some): throw WireFailure(.badHeader, "reset takes 'seed' or 'seeds', not both")
        case let (.some(seed), nil): seeds = (0..<n).map { seed &+ UInt64($0) }
        case let (nil, .some(list)):
            guard list.count == n else {
                throw WireFailure(.badHeader, "reset of \(n) envs got \(list.count) seeds")
            }
            seeds = list
        case (nil, nil):
            let seed = session.pendingSeed
            seeds = (0..<n).map { i in seed.map { $0 &+ UInt64(i) } }
        }
        session.pendingSeed = nil
        session.envs.reset(seeds: seeds, options: ResetOptions(header.options ?? [:]))
        session.hasReset = true
        var reply = BridgeReply()
        reply.tensors.append((session.observationFrame, .floats(session.envs.observations)))
        addInfos(of: session, to: &reply)
        return reply
    }

    /// `step`: steps every env with its action (autoresetting those whose episode ended on the previous step).
    func step(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        let session = try lookUp(header, caller: caller)
        guard let descriptors = header.tensors, descriptors.count == 1, tensors.count == 1 else {
            throw WireFailure(.badTensor, "step takes exactly one tensor frame, 'actions'")
        }
        let actions = try session.actions(from: descriptors[0], bytes: tensors[0])
        guard session.hasReset else {
            throw WireFailure(.needsReset, "session \(session.id) was never reset; send reset before step")
        }
        do {
            try session.envs.step(actions)
        } catch {
            switch error {
            case .invalidAction(let message): throw WireFailure(.badAction, message)
            case .needsReset(let message): throw WireFailure(.needsReset, message)
            }
        }
        var finals: (observations: [Float], infos: [ProbeInfo])? = nil
        if session.autoreset == .sameStep {
            finals = takeFinalsAndReset(session)
        }
        let n = session.count
        var reply = BridgeReply()
        reply.tensors.append((session.observationFrame, .floats(session.envs.observations)))
        reply.tensors.append((TensorFrame(name: "rewards", dtype: .f64, shape: [n]), .doubles(session.envs.rewards)))
        reply.tensors.append(
            (TensorFrame(name: "terminated", dtype: .bool, shape: [n]), .bools(session.envs.terminated)))
        reply.tensors.append((TensorFrame(name: "truncated", dtype: .bool, shape: [n]), .bools(session.envs.truncated)))
        addInfos(of: session, to: &reply)
        if let finals {
            let shape = session.envs.singleObservationSpace.shape
            let ended = finals.observations.count / max(1, session.envs.singleObservationSpace.size)
            reply.tensors.append(
                (TensorFrame(name: "final_obs", dtype: .f32, shape: [ended] + shape), .floats(finals.observations)))
            if session.sendsInfos { reply.header.add("final_infos", json: ProbeInfo.wireJSON(finals.infos)) }
        }
        reserveOutbound(for: reply, of: session)
        return reply
    }

    /// For a `same_step` session: the final observations and infos of the envs whose episode ended on this step
    /// (in env order), then those envs reset, so `obs` and `infos` carry their new episodes' first ones.
    private func takeFinalsAndReset(_ session: Session) -> (observations: [Float], infos: [ProbeInfo]) {
        var observations: [Float] = []
        var infos: [ProbeInfo] = []
        for i in 0..<session.count where session.envs.terminated[i] || session.envs.truncated[i] {
            observations.append(contentsOf: session.envs.observation(i))
            if session.sendsInfos { infos.append(session.envs.infos[i]) }
        }
        if !observations.isEmpty { session.envs.resetEndedEpisodes() }
        return (observations, infos)
    }

    /// `close`: frees the session.
    func close(_ header: WireHeader, tensors: [[UInt8]], caller: Caller) throws(WireFailure) -> BridgeReply {
        try expectNoTensors(header, tensors)
        let session = try lookUp(header, caller: caller)
        removeSession(session)
        return BridgeReply()
    }

    // MARK: - Helpers

    private func expectNoTensors(_ header: WireHeader, _ tensors: [[UInt8]]) throws(WireFailure) {
        guard tensors.isEmpty else {
            throw WireFailure(.badTensor, "\(header.op) takes no tensor frames, got \(tensors.count)")
        }
    }

    /// The session a request names, if it belongs to the caller's identity (a session is usable only by the
    /// client that made it, from any of its connections).
    private func lookUp(_ header: WireHeader, caller: Caller) throws(WireFailure) -> Session {
        guard let id = header.session else { throw WireFailure(.badHeader, "\(header.op) needs the field 'session'") }
        guard let session = sessions[id], session.owner == caller.client else {
            throw WireFailure(
                .unknownSession, "no session '\(id.prefix(64))' (never made, closed, or reaped after being idle)")
        }
        adopt(session, by: caller)
        return session
    }

    /// Marks `session` used now by the caller's connection (a reconnected client takes its sessions back).
    private func adopt(_ session: Session, by caller: Caller) {
        session.lastUsed = Self.now()
        session.orphanedAt = nil
        if session.connection != caller.connection { session.connection = caller.connection }
    }

    /// Checks that `session`'s tensors fit the frame and reply limits and reserves its outbound bytes.
    /// - Throws: ``WireFailure`` `limit_exceeded` naming the limit.
    private func checkOutboundBudget(of session: Session) throws(WireFailure) {
        if let actionBytes = session.actionFrame.byteCount, actionBytes > configuration.maxFrameBytes {
            throw WireFailure(
                .limitExceeded, "the actions of \(session.count) \(session.envID) envs take \(actionBytes) bytes, over "
                    + "this server's frame limit of \(configuration.maxFrameBytes) (serve --max-frame-bytes)")
        }
        let reply = session.replyBytesEstimate
        guard reply <= configuration.maxReplyBytes else {
            throw WireFailure(
                .limitExceeded, "a step of \(session.count) \(session.envID) envs replies up to \(reply) bytes, over "
                    + "this server's limit of \(configuration.maxReplyBytes) (serve --max-reply-bytes); use fewer envs")
        }
        let reservation = reply * (configuration.maxQueuedRepliesPerPeer + 1)
        guard reservedOutboundBytes + reservation <= configuration.maxOutboundBytes else {
            throw WireFailure(
                .limitExceeded, "the server's outbound budget of \(configuration.maxOutboundBytes) bytes is reserved by "
                    + "open sessions (serve --max-outbound-bytes); this one needs \(reservation)")
        }
        session.outboundReservation = reservation
    }

    /// Raises the session's outbound reservation when a reply turned out larger than estimated at `make`.
    private func reserveOutbound(for reply: BridgeReply, of session: Session) {
        let needed = reply.byteCount * (configuration.maxQueuedRepliesPerPeer + 1)
        guard needed > session.outboundReservation else { return }
        reservedOutboundBytes += needed - session.outboundReservation
        session.outboundReservation = needed
    }

    private func addInfos(of session: Session, to reply: inout BridgeReply) {
        guard session.sendsInfos else { return }
        reply.header.add("infos", json: ProbeInfo.wireJSON(session.envs.infos))
    }

    /// `{"BeamSelection-v1":{"estimator":"…"},…}`: each env's registry options and the values they take.
    private func envOptionsJSON() -> String {
        var writer = JSONWriter()
        for id in configuration.registry.ids {
            writer.add(id, json: stringObjectJSON(configuration.registry.options(of: id)))
        }
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    private func stringObjectJSON(_ object: [String: String]) -> String {
        var writer = JSONWriter()
        for key in object.keys.sorted() { writer.add(key, object[key] ?? "") }
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    private func encodeSpace(_ description: SpaceDescription) -> String {
        guard let data = try? spaceEncoder.encode(description) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private func newSessionID() -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let raw = String(generator.next() as UInt64, radix: 16)
            let id = "s" + String(repeating: "0", count: 16 - raw.count) + raw
            if sessions[id] == nil { return id }
        }
    }
}
