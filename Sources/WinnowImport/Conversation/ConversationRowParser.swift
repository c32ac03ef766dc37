import Foundation
import WinnowCore

/// A chunk parser that can hand out its records as objects before any field mapping (CSV rows keyed by the header,
/// JSONL lines), for importers that work on whole records.
protocol ObjectChunkParser: ChunkParser {
    /// Calls `body` with each record's object, or why the record cannot be read, in file order.
    func forEachObject(_ chunk: RecordChunk, _ body: (Locator, Result<JSONObject, RecordFailure>) throws -> Void)
        rethrows
}

/// A file opened by a format's importer for its records as objects (message rows, e-mail rows): the chunks and the
/// parser that reads their objects, and the opening's notes and digest.
struct ObjectRecords {
    var chunks: ChunkedRecords
    var parser: any ObjectChunkParser
    /// The opening's notes (not its mapping, which the rows decide).
    var notes: [ImportEvent]
    var digest: FileDigest?

    /// `file` opened by `base`; throws `refusal`, naming the file, where `base` does not cut it into records of
    /// objects.
    static func open(_ base: any Importer, _ file: SourceFile, options: ImportOptions, refusal: String) throws
        -> ObjectRecords
    {
        let opened = try base.open(file, options: options)
        guard case .chunks(let chunks) = opened.records, let parser = chunks.parser as? any ObjectChunkParser else {
            opened.close()
            throw ImportError(kind: .invalidMapping, file: file.displayPath, message: refusal)
        }
        let notes = opened.preamble.filter { if case .note = $0 { true } else { false } }
        return ObjectRecords(chunks: chunks, parser: parser, notes: notes, digest: opened.digest)
    }
}

extension CSVChunkParser: ObjectChunkParser {}
extension JSONLChunkParser: ObjectChunkParser {}
extension JSONDocumentChunkParser: ObjectChunkParser {}

/// One message row, reduced to what grouping needs; its texts wait in the spill file.
struct MessageRow: Sendable {
    /// The row's place in the file (CSV data row or JSONL line).
    var ordinal: Int
    /// The conversation value (`--conversation-by`) or the message id (`--reply-link`).
    var key: String
    /// The parent message id (`--reply-link`; empty for a root).
    var parent: String
    /// Seconds since 1970 from `--order-by`; nil when there is no order field or its value cannot be read.
    var time: Double?
    /// The `--order-by` value when it could not be read (for the note).
    var unreadableTime: String?
    var role: TurnRole
    /// The kind the export gives a notice (``TurnRole/notice``), as written.
    var noticeKind: String?
    /// The speaker's name, where the role rule decides by who opens the conversation.
    var speaker: String?
    /// Whether the row has message text.
    var hasText: Bool
    /// Whether the row has text besides its subject.
    var hasBody = false
    /// Where the row's record lies in the chunk's spill bytes.
    var spillStart: Int
    var spillLength: Int
}

/// The rows of one chunk, parsed on a worker thread.
struct ParsedMessageChunk: Sendable {
    /// One record of the chunk, in file order.
    enum Item: Sendable {
        case row(MessageRow)
        /// A record that cannot be imported (bad CSV, invalid JSON, no conversation id): quarantined.
        case failure(RecordFailure)
        /// A record whose fields cannot be read as messages at all (no role field): refuses the file when it is the
        /// first record, else quarantined.
        case unusable(RecordFailure)
    }

    var items: [Item] = []
    /// The rows' texts and first-row fields, as ``SpilledMessage`` records.
    var spill: [UInt8] = []
    /// Field mappings met for the first time in this chunk.
    var mappings: [ResolvedMapping] = []
    /// Role rules met in this chunk.
    var roleRules: [TurnRoleRule] = []
    /// Bytes of the file read when the chunk was cut.
    var bytesRead: UInt64
    /// Webhook events that carry no message (``MessagingWebhook/Reading/events``): counted, not rows.
    var webhookEvents = MessagingWebhook.Reading()
}

