import Foundation
import WinnowCore

/// Tells, from a file's first records, that each record is one message of a conversation (a helpdesk's comments or a
/// chat's messages exported one per row), so that they are joined into conversations without `--conversation-by`:
/// otherwise every agent reply and internal note would become an example of its own.
///
/// The records are messages when a field tells agents from customers (as ``TurnRoleRule`` reads one: `role`,
/// `author_type`, `sender`, `inbound`, `direction`...), both sides appearing among them, and either a conversation
/// field (`ticket_id`, `conversation_id`, `thread_id`, `chat_id`...) holds one value on two records or more, or a
/// field names the message each answers (`in_response_to_tweet_id` beside `tweet_id`, `parent_id` beside `id`, when
/// the parents are messages of the file; a parent naming something else, Salesforce's `ParentId`, groups). Ticket
/// exports, one ticket per row, have no such role field, and the same ticket twice is not a conversation without one.
/// Without a role field, a field naming the speaker (a chat log's `from`, Microsoft Graph's `from` identity,
/// DiscordChatExporter's `author`) makes messages of records when one conversation holds two speakers or more, or
/// when someone answers another's message by a reply link (Graph's `replyToId`, DiscordChatExporter's
/// `reference.messageId`). A JSON document that is an object is looked into as far as its first bytes go: the
/// first array they open is sampled (Graph's `value`, DiscordChatExporter's `messages`), and replies nested in a
/// message (Graph's `replies`) are messages too. A `messages` array whose messages reply to each other is a
/// channel of many conversations only when more than two people speak in it: a chat between two (a customer and a
/// business) is one conversation; and never when the members before it say it is one conversation
/// (DiscordChatExporter's `channel.type` of a direct chat or a thread: ``isOneConversation(head:)``).
public enum ConversationDetection {
    /// Conversation fields, in order of preference (as ``FieldMapping/normaliseKey(_:)``).
    static let conversationFields =
        [
            "conversation_id", "ticket_id", "thread_id", "chat_id", "case_id", "session_id", "dialog_id", "dialogue_id",
            "convo_id", "ticket_number", "case_number", "conversation", "ticket", "chat", "thread",
            // Google Chat's thread in a space (Takeout's `messages.json`); HubSpot's thread of a conversation.
            "topic_id", "conversations_thread_id",
            // iMazing's and other phone backups' messages (`Chat Session`: the contact or group the chat is with).
            "chat_session", "session",
            // Twilio's Conversations (`conversation_sid`) and Programmable Chat (`channel_sid`).
            "conversation_sid", "channel_sid",
            // Dynamics 365's activities name the case they belong to (`_regardingobjectid_value` in its Web API).
            "regardingobjectid_value", "regardingobjectid", "regarding_object_id",
            // An issue tracker's comments (GitHub's `issue_url`); ServiceNow's journal entries name the record they
            // are written on (`element_id`, its `sys_id`).
            "issue_id", "issue_number", "issue_key", "issue_url", "element_id",
        ] + threadRootFields

    /// Fields naming the first message of a message's thread, where that message names none (Microsoft Graph's
    /// `replyToId` of a channel message, "the root chat message of the thread"; Mattermost's `root_id`; Slack's
    /// `thread_ts`; Rocket.Chat's `tmid`): conversation fields whose messages without a value open their own, named by
    /// their id.
    static let threadRootFields = [
        "reply_to_id", "root_id", "thread_ts", "root_message_id", "thread_root_id", "tmid", "thread_message_id",
    ]

    /// A record's conversation in `field`: its value, or for a ``threadRootFields`` field without one, its own id.
    static func conversation(of record: JSONObject, in field: String) -> String? {
        if let value = record[field].flatMap(ConversationRowParser.identifier) { return value }
        guard threadRootFields.contains(FieldMapping.normaliseKey(field)) else { return nil }
        let id = ConversationRowParser.messageIDNames.lazy.compactMap { name in
            record.members.first { FieldMapping.normaliseKey($0.key) == name && $0.key != field }
        }.first
        return id.flatMap { ConversationRowParser.identifier($0.value) }
    }

