import WinnowCore

/// A record written inside an API's envelope, read as the flat record it describes (``flattened(_:)``): a JSON:API
/// resource object (``JSONAPIResource``), a record whose values sit in its `fields` (``FieldsEnvelope``), or a
/// webhook's event carrying the record in its `data` (``EventEnvelope``).
enum RecordEnvelope {
    /// `object` without its envelope; nil when it has none, or when `--map` names a path through it
    /// (`--map input=fields.description`).
    static func flattened(_ object: JSONObject, mapping: FieldMapping? = nil) -> JSONObject? {
        if let roots = mapping?.explicitRoots,
            !roots.isDisjoint(with: ["fields", "attributes", "relationships", "data"])
        {
            return nil
        }
        return JSONAPIResource.flattened(object) ?? FieldsEnvelope.flattened(object) ?? EventEnvelope.flattened(object)
    }
}

/// A webhook's event as a log of them keeps it, one a line: what happened, and the record it happened to in `data`
/// (Intercom's `{"type": "notification_event", "topic": "conversation.admin.closed", "data": {"item": {...the
/// conversation...}}}`, Crisp's `{"event": "message:send", "data": {...the message...}}`, Stripe-like
/// `data.object`) or `payload` (Telnyx's `{"data": {"event_type": "message.received", "payload": {...the
/// message...}}, "meta": {...}}`, the event itself inside a delivery's `data`), or Slack's Events API's `event` (`{"type":
/// "event_callback", "event": {...the message...}, "event_id": ...}`). Read as that record, the event's own
/// members kept beside it under `webhook_event`: an event's `topic` names what happened, not the record's label, and
/// its `id` is the delivery's, not the ticket's.
enum EventEnvelope {
    /// The members an event has beside its `data` (as ``FieldMapping/normaliseKey(_:)``).
    static let members: Set<String> = [
        "type", "id", "topic", "event", "event_name", "event_type", "name", "app_id", "website_id", "account_id",
        "workspace_id", "created_at", "created", "timestamp", "time", "delivery_status", "delivery_attempts",
        "first_sent_at", "self", "links", "object", "api_version", "livemode", "pending_webhooks", "request",
        "webhook_id", "subscription_id", "data", "payload", "record_type", "occurred_at", "meta",
        // Slack's Events API envelope around its `event`.
        "token", "team_id", "api_app_id", "event_id", "event_time", "authorizations", "authed_users", "authed_teams",
        "is_ext_shared_channel", "event_context", "enterprise_id", "context_team_id", "context_enterprise_id",
    ]
    /// Members naming what happened: an event has one.
    static let eventNames: Set<String> = ["topic", "event", "event_name", "event_type"]

    /// The record `object` carries, when it is an event: an object of `data` (else of `payload`) holding the record
    /// (in its `item` or `object` where it wraps it so), a member naming the event (`topic`, `event`...) or a `type`
    /// ending in `event`, and no member an event does not have; or a delivery holding such an event in its `data`
    /// beside nothing but its `meta`. Nil otherwise.
    static func flattened(_ object: JSONObject) -> JSONObject? {
        if case .object(let event)? = object["data"], object.keys.allSatisfy({ $0 == "data" || $0 == "meta" }),
            var record = flattened(event)
        {
            if let meta = object["meta"], case .object(var kept)? = record["webhook_event"], kept["meta"] == nil {
                kept["meta"] = meta
                record["webhook_event"] = .object(kept)
            }
            return record
        }
        // Slack's Events API holds the event itself in `event` (`"type": "event_callback"`).
        let slack = object["type"]?.scalarText == "event_callback" && object["data"] == nil
        let holder = slack ? "event" : object["data"] != nil ? "data" : "payload"
        guard case .object(let data)? = object[holder] else { return nil }
        var namesEvent = false
        for key in object.keys {
            let normal = FieldMapping.normaliseKey(key)
            guard members.contains(normal) else { return nil }
            if eventNames.contains(normal) { namesEvent = true }
        }
        if !namesEvent, object["type"]?.scalarText?.lowercased().hasSuffix("event") != true { return nil }
        var record = data
        for wrapper in ["item", "object"] {
            if case .object(let inner)? = data[wrapper], data.keys.allSatisfy({ $0 == wrapper || $0 == "type" }) {
                record = inner
            }
        }
        guard !record.isEmpty else { return nil }
        var event = object
        event[holder] = nil
        // Slack's verification token is a secret shared with the app, not data about the event.
        if slack { event["token"] = nil }
        if record["webhook_event"] == nil { record["webhook_event"] = .object(event) }
        return record
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