/// Turns a chunk's records into message rows: the conversation key, parent, time and role read from the control
/// fields, the text mapped from the others like any record's input (``FieldMapping``), and the text, label and
/// metadata written to spill bytes.
struct ConversationRowParser: Sendable {
    let parser: any ObjectChunkParser
    let mapping: FieldMapping
    let options: ConversationOptions
    let displayPath: String

    /// How records with one set of keys are read.
    private struct Plan {
        let mapping: ResolvedMapping
        /// The mapping a message's text is read with: ``mapping`` without the subject above the input, which the
        /// conversation places (``subjectKey``).
        let textMapping: ResolvedMapping
        /// The subject field the input opens with (`Subject` beside `TextBody`), when there is one.
        let subjectKey: String?
        let role: Result<TurnRoleRule, RoleColumnError>
        /// The field naming each message (the `--reply-link` id, else a message id column), for metadata.
        let messageIDField: String?
    }

    /// Message id columns kept with each turn when grouping by a conversation field; `ts` last, Slack's message id
    /// (the value its replies' `thread_ts` names).
    static let messageIDNames = ["message_id", "msg_id", "comment_id", "event_id", "tweet_id", "id", "ts"]

    func parse(_ chunk: RecordChunk) -> ParsedMessageChunk {
        var parsed = ParsedMessageChunk(bytesRead: chunk.bytesRead)
        parsed.items.reserveCapacity(chunk.count)
        parsed.spill.reserveCapacity(chunk.bytes.count)
        var plans: [[String]: Plan] = [:]
        var lastKeys: [String] = []
        var lastPlan: Plan?
        parser.forEachObject(chunk) { locator, result in
            let object: JSONObject
            switch result {
            case .success(let value): object = value
            case .failure(let error):
                parsed.items.append(.failure(error))
                return
            }
            // A post with its replies nested in it (Microsoft Graph's channel messages with `$expand=replies`):
            // the post and each reply are rows, the replies naming the post when they name no parent. A delivery of
            // a messaging platform's webhooks is its messages, each a row of its own.
            let webhook = MessagingWebhook.read(object)
            if let webhook { parsed.webhookEvents.count(eventsOf: webhook) }
            let (post, replies) = webhook == nil ? ConversationRowParser.nestedReplies(object) : (object, [])
            for (position, row) in (webhook?.rows ?? [post] + replies).enumerated() {
                let plan: Plan
                if let lastPlan, row.count == lastKeys.count, zip(row.members, lastKeys).allSatisfy({ $0.key == $1 }) {
                    plan = lastPlan
                } else {
                    let keys = row.keys
                    if let known = plans[keys] {
                        plan = known
                    } else {
                        plan = makePlan(keys: keys)
                        plans[keys] = plan
                        if !parsed.mappings.contains(where: { $0.assignment == plan.mapping.assignment }) {
                            parsed.mappings.append(plan.mapping)
                        }
                        if case .success(let rule) = plan.role, !parsed.roleRules.contains(rule) {
                            parsed.roleRules.append(rule)
                        }
                    }
                    lastKeys = keys
                    lastPlan = plan
                }
                parsed.items.append(
                    item(
                        row, locator: locator, plan: plan, spill: &parsed.spill,
                        isReply: webhook == nil && position > 0,
                        to: post))
            }
        }
        return parsed
    }

    /// Names of an array of replies nested in the message they answer.
    static let nestedReplyNames = ["replies"]

    /// `object` without its nested replies, and the replies (objects), where `object` holds them under
    /// ``nestedReplyNames``; else `object` and none.
    static func nestedReplies(_ object: JSONObject) -> (post: JSONObject, replies: [JSONObject]) {
        guard
            // Compared without normalising every key of every row: only a key of the length of one is.
            let member = object.members.first(where: { member in
                nestedReplyNames.contains { $0.utf8.count == member.key.utf8.count }
                    && nestedReplyNames.contains(FieldMapping.normaliseKey(member.key))
            }),
            let items = member.value.arrayValue
        else { return (object, []) }
        let replies = items.compactMap(\.objectValue)
        guard replies.count == items.count else { return (object, []) }
        var post = object
        post[member.key] = nil
        return (post, replies)
    }

