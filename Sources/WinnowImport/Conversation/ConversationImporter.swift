import Foundation
import WinnowCore
import WinnowMail

/// Imports exports where each record is one message: records are grouped into conversations (by a field, or by
/// reply links), ordered, told apart by role, and made into examples (``ConversationAssembler``).
///
/// The file is read once, in chunks parsed on several threads; each message's text and fields go to a temporary
/// spill file and a compact index (``ConversationIndex``) keeps the rest, so memory grows by tens of bytes per
/// message, not by the file's size. At the end the conversations are assembled in the order of their first row,
/// which makes the examples' order, and so a resumed import, deterministic. Records that cannot be read are
/// quarantined first, in file order.
public struct ConversationImporter: Importer {
    /// The format's own importer, which cuts and parses the records.
    let base: any Importer
    let conversation: ConversationOptions
    /// Threads parsing chunks.
    let workers: Int

    /// An importer grouping the records `base` reads (in chunks of records that are objects).
    public init(base: any Importer, conversation: ConversationOptions, workers: Int) {
        self.base = base
        self.conversation = conversation
        self.workers = max(1, workers)
    }

    /// Opens `file` with the format's importer; its notes (not its mapping, which the message rows decide) come
    /// first, and its digest, when opening worked it out, is the file's.
    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let opened = try ObjectRecords.open(
            base, file, options: options,
            refusal: "conversation options read CSV, JSONL and JSON files, one message per record")
        let chunks = opened.chunks
        let objectParser = opened.parser
        return OpenedFile(
            preamble: opened.notes, digest: opened.digest,
            records: .stream(
                RecordStream(
                    { body in
                        var chunks = chunks
                        try group(chunks: &chunks, parser: objectParser, file.displayPath, options: options, body)
                    }, close: { chunks.reader.close() })))
    }

    /// Reads the message rows of `chunks`, groups them and streams the conversations' examples.
    private func group(
        chunks opened: inout ChunkedRecords, parser objectParser: any ObjectChunkParser, _ displayPath: String,
        options: ImportOptions, _ body: (ImportEvent) throws -> Void
    ) throws {
        let rowParser = ConversationRowParser(
            parser: objectParser, mapping: options.mapping, options: conversation, displayPath: displayPath)
        let spill = try SpillFile()
        var index = ConversationIndex(
            grouping: conversation.grouping, isOrdered: conversation.orderBy != nil, sessionGap: conversation.sessionGap
        )
        var announcer = MappingAnnouncer()
        var roleRules: [TurnRoleRule] = []
        var rowsWithoutText = 0
        var rowsWithBody = 0
        var firstMapping: ResolvedMapping?
        var bytesRead: UInt64 = 0
        var webhookEvents = MessagingWebhook.Reading()
        try opened.forEachChunk(workers: workers, { rowParser.parse($0) }) { parsed in
            for mapping in parsed.mappings { try announcer.pass(.mapping(mapping), to: body) }
            if firstMapping == nil { firstMapping = parsed.mappings.first }
            for rule in parsed.roleRules where !roleRules.contains(rule) {
                roleRules.append(rule)
                try body(.note("\(summary) \(rule.summary)"))
            }
            webhookEvents.count(eventsOf: parsed.webhookEvents)
            let spillBase = try spill.append(parsed.spill)
            for item in parsed.items {
                switch item {
                case .row(let row):
                    // A notice or a deleted message is counted as such, text or none.
                    if !row.hasText, row.role != .notice, row.role != .deleted { rowsWithoutText += 1 }
                    if row.hasBody { rowsWithBody += 1 }
                    index.add(row, spillBase: spillBase)
                case .failure(let error): try body(.failure(error))
                case .unusable(let error):
                    // The first record decides whether the file can be read as messages at all.
                    if index.count == 0 {
                        throw ImportError(kind: error.kind, file: displayPath, message: error.message)
                    }
                    try body(.failure(error))
                }
            }
            bytesRead = parsed.bytesRead
            try body(.progress(bytesRead: bytesRead))
        }

        if index.count > 0, rowsWithBody == 0, index.count > rowsWithoutText, let mapping = firstMapping,
            let subject = mapping.assignment[.input]?.first,
            FieldMapping.isSubjectName(subject)
        {
            // Every message repeating its subject (`Re: ...`) and nothing else: the text is in a field the
            // mapping does not know.
            let others = mapping.keys.filter { $0 != subject }
            throw ImportError(
                kind: .invalidMapping, file: displayPath,
                message: "the message rows have no text beside their subject (\(subject)); name the field holding"
                    + " it with --map input=FIELD (fields: \(others.joined(separator: ", ")))")
        }
        var tickets: TicketJoin?
        if let source = options.tickets {
            guard case .field = conversation.grouping else {
                throw ImportError(
                    kind: .invalidMapping, file: displayPath,
                    message: "--tickets joins tickets to conversations grouped by a field (--conversation-by), not to"
                        + " reply chains")
            }
            tickets = try TicketJoin.load(
                source, keys: Set(index.conversationKeysSeen), mapping: options.mapping)
        }
        var joined = 0
        var openedByTicket = 0
        let assembler = ConversationAssembler(unit: conversation.examples, file: displayPath)
        let cleansReplies = options.cleanReplies ?? false
        var buffer: [UInt8] = []
        var withoutReply = 0
        var withTrailingTurns = 0
        var conversations = 0
        var mixedLabels = 0
        var repeatedMessages = 0
        try index.forEachConversation { key, rows in
            var turns: [ConversationTurn] = []
            turns.reserveCapacity(rows.count)
            var first: SpilledMessage?
            var label: String?
            var labelsDiffer = false
            var subjects: [String] = []
            var removed = CleanedReply(text: "")
            var keptWhole = false
            // Messages by id and text: a row repeating one is the same message again (a webhook's later event for
            // it, Telnyx's `message.finalized` after `message.sent`; a row exported twice), kept once.
            var messagesSeen: Set<[String]> = []
            for row in rows {
                try spill.read(offset: row.offset, length: row.length, into: &buffer)
                guard
                    let message = buffer.withUnsafeBytes({
                        SpilledMessage(UnsafeRawBufferPointer(rebasing: $0[..<row.length]))
                    })
                else {
                    throw ImportError(
                        kind: .unreadableFile, file: displayPath,
                        message: "the temporary file grouping messages was cut short")
                }
                if let id = message.messageID, !messagesSeen.insert([id, message.text]).inserted {
                    repeatedMessages += 1
                    continue
                }
                if first == nil { first = message }
                if let given = message.label {
                    if label == nil { label = given } else if label != given { labelsDiffer = true }
                }
                var text = message.text
                let spoken = row.role == .customer || row.role == .agent
                if cleansReplies, spoken, !text.isEmpty {
                    let cleaned = ExampleDraft.cleanedMessage(text, fromAgent: row.role == .agent)
                    if cleaned.keptWhole {
                        keptWhole = true
                    } else {
                        text = cleaned.text
                        removed = removed.merged(with: cleaned)
                    }
                }
                if spoken, let subject = message.subject.map(SubjectLine.withoutReplyPrefix), !subject.isEmpty {
                    // The subject opens the conversation; a reply's `RE: ...` repeats it and is left out, a new
                    // subject stays above its message (and its replies leave it out in turn).
                    if !subjects.contains(where: { SubjectLine.repeats(subject, $0) }) {
                        subjects.append(subject)
                        text = SubjectLine.input(subject: subject, body: text)
                    }
                }
                turns.append(
                    ConversationTurn(role: row.role, text: text, ordinal: row.ordinal, messageID: message.messageID))
            }
            let id = key ?? first?.messageID ?? ""
            // A label that changes from message to message (a message's kind: `text`, `note`, `file`) is not the
            // conversation's.
            if labelsDiffer { mixedLabels += 1 }
            var metadata = first?.metadata ?? JSONObject()
            for (name, value) in removed.metadata { metadata[name] = value }
            if keptWhole { metadata["reply_kept_whole"] = .bool(true) }
            var conversationLabel = labelsDiffer ? nil : label
            if let ticket = key.flatMap({ tickets?.ticket($0) }) {
                // The ticket's record joins the conversation: its label where the messages give none, its fields
                // in metadata, and its description as the opening message where the messages do not hold it (a
                // case's comments answer a description kept on the case).
                joined += 1
                conversationLabel = conversationLabel ?? ticket.label
                metadata["ticket"] = .object(ticket.record)
                metadata["ticket_source"] = .string(
                    "\(tickets?.source.displayPath ?? ""), \(ticket.locator.description)")
                if let opening = ticket.opening, !ConversationImporter.holds(turns, opening) {
                    turns.insert(ConversationTurn(role: .customer, text: opening, ordinal: -1, messageID: nil), at: 0)
                    openedByTicket += 1
                }
            }
            let outcome = assembler.assemble(id: id, turns: turns, label: conversationLabel, metadata: metadata)
            conversations += 1
            if outcome.hasNoReply { withoutReply += 1 }
            if outcome.hasTrailingCustomerTurns { withTrailingTurns += 1 }
            for result in outcome.results {
                switch result {
                case .success(let draft): try body(.record(draft))
                case .failure(let error): try body(.failure(error))
                }
            }
            if conversations % 4096 == 0 { try body(.progress(bytesRead: bytesRead)) }
        }
        for note in notes(
            index: index, conversations: conversations, withoutReply: withoutReply,
            withTrailingTurns: withTrailingTurns, rowsWithoutText: rowsWithoutText, mixedLabels: mixedLabels,
            repeatedMessages: repeatedMessages, roleRules: roleRules, webhookEvents: webhookEvents)
        {
            try body(.note(note))
        }
        if let tickets {
            var note =
                "\(joined) of \(conversations) conversations joined to their tickets in"
                + " \(tickets.source.displayPath) by \(tickets.idField)"
            if let field = tickets.labelField { note += " (label from \(field) where the messages give none)" }
            if openedByTicket > 0 { note += "; \(openedByTicket) opened by their ticket's description" }
            let unmatched = tickets.ticketsRead - tickets.tickets.count
            if unmatched > 0 {
                note +=
                    "; \(unmatched) of its \(tickets.ticketsRead) tickets name no conversation of this file"
                    + " (import it alone for them)"
            }
            if tickets.unreadable > 0 { note += "; \(tickets.unreadable) of its records could not be read" }
            try body(.note(note))
        }
    }

    /// Whether a customer turn of `turns` holds `opening` (a ticket's subject and description): the first
    /// message of an e-mail case is its description, perhaps cut short by the helpdesk, perhaps longer.
    static func holds(_ turns: [ConversationTurn], _ opening: String) -> Bool {
        func normal(_ text: String) -> String {
            text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let wanted = normal(opening)
        let start = String(wanted.prefix(200))
        return turns.contains { turn in
            guard turn.role == .customer, !turn.text.isEmpty else { return false }
            let text = normal(turn.text)
            return text.contains(start) || (text.count >= 20 && wanted.hasPrefix(text))
        }
    }

    /// How the rows are grouped, for the note announcing the role rule.
    private var summary: String {
        var words: String
        switch conversation.grouping {
        case .field(let field): words = "conversations grouped by \(field)"
        case .replyLink(let id, let parent): words = "conversations linked by \(parent) -> \(id)"
        case .file: words = "the whole file one conversation"
        case .party(let from, let to) where from == to:
            words = "conversations by the customer's \(from), a new one after \(conversation.sessionGapWords)"
        case .party(let from, let to):
            words =
                "conversations by the customer's \(from) (of a customer's message) or \(to) (of an agent's),"
                + " a new one after \(conversation.sessionGapWords)"
        }
        if let orderBy = conversation.orderBy { words += ", ordered by \(orderBy)" }
        words += ", one example per \(conversation.examples.rawValue);"
        return words
    }

    /// What the user should know about the grouping, in counts.
    private func notes(
        index: ConversationIndex, conversations: Int, withoutReply: Int, withTrailingTurns: Int, rowsWithoutText: Int,
        mixedLabels: Int, repeatedMessages: Int, roleRules: [TurnRoleRule], webhookEvents: MessagingWebhook.Reading
    ) -> [String] {
        var notes = ["\(index.count) messages in \(conversations) conversations"]
        if index.brokenChains > 0 {
            notes.append(
                "\(index.brokenChains) reply chains start at a message whose parent is not in the file;"
                    + " imported from their earliest present message")
        }
        if index.cycles > 0 {
            notes.append("\(index.cycles) reply cycles broken at their earliest row")
        }
        if index.deletedRows > 0 {
            // Reply chains leave out what answers a deleted message; rows grouped by a field name nothing they
            // answer, so the rest of their conversation stays.
            let rest =
                switch conversation.grouping {
                case .field, .file, .party: "; the other rows of their conversations kept"
                case .replyLink where index.repliesToDeleted > 0:
                    ", and the \(index.repliesToDeleted) replies to them with them"
                case .replyLink: "; no reply answers them"
                }
            // FreeScout's drafts (`state` 1) are left out as deleted messages are.
            let draftState = roleRules.lazy.compactMap { rule -> String? in
                if case .authorColumns(_, _, let state?) = rule.reading { state } else { nil }
            }.first
            let why =
                draftState.map { "drafts never sent (\($0) 1), or a deleted field true or a deletion time" }
                ?? "a deleted or IsDeleted field true, or a deletion time"
            notes.append("\(index.deletedRows) message rows left out as deleted (\(why))" + rest)
        }
        if index.noticeRows > 0 {
            let kinds = index.noticeKinds.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            notes.append(
                "\(index.noticeRows) message rows left out as notices, nobody's words (\(kinds)); the replies to them"
                    + " kept")
        }
        if index.branchingTrees > 0 {
            notes.append(
                "\(index.branchingTrees) reply trees answer a message more than once: one conversation per branch"
                    + " (\(index.branchPaths) in all), each with the turns before it; they share a ticket id")
        }
        if index.repeatedIDs > 0 {
            notes.append("\(index.repeatedIDs) rows repeat the message id of an earlier row; replies link to the first")
        }
        if conversation.grouping.joinsByParty, conversation.orderBy == nil {
            notes.append(
                "no --order-by: each customer's rows are one conversation, in file order (--order-by FIELD cuts them"
                    + " at \(conversation.sessionGapWords))")
        }
        if repeatedMessages > 0 {
            notes.append(
                "\(repeatedMessages) rows repeat a message of their conversation (its id and text: a later event for"
                    + " it, or the row exported twice): kept once")
        }
        if index.unorderedConversations > 0, let example = index.unreadableTimeExample {
            notes.append(
                "\(index.unorderedConversations) conversations have \(conversation.orderBy ?? "order") values that"
                    + " are not timestamps (for example '\(ImportError.clip(example.value, limit: 40))' at row"
                    + " \(example.row)); file order decides for them")
        }
        if withoutReply > 0 {
            notes.append("\(withoutReply) conversations have no agent reply: imported without a response")
        }
        if withTrailingTurns > 0 {
            notes.append(
                "\(withTrailingTurns) conversations end with customer turns after the last agent reply:"
                    + " in reply mode they are in no example's input")
        }
        if rowsWithoutText > 0 {
            notes.append("\(rowsWithoutText) message rows have no text: named in their conversation's rows only")
        }
        if !webhookEvents.events.isEmpty {
            let total = webhookEvents.events.reduce(0) { $0 + $1.count }
            notes.append(
                (total == 1 ? "1 webhook event carries" : "\(total) webhook events carry")
                    + " no message (\(MessagingWebhook.eventWords(webhookEvents.events))): counted, not imported")
        }
        if mixedLabels > 0 {
            notes.append(
                "\(mixedLabels) conversations' rows give different labels (a field of each message, not of the"
                    + " conversation): imported without a label (--map label=FIELD names another field)")
        }
        return notes
    }
}

