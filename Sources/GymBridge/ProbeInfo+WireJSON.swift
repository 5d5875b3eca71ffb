import Environments

extension ProbeInfo {
    /// Appends the info as a JSON object, with the keys and values `JSONEncoder` would give it.
    ///
    /// `JSONEncoder` costs ~50 µs per info on Linux, more than a whole vector step of several envs; this writer
    /// costs ~1 µs. Non-finite numbers become the strings `"Infinity"`, `"-Infinity"`, `"NaN"`, as the server's
    /// encoder strategy does. `GymBridgeTests` checks that both encodings agree, so a new field cannot be missed.
    func appendWireJSON(to text: inout String) {
        text += "{\"trueX\":"
        Self.append(trueX, to: &text)
        text += ",\"trueY\":"
        Self.append(trueY, to: &text)
        text += ",\"estimateX\":"
        Self.append(estimateX, to: &text)
        text += ",\"estimateY\":"
        Self.append(estimateY, to: &text)
        text += ",\"errorMetres\":"
        Self.append(errorMetres, to: &text)
        text += ",\"errorRadius95Metres\":"
        Self.append(errorRadius95Metres, to: &text)
        text += ",\"informationGainNats\":"
        Self.append(informationGainNats, to: &text)
        text += ",\"costNats\":"
        Self.append(costNats, to: &text)
        text += ",\"energyJoules\":"
        Self.append(energyJoules, to: &text)
        text += detected ? ",\"detected\":true" : ",\"detected\":false"
        text += lineOfSight ? ",\"lineOfSight\":true" : ",\"lineOfSight\":false"
        text += ",\"outcome\":"
        text += JSONWriter.quoted(outcome.rawValue)
        text += ",\"probesUsed\":"
        text += String(probesUsed)
        text += trackStarted ? ",\"trackStarted\":true" : ",\"trackStarted\":false"
        text += ",\"nees\":"
        Self.append(nees, to: &text)
        text += ",\"targetAccuracyMetres\":"
        Self.append(targetAccuracyMetres, to: &text)
        text += ",\"covarianceXX\":"
        Self.append(covarianceXX, to: &text)
        text += ",\"covarianceXY\":"
        Self.append(covarianceXY, to: &text)
        text += ",\"covarianceYY\":"
        Self.append(covarianceYY, to: &text)
        text += "}"
    }

    /// Appends `value` as a JSON number (shortest round-trip form), or as a string when it is not finite.
    static func append(_ value: Double, to text: inout String) {
        if value.isFinite {
            text += value.description
        } else {
            text += value.isNaN ? "\"NaN\"" : (value > 0 ? "\"Infinity\"" : "\"-Infinity\"")
        }
    }

    /// The infos of a batch as one JSON list.
    static func wireJSON(_ infos: [ProbeInfo]) -> String {
        var text = "["
        text.reserveCapacity(infos.count * 330 + 2)
        for (index, info) in infos.enumerated() {
            if index > 0 { text += "," }
            info.appendWireJSON(to: &text)
        }
        text += "]"
        return text
    }
}