    private func makePlan(keys: [String]) -> Plan {
        var control = options.controlFields
        var messageIDField: String?
        switch options.grouping {
        case .replyLink(let id, _): messageIDField = id
        case .field, .file, .party:
            // The order field may be the message's id too (Slack's `ts`), not a grouping or role field.
            var grouped = options.controlFields
            if let order = options.orderBy { grouped.remove(order) }
            let normalised = keys.filter { !grouped.contains($0) }.map {
                (key: $0, normal: FieldMapping.normaliseKey($0))
            }
            messageIDField =
                ConversationRowParser.messageIDNames.lazy.compactMap { name in
                    normalised.first { $0.normal == name }?.key
                }.first
        }
        if let messageIDField { control.insert(messageIDField) }
        let role: Result<TurnRoleRule, RoleColumnError>
        do {
            role = .success(try TurnRoleRule.resolve(keys: keys, options: options))
        } catch {
            role = .failure(error)
        }
        if case .success(let rule) = role {
            control.insert(rule.field)
            control.formUnion(rule.noteFields.map(\.field))
            // The columns the reading looks at beside it (FreeScout's thread `type` and `state`).
            control.formUnion(rule.reading.columns)
        }
        let resolved = mapping.resolve(keys: keys.filter { !control.contains($0) })
        var textMapping = resolved
        textMapping.readsNoteKinds = false
        var subjectKey: String?
        if let input = resolved.assignment[.input], !input.isEmpty,
            FieldMapping.isSubjectName(input[0])
        {
            // Each message of an e-mail conversation repeats the subject (`RE: ...`): the conversation keeps it
            // once, above the message that opens it.
            subjectKey = input[0]
            var assignment = resolved.assignment
            assignment[.input] = input.count > 1 ? Array(input.dropFirst()) : nil
            textMapping = ResolvedMapping(
                assignment: assignment, keys: resolved.keys.filter { $0 != input[0] }, orderKey: resolved.orderKey,
                opening: resolved.opening)
            textMapping.readsNoteKinds = false
        }
        return Plan(
            mapping: resolved, textMapping: textMapping, subjectKey: subjectKey, role: role,
            messageIDField: messageIDField)
    }

    /// `object`'s row; a reply nested in `post` (``nestedReplies(_:)``) answers it, or is in its conversation, when
    /// it names no parent or conversation. A message naming no thread in a field naming a thread's first message
    /// (``ConversationDetection/threadRootFields``: Microsoft Graph's `replyToId`, Mattermost's `root_id`) opens the
    /// one its own id names.
    private func item(
        _ object: JSONObject, locator: Locator, plan: Plan, spill: inout [UInt8], isReply: Bool = false,
        to post: JSONObject = JSONObject()
    ) -> ParsedMessageChunk.Item {
        let rule: TurnRoleRule
        switch plan.role {
        case .success(let value): rule = value
        case .failure(let error):
            return .unusable(
                RecordFailure(kind: .invalidMapping, file: displayPath, locator: locator, message: error.message))
        }
        /// A field's value, a dotted path inside the record too (`reference.messageId`).
        func field(_ name: String) -> JSONValue? {
            object[name] ?? (name.contains(".") ? JSONValue.object(object).value(atPath: name) : nil)
        }
        var parent = ""
        let key: String
        let role = rule.role(of: object)
        switch conversationKey(
            of: object, field: field, parent: &parent, locator: locator, isReply: isReply, post: post, plan: plan,
            role: role)
        {
        case .success(let found): key = found
        case .failure(let failure): return failure
        }
        var time: Double?
        var unreadableTime: String?
        if let orderField = options.orderBy {
            let text = object[orderField]?.scalarText ?? ""
            time = MessageTimestamp.seconds(from: text)
            if time == nil, text.isEmpty { time = ConversationRowParser.otherTime(of: object, besides: orderField) }
            if time == nil { unreadableTime = text }
        }
        let draft = plan.textMapping.draft(from: object, file: displayPath, locator: locator, raw: "")
        let spillStart = spill.count
        let messageID = plan.messageIDField.flatMap { object[$0] }.flatMap(ConversationRowParser.identifier)
        let subject = plan.subjectKey.flatMap { object[$0]?.fieldText }.flatMap(ResolvedMapping.clean)
        var hasText = subject != nil
        var hasBody = false
        switch draft {
        case .success(let draft):
            hasText = true
            hasBody = true
            SpilledMessage.append(
                text: draft.input, label: draft.label, metadata: draft.metadata, messageID: messageID,
                subject: subject, to: &spill)
        case .failure:
            SpilledMessage.append(
                text: "", label: nil, metadata: JSONObject(), messageID: messageID, subject: subject, to: &spill)
        }
        return .row(
            MessageRow(
                ordinal: locator.ordinal, key: key, parent: parent, time: time, unreadableTime: unreadableTime,
                role: role, noticeKind: role == .notice ? rule.noticeKind(of: object) : nil,
                speaker: rule.speaker(of: object), hasText: hasText, hasBody: hasBody, spillStart: spillStart,
                spillLength: spill.count - spillStart))
    }