    /// The conversation options a file's first records call for, with a note saying what was seen, and the array of
    /// a JSON object document the records are in when it was found by looking (`messages`); nil when its records
    /// are not messages (or the format is not one conversations are read from).
    public static func detect(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        options: ConversationOptions, note: String, recordsPath: String?
    )? {
        guard let sample = sample(file, format: format, options: options), !isOneConversation(head: sample.head)
        else { return nil }
        if let found = webhookLog(
            sample.records, sessionGap: options.sessionGap ?? ConversationOptions.defaultSessionGap)
        {
            return (
                found.options, (sample.recordsPath.map { "records read from \($0); " } ?? "") + found.note,
                sample.recordsPath
            )
        }
        guard
            let found = detect(
                records: sample.records.flatMap(messageRows),
                oneConversationUnlessMany: sample.recordsPath.map(FieldMapping.turnArrayNames.contains) ?? false,
                sessionGap: options.sessionGap ?? ConversationOptions.defaultSessionGap)
        else { return nil }
        guard let path = sample.recordsPath else { return (found.options, found.note, nil) }
        return (found.options, "records read from \(path); " + found.note, path)
    }

    /// The message rows of `record`: those of a delivery of a messaging platform's webhooks (``MessagingWebhook``), else
    /// `record` and the replies nested in it (``ConversationRowParser/nestedReplies(_:)``).
    static func messageRows(_ record: JSONObject) -> [JSONObject] {
        if let reading = MessagingWebhook.read(record) { return reading.rows }
        let (post, replies) = ConversationRowParser.nestedReplies(record)
        return [post] + replies
    }

    /// Options for a log of a messaging platform's webhooks (``MessagingWebhook``), when the first records hold one
    /// of its deliveries: each message a row, joined into each customer's conversations by `from` and `to` (a new one
    /// after `sessionGap` of silence) or by the conversation the platform names, ordered by `timestamp` (Twilio's
    /// requests, which give no time, in the log's order), the customer's messages told from the business's by
    /// `direction`. Unlike other message rows these need not show both sides: WhatsApp's webhooks carry the
    /// business's own messages only as echoes of its WhatsApp Business app, a page may not subscribe to its echoes,
    /// and LINE's, Telegram's, Viber's and Twilio's carry none, so the customers' messages alone are conversations
    /// imported without a response.
    static func webhookLog(_ records: [JSONObject], sessionGap: Double) -> (
        options: ConversationOptions, note: String
    )? {
        guard let part = records.lazy.compactMap(MessagingWebhook.part(of:)).first else { return nil }
        let rows = records.flatMap(messageRows)
        var options = ConversationOptions(grouping: part.grouping, orderBy: part.orderBy)
        options.sessionGap = sessionGap
        options.detectedRole = TurnRoleRule.candidates(keys: ["direction"], records: rows).first
        let what =
            switch part {
            case .delivery("whatsapp"): "deliveries of WhatsApp Cloud API webhooks"
            case .delivery("instagram"): "deliveries of Instagram messaging webhooks"
            case .delivery: "deliveries of Messenger webhooks"
            case .whatsAppValue: "WhatsApp Cloud API webhooks' values"
            case .messagingEvent: "Messenger or Instagram webhooks' messaging events"
            case .sunshine: "deliveries of Sunshine Conversations webhooks"
            case .line: "deliveries of LINE Messaging API webhooks"
            case .telegram: "Telegram Bot API updates and messages"
            case .viber: "a Viber bot's callbacks"
            case .twilio: "Twilio's requests to a messaging webhook"
            }
        let whatsApp = part == .delivery(channel: "whatsapp") || part == .whatsAppValue
        var note =
            "records are \(what): each message a row (its direction inbound from the customer, outbound from the"
            + " business), joined into each customer's conversations; --no-conversations imports each record alone"
        if !rows.isEmpty, !rows.contains(where: { $0["direction"] == .string("outbound") }) {
            let why: String =
                switch part {
                case _ where whatsApp:
                    "; the first records hold no message of the business's (WhatsApp's webhooks carry them only as"
                        + " message_echoes, of the WhatsApp Business app): a conversation without one is imported"
                        + " without a response"
                case .line:
                    "; LINE's webhooks carry the customers' messages, not the bot's answers: each conversation is"
                        + " imported without a response"
                case .twilio:
                    "; Twilio's webhooks carry the customers' messages (log the messages your app sends, as Twilio"
                        + " returns them, beside them): a conversation without one is imported without a response"
                case .viber:
                    "; Viber's callbacks carry the customers' messages, not the bot's answers: each conversation is"
                        + " imported without a response"
                case .telegram:
                    "; Telegram's updates carry the customers' messages, not the bot's (log the messages sendMessage"
                        + " answers with beside them): a conversation without one is imported without a response"
                case .sunshine:
                    "; the first records hold no message of the business's: a conversation without one is imported"
                        + " without a response"
                default:
                    "; the first records hold no echo of the page's messages (subscribe to message_echoes for them):"
                        + " a conversation without one is imported without a response"
                }
            note += why
        }
        return (options, note)
    }

