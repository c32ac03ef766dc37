import WinnowCore

/// A record written inside an API's envelope, read as the flat record it describes (``flattened(_:)``): a JSON:API
/// resource object (``JSONAPIResource``) or a record whose values sit in its `fields` (``FieldsEnvelope``).
enum RecordEnvelope {
    /// `object` without its envelope; nil when it has none, or when `--map` names a path through it
    /// (`--map input=fields.description`).
    static func flattened(_ object: JSONObject, mapping: FieldMapping? = nil) -> JSONObject? {
        if let roots = mapping?.explicitRoots, !roots.isDisjoint(with: ["fields", "attributes", "relationships"]) {
            return nil
        }
        return JSONAPIResource.flattened(object) ?? FieldsEnvelope.flattened(object)
    }
}

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

/// A record whose values sit in a `fields` object beside its id, as Jira's REST API writes an issue (`{"id":
/// "10002", "key": "SUP-1", "self": "...", "fields": {"summary": ..., "description": ..., "comment": {...}}}`) and
/// Airtable's a row (`{"id": "rec...", "createdTime": ..., "fields": {...}}`): its own members, then the fields'.
enum FieldsEnvelope {
    /// The members such a record has beside its `fields` (Jira's issue, Airtable's record).
    static let members: Set<String> = [
        "id", "key", "self", "expand", "fields", "rendered_fields", "names", "schema", "transitions", "operations",
        "editmeta", "changelog", "versioned_representations", "properties", "created_time", "comment_count",
    ]

    /// `object` with its fields' members beside its own (the envelope's win a clash; Jira's `key` as `issue_key`);
    /// nil for a record without an object of `fields` or with a member an envelope does not have.
    static func flattened(_ object: JSONObject) -> JSONObject? {
        guard case .object(let fields)? = object["fields"],
            object.keys.allSatisfy({ members.contains(FieldMapping.normaliseKey($0)) })
        else { return nil }
        var record = JSONObject()
        for member in object.members where member.key != "fields" {
            // Jira's issue `key` (`SUP-1`) is the id its people know: the ticket's id, before its number.
            record[member.key == "key" && fields["issue_key"] == nil ? "issue_key" : member.key] = member.value
        }
        for member in fields.members where record[member.key] == nil { record[member.key] = member.value }
        return record
    }
}
