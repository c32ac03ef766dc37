import WinnowCore

/// A JSON:API resource object, as Kustomer's API writes each message: `{"type": "message", "id": "k1",
/// "attributes": {"direction": "in", "preview": "..."}, "relationships": {"conversation": {"data": {"type":
/// "conversation", "id": "c1"}}}}`. Read as the flat record it describes: its `id` and `type`, its attributes as
/// fields, each relationship to one resource as that resource's id (`conversation_id`), its `links` and `meta` kept.
enum JSONAPIResource {
    /// The members a resource object may have beside its `type` and `attributes`.
    static let members: Set<String> = ["type", "id", "lid", "attributes", "relationships", "links", "meta"]

    /// `object` flattened, when it is a resource object (a string `type`, an object of `attributes`, no member the
    /// specification does not name); nil otherwise.
    static func flattened(_ object: JSONObject) -> JSONObject? {
        guard case .string? = object["type"], case .object(let attributes)? = object["attributes"],
            object.keys.allSatisfy(members.contains)
        else { return nil }
        var record = JSONObject()
        for key in ["id", "lid", "type"] {
            if let value = object[key] { record[key] = value }
        }
        for member in attributes.members where record[member.key] == nil { record[member.key] = member.value }
        if case .object(let relationships)? = object["relationships"] {
            for relationship in relationships.members {
                guard let id = relationship.value.objectValue?["data"]?.objectValue?["id"], id.scalarText != nil
                else { continue }
                let key = relationship.key + "_id"
                if record[key] == nil { record[key] = id }
            }
        }
        for key in ["links", "meta"] {
            if let value = object[key], record[key] == nil { record[key] = value }
        }
        return record
    }
}