    /// For conversation options given without `--role-by`: the role column the file's first records need when the
    /// one preferred by name does not tell both sides apart and another does (a `Sender` of addresses beside a
    /// `Direction`), with a note; nil when the preferred one does, or none does.
    static func roleColumn(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        rule: TurnRoleRule, note: String
    )? {
        guard let records = sample(file, format: format, options: options)?.records.flatMap(messageRows),
            records.count >= 2, let keys = allKeys(of: records)
        else { return nil }
        let candidates = TurnRoleRule.candidates(keys: keys, records: records)
        guard let preferred = candidates.first else { return nil }
        if tellsBothSides(preferred, records) {
            // The preferred column, its values read otherwise than its name alone says (a `user` beside a
            // `contact` is the agent).
            let added = preferred.addedAgentValues
            guard !added.isEmpty else { return nil }
            let values = added.joined(separator: ",")
            return (
                preferred,
                "roles from \(preferred.field): \(userAgentWords) (the same as --role-by \(shellWord(preferred.field))"
                    + " --agent-values \(values))"
            )
        }
        guard let rule = candidates.dropFirst().first(where: { tellsBothSides($0, records) }) else { return nil }
        let added = rule.addedAgentValues
        return (
            rule,
            "roles from \(rule.field): \(preferred.field) names no side in the first records (the same as --role-by"
                + " \(shellWord(rule.field))" + (added.isEmpty ? "" : " --agent-values " + added.joined(separator: ","))
                + ")"
        )
    }

    /// A field's name as a shell reads it in a suggested option: quoted when it holds a space or a character the
    /// shell would take (`'Ticket ID'`).
    static func shellWord(_ name: String) -> String {
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || "_-.:@/+,=".contains($0) }
        return plain && !name.isEmpty ? name : "'" + name.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Why a `user` is read as the agent.
    static let userAgentWords = "a user beside a contact or customer is the agent"

