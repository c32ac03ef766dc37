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
/// Without a role field, a field naming the speaker (a chat log's `from`) makes messages of records when one
/// conversation holds two speakers or more.
public enum ConversationDetection {
    /// Conversation fields, in order of preference (as ``FieldMapping/normaliseKey(_:)``).
    static let conversationFields = [
        "conversation_id", "ticket_id", "thread_id", "chat_id", "case_id", "session_id", "dialog_id", "dialogue_id",
        "convo_id", "ticket_number", "case_number", "conversation", "ticket", "chat", "thread",
    ]

    /// The conversation options a file's first records call for, with a note saying what was seen; nil when its
    /// records are not messages (or the format is not one conversations are read from).
    public static func detect(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        options: ConversationOptions, note: String
    )? {
        sampleRecords(file, format: format, options: options).flatMap(detect(records:))
    }

    /// For conversation options given without `--role-by`: the role column the file's first records need when the
    /// one preferred by name does not tell both sides apart and another does (a `Sender` of addresses beside a
    /// `Direction`), with a note; nil when the preferred one does, or none does.
    public static func roleColumn(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> (
        field: String, note: String
    )? {
        guard let records = sampleRecords(file, format: format, options: options), records.count >= 2,
            let keys = records.first?.keys
        else { return nil }
        let candidates = TurnRoleRule.candidates(keys: keys)
        guard let preferred = candidates.first, !tellsBothSides(preferred, records),
            let rule = candidates.dropFirst().first(where: { tellsBothSides($0, records) })
        else { return nil }
        return (
            rule.field,
            "roles from \(rule.field): \(preferred.field) names no side in the first records (the same as --role-by"
                + " \(rule.field))"
        )
    }

    /// Whether a role rule finds both customers and agents among `records`.
    private static func tellsBothSides(_ rule: TurnRoleRule, _ records: [JSONObject]) -> Bool {
        let sides = Set(records.map(rule.role(of:)))
        return sides.contains(.customer) && sides.contains(.agent)
    }

    /// The first records of a file conversations are read from (CSV, JSONL, a JSON array), nil for other formats.
    static func sampleRecords(_ file: SourceFile, format: SourceFormat, options: ImportOptions) -> [JSONObject]? {
        let records: [JSONObject]
        switch format {
        case .csv:
            guard options.encoding == .automatic || options.encoding == .utf8,
                UTF16Text.order(of: file.prefix) == nil
            else { return nil }
            records = CSVImporter.sampleRecords(file.prefix)
        case .jsonl:
            var lines = file.prefix.split(separator: 0x0A)
            // A prefix that is not the whole file may end inside a line.
            if file.prefix.count >= SourceFile.prefixLength, !lines.isEmpty { lines.removeLast() }
            records = lines.prefix(500).compactMap { line in
                line.withUnsafeBytes { bytes in (try? JSONParser.parse(bytes: bytes))?.objectValue }
            }
        case .json:
            // An array's first chunk of records, as its reading cuts them (no more than a block is read). An object
            // is not looked into: finding its array of records takes a pass over the file, which the import would
            // then make again.
            guard (try? JSONDocumentImporter.firstByte(of: file)) == UInt8(ascii: "["),
                var opened = try? JSONDocumentImporter().open(file, options: options)
            else { return nil }
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
        return records
    }

    /// A subject column of the file's first records that is a category (``FieldMapping/categoricalSubject(in:)``),
    /// with a note saying so.
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

    /// ``detect(_:format:options:)`` on records already read.
    static func detect(records: [JSONObject]) -> (options: ConversationOptions, note: String)? {
        guard records.count >= 2, let keys = records.first?.keys else { return nil }
        // The first role column that tells the sides apart here: both speak (a `sender` of addresses names no side,
        // a `direction` beside it may).
        let candidates = TurnRoleRule.candidates(keys: keys)
        guard let role = candidates.first(where: { tellsBothSides($0, records) }) else {
            return candidates.isEmpty ? detectBySpeakers(records: records, keys: keys) : nil
        }
        // A column other than the one preferred by name is named, as `--role-by` would.
        let roleBy = role == candidates.first ? nil : role.field
        let normalised = keys.map { (key: $0, normal: FieldMapping.normaliseKey($0)) }
        let order = FieldMapping.orderNames.lazy.compactMap { name in
            normalised.first { $0.normal == FieldMapping.normaliseKey(name) }?.key
        }.first
        let roles = "roles from \(role.field)"
        let ordered = (order.map { " --order-by \($0)" } ?? "") + (roleBy.map { " --role-by \($0)" } ?? "")
        func optOut(_ options: String) -> String {
            "; the same as \(options)\(ordered) (add --examples reply for one example per agent reply);"
                + " --no-conversations imports each record alone"
        }
        var groupings = conversationFields.compactMap { name in normalised.first { $0.normal == name }?.key }
        if let link = replyLink(normalised) {
            // A parent that names messages of the file links replies; one that names something else (Salesforce's
            // `ParentId`, the case an e-mail belongs to) groups them.
            let ids = Set(records.compactMap { $0[link.id]?.scalarText })
            if records.contains(where: { $0[link.parent]?.scalarText.map(ids.contains) == true }) {
                let note =
                    "records are messages (\(roles); \(link.parent) names the message each answers): chained into"
                    + " conversations by \(link.parent)" + optOut("--reply-link \(link.id):\(link.parent)")
                return (
                    ConversationOptions(
                        grouping: .replyLink(id: link.id, parent: link.parent), orderBy: order, roleBy: roleBy), note
                )
            }
            groupings.append(link.parent)
        }
        for field in groupings {
            var seen = Set<String>()
            var repeats = false
            for record in records {
                guard let value = record[field]?.scalarText, !value.isEmpty else { continue }
                if !seen.insert(value).inserted {
                    repeats = true
                    break
                }
            }
            guard repeats else { continue }
            let note =
                "records are messages (\(roles); \(field) repeats): joined into conversations by \(field)"
                + (order.map { ", ordered by \($0)" } ?? ", in file order") + optOut("--conversation-by \(field)")
            return (ConversationOptions(grouping: .field(field), orderBy: order, roleBy: roleBy), note)
        }
        return nil
    }

    /// Records with no role column but a speaker's name (a chat log: `from`, `author`, `user`) and a conversation
    /// field: messages when one conversation holds two speakers or more in the first records. Whoever opens a
    /// conversation is then the customer (``TurnRoleRule/Reading/openerIsCustomer``).
    static func detectBySpeakers(records: [JSONObject], keys: [String]) -> (options: ConversationOptions, note: String)?
    {
        let normalised = keys.map { (key: $0, normal: FieldMapping.normaliseKey($0)) }
        guard
            let speaker = TurnRoleRule.speakerNameFields.lazy.compactMap({ name in
                normalised.first { $0.normal == name }?.key
            }).first
        else { return nil }
        let order = FieldMapping.orderNames.lazy.compactMap { name in
            normalised.first { $0.normal == FieldMapping.normaliseKey(name) }?.key
        }.first
        for field in conversationFields.compactMap({ name in normalised.first { $0.normal == name }?.key }) {
            var speakersOf: [String: Set<String>] = [:]
            for record in records {
                guard let value = record[field]?.scalarText, !value.isEmpty,
                    let who = record[speaker]?.scalarText?.trimmingSpaces, !who.isEmpty
                else { continue }
                speakersOf[value, default: []].insert(who.lowercased())
            }
            guard speakersOf.values.contains(where: { $0.count >= 2 }) else { continue }
            let note =
                "records are messages (\(speaker) names the speakers, \(field) repeats): joined into conversations by"
                + " \(field)" + (order.map { ", ordered by \($0)" } ?? ", in file order")
                + "; whoever opens a conversation is the customer, the others answer; the same as --conversation-by"
                + " \(field)" + (order.map { " --order-by \($0)" } ?? "")
                + " (--role-by FIELD --agent-values V1,V2 names the agents instead); --no-conversations imports each"
                + " record alone"
            return (ConversationOptions(grouping: .field(field), orderBy: order), note)
        }
        return nil
    }

    /// A field holding each message's id and one naming the message it answers: `in_response_to_X` or
    /// `in_reply_to_X` beside `X`, or `parent_id` beside `id` or `message_id`.
    private static func replyLink(_ keys: [(key: String, normal: String)]) -> (id: String, parent: String)? {
        for parent in keys {
            for prefix in ["in_response_to_", "in_reply_to_", "parent_"] where parent.normal.hasPrefix(prefix) {
                let target = String(parent.normal.dropFirst(prefix.count))
                // `parent_ticket_id` links tickets, not messages.
                if prefix == "parent_", target != "id", target != "message_id" { continue }
                let candidates = target == "id" ? ["message_id", "id"] : [target]
                for candidate in candidates {
                    if let id = keys.first(where: { $0.normal == candidate }) { return (id.key, parent.key) }
                }
            }
        }
        return nil
    }
}
