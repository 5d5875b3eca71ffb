import Environments

extension RemoteEnv {
    /// The info a failed remote reset returns: every number NaN.
    static let unavailableInfo = ProbeInfo(
        trueX: .nan, trueY: .nan, estimateX: .nan, estimateY: .nan, errorRadius95Metres: .nan,
        informationGainNats: .nan, costNats: .nan, energyJoules: .nan, detected: false, lineOfSight: false,
        outcome: .reset, probesUsed: 0)

    /// The first entry of a reply's `infos`, decoded into a ``ProbeInfo``.
    static func firstInfo(_ reply: RemoteConnection.Reply) throws(RemoteEnvError) -> ProbeInfo {
        guard case .array(let infos)? = reply.header["infos"], case .object(let m)? = infos.first else {
            throw .malformedReply("the reply carries no infos")
        }
        func number(_ key: String) throws(RemoteEnvError) -> Double {
            switch m[key] {
            case .number(let text)?:
                if let value = Double(text) { return value }
            case .string("Infinity")?: return .infinity
            case .string("-Infinity")?: return -.infinity
            case .string("NaN")?: return .nan
            default: break
            }
            throw .malformedReply("info field '\(key)' is not a number")
        }
        func flag(_ key: String) throws(RemoteEnvError) -> Bool {
            guard case .bool(let value)? = m[key] else { throw .malformedReply("info field '\(key)' is not a boolean") }
            return value
        }
        guard case .string(let outcomeText)? = m["outcome"], let outcome = ProbeInfo.Outcome(rawValue: outcomeText),
            let probesUsed = m["probesUsed"]?.integer(Int.self)
        else { throw .malformedReply("info lacks outcome or probesUsed") }
        var info = ProbeInfo(
            trueX: try number("trueX"), trueY: try number("trueY"), estimateX: try number("estimateX"),
            estimateY: try number("estimateY"), errorRadius95Metres: try number("errorRadius95Metres"),
            informationGainNats: try number("informationGainNats"), costNats: try number("costNats"),
            energyJoules: try number("energyJoules"), detected: try flag("detected"),
            lineOfSight: try flag("lineOfSight"), outcome: outcome, probesUsed: probesUsed,
            trackStarted: m["trackStarted"] == nil ? false : try flag("trackStarted"),
            nees: m["nees"] == nil ? .nan : try number("nees"),
            targetAccuracyMetres: m["targetAccuracyMetres"] == nil ? .nan : try number("targetAccuracyMetres"))
        if m["covarianceXX"] != nil {
            info.covarianceXX = try number("covarianceXX")
            info.covarianceXY = try number("covarianceXY")
            info.covarianceYY = try number("covarianceYY")
        }
        return info
    }
}
