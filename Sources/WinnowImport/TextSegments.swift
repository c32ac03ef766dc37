import WinnowCore

/// A sentence written as the pieces its entity annotations cut it into, as SNIPS's and Dialogflow's training data
/// write it (Dialogflow CX's `parts`): `"data": [{"text": "book a table at "}, {"text": "Luigi's", "entity":
/// "restaurant"}, {"text": " tonight"}]`. The pieces joined as they are written are the record's `text`; the
/// annotated ones are kept as `entities` (`[{"text": "Luigi's", "entity": "restaurant"}]`).
enum TextSegments {
    /// Names of a list of pieces (compared after ``FieldMapping/matchingKey(_:)``).
    static let names: Set<String> = ["data", "segments", "parts"].map(FieldMapping.matchingKey).reduce(into: []) {
        $0.insert($1)
    }
    /// The members a piece may have beside its `text`: the annotation's entity or slot, alias and meta
    /// (Dialogflow's `@sys.date`), and whether a person wrote it.
    static let annotationKeys: Set<String> = ["entity", "slot_name", "alias", "meta", "user_defined", "parameter_id"]

    /// `object` with the pieces at `key` joined into `text` and their annotations kept as `entities`; nil when
    /// `key` holds no list of pieces: a non-empty array of objects, each with a string `text` and annotation
    /// members only, one at least annotated when there are several (a list of texts alone is messages, not pieces).
    static func joined(_ object: JSONObject, key: String) -> JSONObject? {
        guard case .array(let values)? = object[key], !values.isEmpty else { return nil }
        var text = ""
        var entities: [JSONValue] = []
        var annotated = false
        for value in values {
            guard case .object(let piece) = value, case .string(let part)? = piece["text"],
                piece.keys.allSatisfy({ $0 == "text" || annotationKeys.contains(FieldMapping.normaliseKey($0)) })
            else { return nil }
            text += part
            annotated = annotated || piece.count > 1
            let entity =
                piece["entity"] ?? piece["slot_name"] ?? piece["alias"] ?? piece["parameterId"] ?? piece["meta"]
            if let entity, entity.scalarText?.isEmpty == false {
                entities.append(
                    .object(JSONObject(membersWithDistinctKeys: [("text", .string(part)), ("entity", entity)])))
            }
        }
        guard annotated || values.count == 1 else { return nil }
        var result = JSONObject()
        for member in object.members {
            if member.key == key {
                result["text"] = .string(text)
                if !entities.isEmpty, object["entities"] == nil { result["entities"] = .array(entities) }
            } else {
                result[member.key] = member.value
            }
        }
        return result
    }
}
