import Foundation
import WinnowCore

/// A file of tickets whose messages are in another (`--tickets FILE[:FIELD]`): Salesforce's `Case.csv` beside
/// `EmailMessage.csv` or `CaseComment.csv`, a helpdesk's tickets beside their comments, joined by the messages'
/// conversation field.
public struct TicketSource: Sendable, Equatable {
    /// The tickets file.
    public var url: URL
    /// Its name in notes and errors.
    public var displayPath: String
    /// The field holding the ids the messages' conversation field names; nil: the field holding most of them.
    public var idField: String?

    /// A tickets file, joined by `idField` (nil: found).
    public init(url: URL, displayPath: String, idField: String? = nil) {
        self.url = url
        self.displayPath = displayPath
        self.idField = idField
    }

    /// `FILE` or `FILE:FIELD` as the command line gives it: a colon names the field unless the whole argument
    /// names an existing file.
    public init(argument: String) {
        if !FileManager.default.fileExists(atPath: argument), let colon = argument.lastIndex(of: ":"),
            colon != argument.startIndex, argument.index(after: colon) != argument.endIndex
        {
            let path = String(argument[..<colon])
            self.init(
                url: URL(fileURLWithPath: path), displayPath: path,
                idField: String(argument[argument.index(after: colon)...]))
        } else {
            self.init(url: URL(fileURLWithPath: argument), displayPath: argument)
        }
    }
}

/// The tickets of a ``TicketSource`` that the conversations of one file name, by conversation key.
///
/// The tickets file is read once, after the message rows are indexed, so that the id field can be chosen by the
/// conversation keys themselves (the field whose values name the most conversations: Salesforce's `Id`, which the
/// messages' `ParentId` names), and only the tickets of those conversations are kept in memory.
struct TicketJoin {
    /// One ticket: its place in the tickets file, its record, and what the record maps to.
    struct Ticket {
        var locator: Locator
        var record: JSONObject
        /// The ticket's subject and description as the field mapping reads them: the conversation's opening when
        /// its messages do not start with it.
        var opening: String?
        var label: String?
    }

    let source: TicketSource
    /// The field that joined them.
    let idField: String
    /// The label's field in the tickets, when the mapping found one.
    let labelField: String?
    private(set) var tickets: [String: Ticket]
    /// Tickets read, and records that could not be read (counted in the note).
    let ticketsRead: Int
    let unreadable: Int

    /// Reads `source` and keeps the tickets whose id is one of `keys`, mapped with `mapping` (the import's own, so
    /// that `--map label=FIELD` names a field of the tickets too).
    static func load(_ source: TicketSource, keys: Set<String>, mapping: FieldMapping) throws -> TicketJoin {
        let given = try SourceFile(url: source.url, displayPath: source.displayPath)
        // A gzip-compressed tickets file (`Case.csv.gz`) is read as the file it holds.
        let gunzipped = GzipCopy.isGzip(given.prefix) ? try GzipCopy(of: given) : nil
        defer { gunzipped?.remove() }
        let file = gunzipped?.file ?? given
        guard let format = SourceFormat.detect(path: file.url.path, prefix: file.prefix),
            [.csv, .jsonl, .json].contains(format)
        else {
            throw ImportError(
                kind: .invalidMapping, file: source.displayPath,
                message: "--tickets reads a CSV, JSONL or JSON file of ticket records")
        }
        let opened = try ImporterRegistry.importer(for: format).open(file, options: ImportOptions())
        guard case .chunks(var chunks) = opened.records, let parser = chunks.parser as? any ObjectChunkParser else {
            opened.close()
            throw ImportError(
                kind: .invalidMapping, file: source.displayPath, message: "--tickets reads records, one ticket each")
        }
        defer { chunks.reader.close() }
        // Records that name a conversation in some field, with the count of names per field.
        var kept: [(locator: Locator, record: JSONObject)] = []
        var matchesByField: [String: Int] = [:]
        var read = 0
        var unreadable = 0
        try chunks.forEachChunk(
            workers: 1,
            { chunk in
                var objects: [(Locator, JSONObject?)] = []
                parser.forEachObject(chunk) { locator, result in
                    if case .success(let object) = result {
                        objects.append((locator, object))
                    } else {
                        objects.append((locator, nil))
                    }
                }
                return objects
            }
        ) { objects in
            for (locator, object) in objects {
                guard let object else {
                    unreadable += 1
                    continue
                }
                read += 1
                var named = false
                for member in object.members where source.idField == nil || member.key == source.idField {
                    guard let id = ConversationRowParser.identifier(member.value),
                        keys.contains(id)
                    else { continue }
                    matchesByField[member.key, default: 0] += 1
                    named = true
                }
                if named { kept.append((locator, object)) }
            }
        }
        if let wanted = source.idField, read > 0, matchesByField[wanted] == nil,
            !kept.contains(where: { $0.record[wanted] != nil })
        {
            let fields = (kept.first?.record.keys ?? [])
            throw ImportError(
                kind: .invalidMapping, file: source.displayPath,
                message: "no ticket's '\(wanted)' names a conversation"
                    + (fields.isEmpty ? "" : " (fields: \(fields.joined(separator: ", ")))"))
        }
        let idField =
            source.idField ?? matchesByField.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "id"
        var tickets: [String: Ticket] = [:]
        var labelField: String?
        var mappings: [[String]: ResolvedMapping] = [:]
        for (locator, record) in kept {
            guard let id = record[idField].flatMap(ConversationRowParser.identifier), keys.contains(id),
                tickets[id] == nil
            else { continue }
            // Tickets of one file share their keys: the mapping is resolved once per set of keys.
            let recordKeys = record.keys
            let resolved = mappings[recordKeys] ?? mapping.resolve(keys: recordKeys)
            mappings[recordKeys] = resolved
            if labelField == nil { labelField = resolved.assignment[.label]?.first }
            var ticket = Ticket(locator: locator, record: record)
            if case .success(let draft) = resolved.draft(
                from: record, file: source.displayPath, locator: locator, raw: "")
            {
                ticket.opening = draft.input.isEmpty ? nil : draft.input
                ticket.label = draft.label
            }
            tickets[id] = ticket
        }
        return TicketJoin(
            source: source, idField: idField, labelField: labelField, tickets: tickets, ticketsRead: read,
            unreadable: unreadable)
    }

    /// The ticket of conversation `key`.
    func ticket(_ key: String) -> Ticket? { tickets[key] }
}