    /// Why records read one by one may be wrong: the file's first records tell an agent's message from a
    /// customer's, yet no field names the conversation they belong to (one ticket's messages exported alone), so
    /// each is imported alone and the agents' messages become inputs. Nil when the records tell no sides.
    public static func unjoinedMessages(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> String? {
        guard let records = sampleRecords(file, format: format, options: options), records.count >= 2,
            let keys = allKeys(of: records),
            // An agent's id set on some rows (`staff_id`) is also what a ticket export's assignee looks like.
            let role = TurnRoleRule.candidates(keys: keys, records: records).first(where: {
                $0.reading != .agentWhenSet && tellsBothSides($0, records)
            })
        else { return nil }
        return "the records tell an agent's message from a customer's (\(role.field)) but no field names their"
            + " conversation: each is imported alone, the agents' messages as inputs; --conversation-by FIELD joins"
            + " the messages sharing a value of FIELD, --one-conversation reads the whole file as one"
    }

    /// The member names of `records`, in order of first appearance: a file may open with records of another kind
    /// (Telegram's service message `"actor": ...` before the messages `"from": ...`). Nil for no records.
    static func allKeys(of records: [JSONObject]) -> [String]? {
        guard let first = records.first else { return nil }
        var keys = first.keys
        var seen = Set(keys)
        for record in records.dropFirst() {
            for key in record.keys where seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    /// Whether a role rule finds both customers and agents among `records`.
    private static func tellsBothSides(_ rule: TurnRoleRule, _ records: [JSONObject]) -> Bool {
        let sides = Set(records.map(rule.role(of:)))
        return sides.contains(.customer) && sides.contains(.agent)
    }

    /// The first records of a file conversations are read from (CSV, JSONL, a JSON array), nil for other formats.
    static func sampleRecords(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> [JSONObject]? {
        guard format != .json || (try? JSONDocumentImporter.firstByte(of: file)) == UInt8(ascii: "[") else {
            return nil
        }
        return sample(file, format: format, options: options)?.records
    }

    /// ``sampleRecords(_:format:options:)``, also of a JSON object document: of the array `--records` names, else
    /// of the first array its first bytes open (``JSONDocumentSurvey/firstArrayMember(inPrefix:)``), named in
    /// `recordsPath`.
    static func sample(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        records: [JSONObject], recordsPath: String?, head: JSONObject
    )? {
        let records: [JSONObject]
        var recordsPath: String?
        var head = JSONObject()
        switch format {
        case .csv:
            guard UTF16Text.order(of: file.prefix) == nil else { return nil }
            records = CSVImporter.sampleRecords(file.prefix, header: options.csvHeader, encoding: options.encoding)
        case .jsonl:
            var lines = file.prefix.split(separator: 0x0A)
            // A prefix that is not the whole file may end inside a line.
            if file.prefix.count >= SourceFile.prefixLength, !lines.isEmpty { lines.removeLast() }
            let rows = JSONLImporter.opensWithRow(file.prefix)
            records = lines.prefix(500).compactMap { line in
                line.withUnsafeBytes { bytes in
                    (try? JSONParser.parse(bytes: bytes)).flatMap { value in
                        value.objectValue.map { RecordEnvelope.flattened($0, mapping: options.mapping) ?? $0 }
                            ?? (rows ? ObjectRecordMapper.positionalRow(value) : nil)
                    }
                }
            }
        case .json:
            // An array's first chunk of records, as its reading cuts them (no more than a block is read). An object
            // is looked into only as far as its first bytes: finding every array of records takes a pass over the
            // file, which the import would then make again.
            var sampled = options
            switch try? JSONDocumentImporter.firstByte(of: file) {
            case UInt8(ascii: "[")?: break
            case UInt8(ascii: "{")? where options.recordsPath != nil: break
            case UInt8(ascii: "{")?:
                guard let found = JSONDocumentSurvey.head(inPrefix: file.prefix) else { return nil }
                recordsPath = found.firstArray
                head = found.members
                sampled.recordsPath = found.firstArray
            default: return nil
            }
            guard let opened = try? JSONDocumentImporter().open(file, options: sampled) else { return nil }
            defer { opened.close() }
            guard case .chunks(var chunks) = opened.records,
                let parser = chunks.parser as? JSONDocumentChunkParser, let chunk = try? chunks.reader.next()
            else { return nil }
            var objects: [JSONObject] = []
            parser.forEachObject(chunk) { _, result in
                if objects.count < 500, case .success(let object) = result { objects.append(object) }
            }
            records = objects
        default: return nil
        }
        return (records, recordsPath, head)
    }

    /// DiscordChatExporter's kinds of channel (its `channel.type`) whose messages are one conversation: a direct
    /// chat, and a thread (a forum's post is one), where a message answering no other one goes on the same
    /// conversation rather than opening one as in a server's channel.
    static let oneConversationChannelKinds: Set<String> = [
        "directtextchat", "directgrouptextchat", "guildpublicthread", "guildprivatethread", "guildnewsthread",
    ]

    /// Whether the members written before a document's messages (DiscordChatExporter's `channel`) say its messages
    /// are one conversation (``oneConversationChannelKinds``): then the document is one record, its messages the
    /// turns.
    static func isOneConversation(head: JSONObject) -> Bool {
        guard let kind = head["channel"]?.objectValue?["type"]?.scalarText else { return false }
        return oneConversationChannelKinds.contains(FieldMapping.matchingKey(kind))
    }

    /// A subject column of the file's first records that is a category (``FieldMapping/categoricalSubject(in:)``),
    /// with a note saying so.
    /// What a file's first records (``sample(_:format:options:)``) say of the mail they hold: the columns of rows
    /// that are e-mails (``MailColumns/find(in:)``), and how many records hold quoted e-mail history or a forwarded
    /// message in any of their texts, a thread's turns too; nil when the file cannot be sampled.
    public static func mail(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        rows: MailColumns?, looked: Int, withHistory: Int
    )? {
        guard let records = sample(file, format: format, options: options)?.records, !records.isEmpty else {
            return nil
        }
        let withHistory = records.count { QuotedHistorySample.holdsHistory(.object($0)) }
        return (MailColumns.find(in: records), records.count, withHistory)
    }

    /// The keys named by their words (``HeaderWords``) whose values in the file's first records are not their
    /// field's (``FieldMapping/wordNamedKeysSetAside(in:)``), with the note saying so; nil when there are none.
    public static func wordNamedKeysSetAside(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        keys: Set<String>, note: String
    )? {
        guard let records = sampleRecords(file, format: format, options: options) else { return nil }
        let keys = options.mapping.wordNamedKeysSetAside(in: records)
        guard !keys.isEmpty else { return nil }
        let order = records.first?.keys ?? []
        let names = order.filter(keys.contains).joined(separator: ", ")
        let holds =
            keys.count == 1
            ? "its name reads as a text's or a label's, but it holds"
            : "their names read as a"
                + " text's or a label's, but they hold"
        return (
            keys,
            "\(names): \(holds) over the first \(records.count) records a handful of values given many times, codes,"
                + " or long texts for a label: kept in metadata (--map names a field's source)"
        )
    }

    public static func categoricalSubject(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        field: String, note: String
    )? {
        guard let records = sampleRecords(file, format: format, options: options),
            let field = options.mapping.categoricalSubject(in: records)
        else { return nil }
        let values = Set(records.compactMap { $0[field]?.scalarText }).count
        return (
            field,
            "\(field) holds \(values) values over the first \(records.count) records: a category, not a subject; kept in"
                + " metadata, not above the input (--map input=\(field)+... puts it there)"
        )
    }

    /// ``detect(_:format:options:)`` on records already read. With `oneConversationUnlessMany` (the records are a
    /// document's `messages`), records told apart only by their speakers are one conversation unless more than two
    /// people speak. Rows joined by the customer (``ConversationOptions/Grouping/party(from:to:)``) are cut into
    /// conversations at `sessionGap` of silence.
    static func detect(
        records: [JSONObject], oneConversationUnlessMany: Bool = false,
        sessionGap: Double = ConversationOptions.defaultSessionGap
    ) -> (
        options: ConversationOptions, note: String
    )? {
        guard records.count >= 2, let keys = allKeys(of: records) else { return nil }
        // The first role column that tells the sides apart here: both speak (a `sender` of addresses names no side,
        // a `direction` beside it may).
        let candidates = TurnRoleRule.candidates(keys: keys, records: records)
        guard let role = candidates.first(where: { tellsBothSides($0, records) }) else {
            // Speakers named with no side tell it by who opens, where no column of the records' own names sides.
            return TurnRoleRule.candidates(keys: keys).isEmpty
                ? detectBySpeakers(records: records, keys: keys, oneConversationUnlessMany: oneConversationUnlessMany)
                : nil
        }
        // A column other than the one preferred by name is named, as `--role-by` would.
        // Named unless it is the column the rows' keys alone give (a column chosen by its values must be named).
        let roleBy = role == TurnRoleRule.candidates(keys: keys).first && !role.field.contains(".") ? nil : role.field
        let normalised = keys.map { (key: $0, normal: FieldMapping.normaliseKey($0)) }
        let order = FieldMapping.orderNames.lazy.compactMap { name in
            normalised.first { $0.normal == FieldMapping.normaliseKey(name) }?.key
        }.first
        let added = role.addedAgentValues
        let roles = "roles from \(role.field)" + (added.isEmpty ? "" : ", " + userAgentWords)
        let ordered =
            (order.map { " --order-by \(shellWord($0))" } ?? "") + (roleBy.map { " --role-by \(shellWord($0))" } ?? "")
            + (added.isEmpty ? "" : " --agent-values " + added.joined(separator: ","))
        func optOut(_ options: String) -> String {
            "; the same as \(options)\(ordered) (add --examples reply for one example per agent reply);"
                + " --no-conversations imports each record alone"
        }
        var groupings = conversationFields.compactMap { name in normalised.first { $0.normal == name }?.key }
        if let link = replyLink(normalised, records: records) {
            // A parent that names messages of the file links replies; one that names something else (Salesforce's
            // `ParentId`, the case an e-mail belongs to) groups them.
            if linksMessages(link, records) {
                let note =
                    "records are messages (\(roles); \(link.parent) names the message each answers): chained into"
                    + " conversations by \(link.parent)"
                    + optOut("--reply-link \(shellWord(link.id + ":" + link.parent))")
                var options = ConversationOptions(
                    grouping: .replyLink(id: link.id, parent: link.parent), orderBy: order, roleBy: roleBy,
                    agentValues: added)
                options.detectedRole = role
                return (options, note)
            }
            if !link.parent.contains(".") { groupings.append(link.parent) }
        }
        for field in groupings {
            var seen = Set<String>()
            var repeats = false
            for record in records {
                guard let value = conversation(of: record, in: field) else { continue }
                if !seen.insert(value).inserted {
                    repeats = true
                    break
                }
            }
            guard repeats else { continue }
            let note =
                "records are messages (\(roles); \(field) \(conversationWords(field))): joined into conversations by \(field)"
                + (order.map { ", ordered by \($0)" } ?? ", in file order")
                + optOut("--conversation-by \(shellWord(field))")
            var options = ConversationOptions(
                grouping: .field(field), orderBy: order, roleBy: roleBy, agentValues: added)
            options.detectedRole = role
            return (options, note)
        }
        // No conversation named: a sender and a recipient (an SMS log's `From` and `To`) name the customer, or a
        // field naming the customer on both sides' rows (a chat widget's `visitorId`).
        if let party = partyFields(normalised, records: records, role: role) {
            let named =
                party.from == party.to
                ? "\(party.from) names the customer on both sides' messages): joined into each customer's conversations"
                : "\(party.from) and \(party.to) name who sent each and to whom): joined into each customer's"
                    + " conversations, by the \(party.from) of a customer's message and the \(party.to) of an agent's"
            let option = party.from == party.to ? party.from : party.from + ":" + party.to
            let note =
                "records are messages (\(roles); no field names their conversation, " + named
                + ", a new one after \(ConversationOptions.silenceWords(sessionGap))"
                + (order.map { ", ordered by \($0)" } ?? ", in file order")
                + optOut("--conversation-by-party \(shellWord(option))")
            var options = ConversationOptions(
                grouping: .party(from: party.from, to: party.to), orderBy: order, roleBy: roleBy, agentValues: added)
            options.detectedRole = role
            options.sessionGap = sessionGap
            return (options, note)
        }
        return nil
    }

    /// Fields naming a message's sender and its recipient, in pairs (as ``FieldMapping/normaliseKey(_:)``): an SMS
    /// or WhatsApp log's (Twilio's `From`, `To`; Plivo's `src`, `dst`; MessageBird's `originator`, `recipient`).
    static let partyFieldPairs: [(from: String, to: String)] = [
        ("from", "to"), ("sender", "recipient"), ("from_number", "to_number"), ("sender_number", "recipient_number"),
        ("from_address", "to_address"), ("from_phone", "to_phone"), ("src", "dst"), ("source", "destination"),
        ("originator", "recipient"), ("originator", "recipients"), ("sender_id", "recipient_id"), ("from_id", "to_id"),
    ]

    /// The sender and recipient fields of `records` that name the customer: a pair of ``partyFieldPairs`` where
    /// someone a customer's message came from is someone an agent's message went to; else a customer's id field
    /// (``TurnRoleRule/customerIDFields``, as a pair of that field twice: Brevo's `visitorId`) naming one customer on
    /// a customer's message and on an agent's. Nil otherwise (the role read from the field itself, addresses that
    /// never meet).
    static func partyFields(
        _ normalised: [(key: String, normal: String)], records: [JSONObject], role: TurnRoleRule
    ) -> (from: String, to: String)? {
        for pair in partyFieldPairs + TurnRoleRule.customerIDFields.map({ (from: $0, to: $0) }) {
            guard let from = normalised.first(where: { $0.normal == pair.from })?.key,
                let to = normalised.first(where: { $0.normal == pair.to })?.key, from != role.field, to != role.field
            else { continue }
            var senders = Set<String>()
            var recipients = Set<String>()
            for record in records {
                switch role.role(of: record) {
                case .customer:
                    if let who = record[from].flatMap(ConversationRowParser.partyIdentifier) {
                        senders.insert(ConversationRowParser.party(who, isAddress: pair.from != pair.to))
                    }
                case .agent:
                    if let who = record[to].flatMap(ConversationRowParser.partyIdentifier) {
                        recipients.insert(ConversationRowParser.party(who, isAddress: pair.from != pair.to))
                    }
                default: continue
                }
            }
            if !senders.isDisjoint(with: recipients) { return (from, to) }
        }
        return nil
    }

    /// Records with no role column but a speaker's name (a chat log: `from`, `author`, `user`) and a conversation
    /// field: messages when one conversation holds two speakers or more in the first records; or a reply link
    /// (``replyLink(_:records:)``): messages when someone answers another's message. Whoever opens a conversation is
    /// then the customer (``TurnRoleRule/Reading/openerIsCustomer``). With `oneConversationUnlessMany`, more than two
    /// people must speak in the records.
    static func detectBySpeakers(records: [JSONObject], keys: [String], oneConversationUnlessMany: Bool = false) -> (
        options: ConversationOptions, note: String
    )? {
        let normalised = keys.map { (key: $0, normal: FieldMapping.normaliseKey($0)) }
        guard
            let speaker = TurnRoleRule.speakerNameFields.lazy.compactMap({ name in
                normalised.first { $0.normal == name }?.key
            }).first
        else { return nil }
        func who(_ record: JSONObject) -> String? { TurnRoleRule.speakerIdentity(record[speaker]) }
        // A platform's notices (Rocket.Chat's `"t": "command"` by its bot) are nobody's words.
        if oneConversationUnlessMany,
            Set(records.filter { !TurnReader.isNotice($0) }.compactMap(who)).count <= 2
        {
            return nil
        }
        let order = FieldMapping.orderNames.lazy.compactMap { name in
            normalised.first { $0.normal == FieldMapping.normaliseKey(name) }?.key
        }.first
        let ordered = order.map { ", ordered by \($0)" } ?? ", in file order"
        let orderOption = order.map { " --order-by \(shellWord($0))" } ?? ""
        let roles =
            "; whoever opens a conversation is the customer, the others (bots too) answer; the same as"
        let optOut =
            " (--role-by FIELD --agent-values V1,V2 names the agents instead); --no-conversations imports each record"
            + " alone"
        // A chat's topic (Zulip's `subject` of a stream message) groups its messages when nothing else does.
        let topics = normalised.filter { FieldMapping.isSubjectName($0.key) || $0.normal == "topic" }.map(\.key)
        for field in conversationFields.compactMap({ name in normalised.first { $0.normal == name }?.key }) + topics {
            var speakersOf: [String: Set<String>] = [:]
            for record in records {
                guard let value = conversation(of: record, in: field), let who = who(record) else { continue }
                speakersOf[value, default: []].insert(who)
            }
            guard speakersOf.values.contains(where: { $0.count >= 2 }) else { continue }
            let note =
                "records are messages (\(speaker) names the speakers, \(field) \(conversationWords(field))): joined into"
                + " conversations by \(field)" + ordered + roles + " --conversation-by \(shellWord(field))"
                + orderOption + optOut
            return (ConversationOptions(grouping: .field(field), orderBy: order), note)
        }
        // Someone answering another's message by naming it.
        guard let link = replyLink(normalised, records: records) else { return nil }
        var speakerOfID: [String: String] = [:]
        for record in records {
            if let id = value(record, link.id).flatMap(ConversationRowParser.identifier), let who = who(record) {
                speakerOfID[id] = who
            }
        }
        let answers = records.contains { record in
            guard let parent = value(record, link.parent).flatMap(ConversationRowParser.identifier),
                let asked = speakerOfID[parent], let who = who(record)
            else { return false }
            return asked != who
        }
        guard answers else { return nil }
        let note =
            "records are messages (\(speaker) names the speakers, \(link.parent) names the message each answers):"
            + " chained into conversations by \(link.parent)" + ordered + roles
            + " --reply-link \(shellWord(link.id + ":" + link.parent))" + orderOption + optOut
        return (ConversationOptions(grouping: .replyLink(id: link.id, parent: link.parent), orderBy: order), note)
    }

    /// The value at `path` in `record`: a member, or a dotted path inside it (`reference.messageId`).
    private static func value(_ record: JSONObject, _ path: String) -> JSONValue? {
        record[path] ?? (path.contains(".") ? JSONValue.object(record).value(atPath: path) : nil)
    }

    /// Whether some record's parent (``replyLink(_:records:)``) names another record's id.
    private static func linksMessages(_ link: (id: String, parent: String), _ records: [JSONObject]) -> Bool {
        let ids = Set(records.compactMap { value($0, link.id).flatMap(ConversationRowParser.identifier) })
        return records.contains { record in
            value(record, link.parent).flatMap(ConversationRowParser.identifier).map(ids.contains) == true
        }
    }

    /// What a conversation field does, for notes.
    private static func conversationWords(_ field: String) -> String {
        threadRootFields.contains(FieldMapping.normaliseKey(field))
            ? "names the first message of each thread, which names none" : "repeats"
    }

    /// Members holding an object that names the message answered (DiscordChatExporter's `reference`, Discord's
    /// `message_reference`).
    static let referenceNames = ["reference", "message_reference", "reply_to", "in_reply_to", "replied_to"]

    /// A field holding each message's id and one naming the message it answers: `in_response_to_X` or
    /// `in_reply_to_X` beside `X`, `parent_id` beside `id` or `message_id`, `reply_to_message_id` (Telegram's)
    /// beside `id`, `replyto` beside `id` (HESK's, naming the ticket: it groups, see ``linksMessages(_:_:)``);
    /// else an object some record holds under a name of ``referenceNames`` with a message's id in it
    /// (`reference.messageId` beside `id`). (Microsoft Graph's `replyToId` names a thread: ``threadRootFields``.)
    static func replyLink(_ keys: [(key: String, normal: String)], records: [JSONObject] = []) -> (
        id: String, parent: String
    )? {
        for parent in keys {
            // HESK's `replyto` (the ticket a reply belongs to; elsewhere it may name a message: the records tell).
            if parent.normal == "replyto",
                let id = keys.first(where: { $0.normal == "id" }) ?? keys.first(where: { $0.normal == "message_id" })
            {
                return (id.key, parent.key)
            }
            for prefix in ["in_response_to_", "in_reply_to_", "parent_", "reply_to_"]
            where parent.normal.hasPrefix(prefix) {
                let target = String(parent.normal.dropFirst(prefix.count))
                // `parent_ticket_id` links tickets, not messages; `reply_to_address` is mail's.
                if prefix == "parent_", target != "id", target != "message_id" { continue }
                if prefix == "reply_to_", target != "message_id" { continue }
                let candidates = target == "id" || prefix == "reply_to_" ? ["message_id", "id"] : [target]
                for candidate in candidates {
                    if let id = keys.first(where: { $0.normal == candidate }) { return (id.key, parent.key) }
                }
            }
        }
        guard let id = keys.first(where: { $0.normal == "id" }) ?? keys.first(where: { $0.normal == "message_id" })
        else { return nil }
        for record in records {
            for member in record.members where referenceNames.contains(FieldMapping.normaliseKey(member.key)) {
                guard let inner = member.value.objectValue,
                    let target = inner.keys.first(where: {
                        ["message_id", "id"].contains(FieldMapping.normaliseKey($0))
                    })
                else { continue }
                return (id.key, member.key + "." + target)
            }
        }
        return nil
    }
}