    /// The conversation `object` is in, by the grouping (``ConversationOptions/Grouping``), with its parent's id
    /// for a reply chain; else the item to hand back for it (a row naming none).
    private func conversationKey(
        of object: JSONObject, field: (String) -> JSONValue?, parent: inout String, locator: Locator, isReply: Bool,
        post: JSONObject, plan: Plan, role: TurnRole
    ) -> ConversationKey {
        let keyField: String
        switch options.grouping {
        case .field(let field): keyField = field
        // The customer: who sent a customer's message, whom an agent's was sent to.
        case .party(let from, let to): keyField = role == .agent ? to : from
        // The file's one conversation is named by the file (its ticket id, kept apart from another file's).
        case .file: return .success((displayPath as NSString).lastPathComponent)
        case .replyLink(let id, let parentField):
            keyField = id
            parent = field(parentField).flatMap(ConversationRowParser.identifier) ?? ""
            if isReply, parent.isEmpty {
                parent =
                    (post[id] ?? JSONValue.object(post).value(atPath: id)).flatMap(ConversationRowParser.identifier)
                    ?? ""
            }
        }
        // A message opening a thread may leave a thread root field out altogether (Rocket.Chat's `tmid`).
        var found = field(keyField)
        if found == nil, case .field = options.grouping,
            ConversationDetection.threadRootFields.contains(FieldMapping.normaliseKey(keyField))
        {
            found = JSONValue.null
        }
        guard let keyValue = found else {
            return .failure(
                .unusable(
                    RecordFailure(
                        kind: .invalidMapping, file: displayPath, locator: locator,
                        message: "no field '\(keyField)' (fields: \(object.keys.joined(separator: ", ")))")))
        }
        /// The conversation a message opens or, nested in a post, is in, where it names none.
        func ownConversation(_ message: JSONObject) -> String? {
            guard case .field(let field) = options.grouping,
                isReply || ConversationDetection.threadRootFields.contains(FieldMapping.normaliseKey(field))
            else { return nil }
            return message[keyField].flatMap(ConversationRowParser.identifier)
                ?? plan.messageIDField.flatMap { message[$0] }.flatMap(ConversationRowParser.identifier)
        }
        var named = ConversationRowParser.identifier(keyValue)
        if case .party(let from, let to) = options.grouping {
            named = ConversationRowParser.partyIdentifier(keyValue).map {
                ConversationRowParser.party($0, isAddress: from != to)
            }
        }
        guard let key = named ?? (isReply ? ownConversation(post) : ownConversation(object)) else {
            let what = if case .field = options.grouping { "conversation id" } else { "message id" }
            return .failure(
                .failure(
                    RecordFailure(
                        kind: .noInput, file: displayPath, locator: locator,
                        message: "no \(what) in field '\(keyField)'", snippet: JSONValue.object(object).serialized)))
        }
        return .success(key)
    }

    /// A row's conversation, or the item saying why it has none.
    private enum ConversationKey {
        case success(String)
        case failure(ParsedMessageChunk.Item)
    }