extension ImporterRegistry {
    /// The importer for `format` under `options`: with conversation options, one grouping message rows into
    /// conversations (CSV, JSONL and JSON documents; another format with conversation options throws, naming `file`).
    /// A file of records that holds nothing but white space is quarantined as empty (``BlankFileImporter``), as an
    /// empty page or mail file is, rather than stopping the run (CSV) or reading as no records (JSON).
    /// `location` is where the file is when its name differs (a file unpacked from an archive): what a Slack export's
    /// day files are told by.
    public static func importer(
        for format: SourceFormat, options: ImportOptions, workers: Int, file: SourceFile, location: String? = nil
    ) throws -> any Importer {
        if file.isBlank, ![.eml, .mbox, .html, .parquet, .arrow, .xlsx].contains(format) {
            return BlankFileImporter()
        }
        if let export = options.slackExports.first(where: { $0.holds(location ?? file.displayPath) }) {
            return SlackDayImporter(export: export)
        }
        return try importer(for: format, options: options, workers: workers, file: file.displayPath)
    }

    /// ``importer(for:options:workers:file:location:)`` by the file's name alone, for a file of no Slack export.
    static func importer(for format: SourceFormat, options: ImportOptions, workers: Int, file: String) throws
        -> any Importer
    {
        let plain = ImporterRegistry.importer(for: format)
        if options.conversations == nil, let columns = options.mailRows, [.csv, .jsonl, .json].contains(format) {
            return MailRowsImporter(base: plain, columns: columns)
        }
        guard let conversation = options.conversations else { return plain }
        guard [.csv, .jsonl, .json, .xlsx].contains(format) else {
            throw ImportError(
                kind: .invalidMapping, file: file,
                message: "--conversation-by, --reply-link and --conversation-by-party read CSV, JSONL and JSON files,"
                    + " not \(format.rawValue)")
        }
        return ConversationImporter(base: plain, conversation: conversation, workers: workers)
    }
}

/// Reads a file of records that holds nothing (``SourceFile/isBlank``) as one quarantine entry saying so.
public struct BlankFileImporter: Importer {
    public init() {}

    public func open(_ file: SourceFile, options: ImportOptions) throws -> OpenedFile {
        let failure = RecordFailure(
            kind: .unreadableFile, file: file.displayPath,
            message: file.prefix.isEmpty ? "empty file: no records in it" : "empty file: only white space, no records")
        return OpenedFile(records: .stream(RecordStream { body in try body(.failure(failure)) }))
    }
}