    /// A sender's or recipient's address as one customer's: the address a display name holds (`Ann Lee
    /// <ann@example.com>`), an e-mail address in lower case (mail clients write the same address in several cases),
    /// a phone number as ``phoneNumber(_:)`` writes it where `isAddress` (a sender's or recipient's, not the
    /// customer id a field names on both sides' rows, which stays as written).
    static func party(_ value: String, isAddress: Bool = true) -> String {
        var address = Substring(value)
        if let open = address.lastIndex(of: "<"), let close = address.lastIndex(of: ">"), open < close {
            let inside = address[address.index(after: open)..<close]
            if !inside.isEmpty { address = inside }
        }
        let text = String(address).trimmingSpaces
        if text.contains("@") { return text.lowercased() }
        return isAddress ? phoneNumber(text) ?? text : text
    }

    /// A phone number in one spelling, for the same number written in several (`+1 555-123-0001`, `+15551230001`;
    /// a gateway's `15551230001` beside the API's `+15551230001`): its digits, after a `+` where it is written in
    /// international form (a `+`, a `00`, or 11 digits or more not starting with a trunk `0`). Nil for text that is
    /// no phone number (letters, fewer than 7 digits or more than 15: a short code stays as written).
    static func phoneNumber(_ text: String) -> String? {
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" -.()+".contains(character) {
                return nil
            }
        }
        guard (7...15).contains(digits.count), text.firstIndex(of: "+").map({ $0 == text.startIndex }) ?? true else {
            return nil
        }
        if text.hasPrefix("+") { return "+" + digits }
        if digits.hasPrefix("00") { return "+" + digits.dropFirst(2) }
        return digits.count >= 11 && !digits.hasPrefix("0") ? "+" + digits : digits
    }

    /// The time of a row whose order field is empty, from another of its time fields (``FieldMapping/orderNames``,
    /// `received_at`): a message log writes a customer's message's time in one field and an agent's in another
    /// (Telnyx's `received_at` and `sent_at`, the other null). Nil when it has none readable.
    static func otherTime(of object: JSONObject, besides field: String) -> Double? {
        for member in object.members where member.key != field {
            guard let text = member.value.scalarText, !text.isEmpty,
                otherTimeNames.contains(FieldMapping.normaliseKey(member.key))
            else { continue }
            if let time = MessageTimestamp.seconds(from: text) { return time }
        }
        return nil
    }

    /// Names of a message's time, its order field's or another's (``otherTime(of:besides:)``).
    static let otherTimeNames = Set(
        FieldMapping.orderNames + ["received_at", "received", "date_received", "received_time", "delivered_at"])

    /// A sender's or recipient's value as the text naming them: a scalar as ``identifier(_:)`` reads it; an
    /// object's address (Telnyx's `{"phone_number": ..., "carrier": ...}`, Vonage's `{"type": "sms", "number":
    /// ...}`, an `email` or an `id`); a list's first (Telnyx's `to: [{"phone_number": ...}]`, MessageBird's
    /// `recipients: {"totalCount": 1, "items": [{"recipient": 31612345678}]}`).
    static func partyIdentifier(_ value: JSONValue) -> String? {
        switch value {
        case .array(let items): return items.lazy.compactMap(partyIdentifier).first
        case .object(let object):
            if let items = object["items"], case .array = items { return partyIdentifier(items) }
            return partyAddressKeys.lazy.compactMap { object[$0].flatMap(identifier) }.first
        default: return identifier(value)
        }
    }

    /// Members of an object naming a sender or recipient that hold their address, in order of preference.
    static let partyAddressKeys = [
        "phone_number", "number", "recipient", "address", "email", "id", "user_id", "handle",
    ]

    /// An id as text: trimmed, integral numbers without `.0`, an object's `id`; nil when empty.
    static func identifier(_ value: JSONValue) -> String? {
        // An object named for what it is holds its id (Bot Framework's activities: `"conversation": {"id": ...}`).
        if let object = value.objectValue { return object["id"].flatMap(identifier) }
        guard let text = value.scalarText?.trimmingSpaces, !text.isEmpty else { return nil }
        // CSV exports written by pandas turn integer ids with gaps into floats: `12345.0` names message 12345.
        if text.count > 2, text.hasSuffix(".0"), text.dropLast(2).allSatisfy(\.isNumber) {
            return String(text.dropLast(2))
        }
        return text
    }
}
