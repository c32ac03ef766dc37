import Foundation
import WinnowCore

/// Imports a JSON document (UTF-8, with or without a byte order mark): a top-level array of records, or an object
/// holding the array of records at ``ImportOptions/recordsPath`` (`data.tickets`).
///
/// Without a records path, a top-level object is surveyed for arrays of objects reached through objects only: one
/// such array holds the records (a note names it); several are refused with their list; none (or only the
/// record's own turns, such as `messages`) makes the object itself the one record. The document streams: its
/// structure is checked as it is cut into chunks of whole records, which parse independently on several threads
/// and map exactly like JSONL lines, quarantined as `record N`. A record whose brackets close but whose text is not
/// valid JSON is quarantined and reading goes on; a fault in the document's structure is quarantined with its
/// line, column and byte offset, and ends the file, keeping the records before it.
public struct JSONDocumentImporter: Importer {
    /// Bytes read from the file at a time (tests use small blocks to put records across block edges).
    let blockSize: Int

    /// An importer.
    public init() { blockSize = 1 << 20 }

    /// An importer reading `blockSize` bytes at a time.
    init(blockSize: Int) { self.blockSize = blockSize }

    public func open(_ original: SourceFile, options: ImportOptions) throws -> OpenedFile {
        // UTF-16 with a byte order mark is read through a UTF-8 copy, unlinked once the reader holds it open.
        let (utf8, copy, note) = try UTF16Text.utf8Source(original)
        defer { if let copy { try? FileManager.default.removeItem(at: copy) } }
        // An X archive's script is read as the document it assigns.
        let (file, scriptCopy, scriptNote, owner) = try ArchiveScript.jsonSource(utf8)
        defer { if let scriptCopy { try? FileManager.default.removeItem(at: scriptCopy) } }
        let location = try locateRecords(file: file, options: options)
        var mapping = options.mapping
        if let thread = location.thread, mapping.explicit[.messages] == nil { mapping.explicit[.messages] = [thread] }
        var preamble: [ImportEvent] = [note, scriptNote].compactMap { $0 }
        // An X archive's messages: the archive's own account (its `account.js`) is the team's, every other sender
        // the customer.
        if scriptCopy != nil, mapping.turnRoles == nil {
            if let account = ArchiveScript.account(beside: original.url) {
                mapping.turnRoles = FieldMapping.TurnRoles(field: ArchiveScript.senderField, agentValues: [account.id])
                preamble.append(
                    .note(
                        "\(file.displayPath): the archive's account (\(account.username.map { "@" + $0 + ", " } ?? "")"
                            + "id \(account.id) in account.js beside it) writes the team's messages, every other"
                            + " sender the customer's (the same as --role-by \(ArchiveScript.senderField)"
                            + " --agent-values \(account.id))"))
            } else if let owner {
                // No account.js: the account in every conversation is the archive's own.
                mapping.turnRoles = FieldMapping.TurnRoles(field: ArchiveScript.senderField, agentValues: [owner.id])
                preamble.append(
                    .note(
                        "\(file.displayPath): account \(owner.id) is in every one of the \(owner.conversations)"
                            + " conversations, so it is taken for the archive's own: it writes the team's messages,"
                            + " every other sender the customer's (the same as --role-by \(ArchiveScript.senderField)"
                            + " --agent-values \(owner.id); account.js beside the file names the account)"))
            }
        }
        if let note = location.note { preamble.append(.note(note)) }
        var reader = try ChunkReader(
            url: file.url, displayPath: file.displayPath, scanner: JSONRecordScanner(location: location.location),
            blockSize: blockSize)
        // Records that are rows of values (CLINC150's `["how do I...", "balance"]`), told by the first.
        var readsRows = false
        if location.location != .document, let first = try reader.next() {
            readsRows =
                first.records.first.map { span in
                    ObjectRecordMapper.opensRows(
                        first.bytes[span.start..<span.end].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })
                } ?? false
            reader.unread(first)
        }
        // Rows whose columns the document names beside them (pandas' `orient="split"`: `columns`, then `data`).
        var rowNames: [String]?
        if readsRows, case .array(let path) = location.location, path.count == 1 {
            rowNames = JSONDocumentSurvey.columnNames(inPrefix: file.prefix)
            if let rowNames, mapping.explicit.isEmpty {
                preamble.append(
                    .note("the rows' values are named by the document's columns: \(rowNames.joined(separator: ", "))"))
            }
        }
        let memberPath = options.recordsPathNamed && location.location != .document ? options.recordsPath : nil
        // A Dialogflow agent's training phrases name their intent in the file's name only.
        let intent = options.mapping.explicit[.label] == nil ? UserSaysFile.intent(of: file.displayPath) : nil
        var intentResponse: String?
        if let intent {
            intentResponse = UserSaysFile.response(beside: original.url, intent: intent)
            preamble.append(
                .note(
                    "\(file.displayPath): a Dialogflow agent's training phrases of intent \(intent), told by the file's"
                        + " name: each is labelled \(intent) (--map label=FIELD says otherwise)"
                        + (intentResponse == nil
                            ? "" : "; their response is the intent's first text answer, in \(intent).json beside it")))
        }
        var parser = JSONDocumentChunkParser(
            displayPath: file.displayPath, mapping: mapping, cleansReplies: options.cleanReplies ?? false,
            mayBeKeyedCollection: location.location == .document && options.recordsPath == nil
                && location.thread == nil,
            memberPath: memberPath, repairsEscapedUTF8: ObjectRecordMapper.escapesUTF8AsLatin1(file.prefix),
            readsRows: readsRows, rowNames: rowNames)
        // The conversation a document's records are of, named before them (Genesys Cloud's `conversationId` above
        // its `transcripts`): their ticket id where they name none.
        if case .array(let path) = location.location, path.count == 1, mapping.explicit[.ticketID] == nil,
            let head = JSONDocumentSurvey.head(inPrefix: file.prefix), head.firstArray == path[0]
        {
            parser.documentTicketID = ResolvedMapping.describedID(in: .object(head.members))
        }
        return OpenedFile(
            preamble: preamble, part: memberPath,
            records: .chunks(
                ChunkedRecords(
                    reader: reader,
                    parser: intent.map { UserSaysParser(label: $0, response: intentResponse, base: parser) } ?? parser))
        )
    }

    /// Where the records are, and a note saying so when they were found by looking.
    func locateRecords(file source: SourceFile, options: ImportOptions) throws -> (
        location: JSONRecordsLocation, note: String?, thread: String?
    ) {
        let file = source.url
        let displayPath = source.displayPath
        let first = try JSONDocumentImporter.firstByte(of: source)
        let wanted = options.recordsPath.map {
            $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
        if let wanted, wanted.contains(where: \.isEmpty) {
            throw ImportError(
                kind: .invalidMapping, file: displayPath,
                message: "--records '\(options.recordsPath ?? "")' has an empty member name")
        }
        switch first {
        case UInt8(ascii: "["):
            guard let wanted else { return (.array(path: []), nil, nil) }
            throw ImportError(
                kind: .invalidMapping, file: displayPath,
                message: "--records \(wanted.joined(separator: ".")): the document is an array, not an object;"
                    + " leave --records out to read its elements as the records")
        case UInt8(ascii: "{"):
            break
        default:
            throw ImportError(
                kind: .invalidJSON, file: displayPath, locator: .line(1),
                message: "a JSON document must start with '[' or '{' (found \(JSONDocumentImporter.describe(first)));"
                    + " pass --format jsonl or csv if it is not one")
        }
        let survey = try JSONDocumentSurvey(
            file: file, displayPath: displayPath, wanted: wanted, blockSize: blockSize)
        if let wanted {
            let name = wanted.joined(separator: ".")
            switch survey.wantedStart {
            case UInt8(ascii: "[")?: return (.array(path: wanted), nil, nil)
            case let start?:
                throw ImportError(
                    kind: .invalidMapping, file: displayPath,
                    message:
                        "--records \(name) is not an array (it starts with \(JSONDocumentImporter.describe(start)))")
            case nil:
                let found = survey.candidates.map(\.description)
                throw ImportError(
                    kind: .invalidMapping, file: displayPath,
                    message: "--records \(name): no such member in the document"
                        + (found.isEmpty ? "" : "; arrays of objects found: " + found.joined(separator: ", ")))
            }
        }
        let turnArrays = Set(FieldMapping.turnArrayNames.map(FieldMapping.matchingKey))
        let transcripts = Set(JSONDocumentImporter.transcriptNames.map(FieldMapping.matchingKey))
        var holdsTurns = false
        let looksLikeTurn = { (keys: [String]) in
            TurnReader.looksLikeTurn(keys: keys) || TurnReader.looksLikeNamedTurn(keys: keys)
        }
        let found = survey.candidates.filter { candidate in
            let name = FieldMapping.matchingKey(candidate.path[0])
            // A top-level transcript object holding its turns (Contact Center AI Insights'
            // `"transcript": {"transcriptSegments": [...]}`) is the document's one conversation too.
            if candidate.path.count == 2, options.conversations == nil, transcripts.contains(name),
                candidate.sampleKeys.contains(where: looksLikeTurn)
            {
                holdsTurns = true
                return false
            }
            guard candidate.path.count == 1 else { return true }
            if explicitRoots(options.mapping).contains(name) { return false }
            // `conversations` may hold conversations or be one conversation's turns: its first element tells (a
            // messenger's export names its speakers: `sender_name`, `from`). Messages joined into conversations
            // (`--reply-link`) are records. A top-level `Transcript` is one contact's turns (Amazon Connect's,
            // beside its `Participants`), told by its first elements: it may open with an event of no text.
            // Messages that each name the conversation they belong to (Freshchat's `conversation_id`, Channel
            // Talk's `chatId`) may be of several: records, joined into conversations by that field.
            let turns =
                options.conversations == nil
                && (turnArrays.contains(name) && looksLikeTurn(candidate.firstKeys)
                    && !JSONDocumentImporter.namesItsConversation(candidate.firstKeys)
                    || transcripts.contains(name) && candidate.sampleKeys.contains(where: looksLikeTurn))
            if turns { holdsTurns = true }
            return !turns
        }
        // Records keyed by their ids, each holding its own array (MSDialog's `{"123": {"utterances": [...]}}`):
        // the arrays sit at one path under keys that differ, so the keyed objects are the records.
        if found.count >= 2, found.allSatisfy({ $0.path.count >= 2 }),
            Set(found.map { $0.path.dropFirst() }).count == 1,
            Set(found.map { $0.path[0] }).count == found.count
        {
            return (
                .document,
                "the arrays of objects lie at \(found[0].path.dropFirst().joined(separator: ".")) inside"
                    + " objects keyed by their ids: those objects are the records",
                nil
            )
        }
        // Several arrays of which one holds text the others describe (LUIS's `utterances` beside its `intents`, a
        // ticket export's `tickets` beside `users`): that one holds the records.
        var chosenNote = ""
        var candidates = found
        if candidates.count >= 2, candidates.allSatisfy({ $0.objects > 0 }) {
            // A subject alone (Watson's dialog nodes' `title`) is no text beside a body or a list of examples.
            let holdingText = candidates.filter {
                let input = options.mapping.resolve(keys: $0.firstKeys).assignment[.input] ?? []
                return (!input.isEmpty && !input.allSatisfy(FieldMapping.isSubjectName))
                    || AlternativeTexts.keys($0.firstKeys).texts != nil
            }
            if holdingText.count == 1 {
                chosenNote =
                    "; the other arrays name no text field beside a title: "
                    + candidates.filter { $0 != holdingText[0] }.map(\.description).joined(separator: ", ")
                candidates = holdingText
            }
        }
        // Arrays named by the label of the examples they hold (SNIPS's `{"AddToPlaylist": [...], ...}`).
        if !holdsTurns, LabelledGroups.areGroups(candidates, mapping: options.mapping) {
            return (
                .document,
                "the document's arrays (\(candidates.map(\.description).joined(separator: ", "))) hold records alike"
                    + " that name no label: each array's name is its records' label (--records NAME reads one alone)",
                nil
            )
        }
        // A document holding one conversation's turns is that conversation, whatever else it lists (Messenger's
        // `participants`).
        switch holdsTurns ? 0 : candidates.count {
        case 0 where survey.brokeOff:
            return (
                .document,
                "the document breaks off before any array of records in it could be read (its quarantine entry says"
                    + " where)",
                nil
            )
        case 0:
            return (
                .document,
                "no array of records in the document: its top-level object is read as one record (or as the records"
                    + " it holds keyed by their ids, lists of texts named by their labels, or a table's columns)",
                nil
            )
        case 1:
            let candidate = candidates[0]
            let path = candidate.path.joined(separator: ".")
            if JSONDocumentImporter.holdsOneConversation(candidate) {
                return (
                    .document,
                    "the document's one array of objects, \(path), holds messages that name no conversation (roles"
                        + " told, no conversation or ticket field): read as one conversation, the whole document one"
                        + " record (--records \(path) imports each message alone)",
                    path
                )
            }
            let what =
                chosenNote.isEmpty ? "one array of \(candidate.objects == 0 ? "rows" : "objects")" : "array of text"
            return (
                .array(path: candidate.path),
                "records read from \(path), the document's \(what)\(chosenNote) (choose another with --records PATH)",
                nil
            )
        default:
            throw ImportError(
                kind: .invalidMapping, file: displayPath,
                message: "the document has several arrays of \(candidates[0].objects == 0 ? "rows" : "objects"): "
                    + candidates.map(\.description).joined(separator: ", ")
                    + "; choose the records with --records PATH")
        }
    }

    /// Whether a message with these keys names the conversation, ticket or session it belongs to by an id
    /// (``ConversationDetection/conversationFields`` ending in `_id`, `_number` or Twilio's `_sid`; not a thread's
    /// root, nor Google Chat's `topic_id`, which in a direct chat differs from message to message).
    static func namesItsConversation(_ keys: [String]) -> Bool {
        keys.contains { key in
            let normal = FieldMapping.normaliseKey(key)
            return (normal.hasSuffix("_id") || normal.hasSuffix("_number") || normal.hasSuffix("_sid"))
                && ConversationDetection.conversationFields.contains(normal)
                && !ConversationDetection.threadRootFields.contains(normal) && normal != "topic_id"
        }
    }

    /// Top-level arrays that, holding turns, are the document's one conversation (its other arrays describe it).
    static let transcriptNames = ["transcript", "chat_transcript"]

    /// Whether `candidate`, the document's one array of objects, is one conversation's messages: an API's answer
    /// for one ticket's threads (Zoho Desk's `data`, Deskpro's messages) whose elements tell their author's side
    /// (``TurnReader/looksLikeTurn(keys:)``) and name no conversation, ticket or thread they belong to, carry no
    /// subject and no thread of their own; at most ``oneConversationLimit`` of them.
    static func holdsOneConversation(_ candidate: JSONDocumentSurvey.Candidate) -> Bool {
        guard candidate.objects >= 2, candidate.objects <= oneConversationLimit,
            candidate.objects == candidate.elements,
            TurnReader.looksLikeTurn(keys: candidate.firstKeys)
        else { return false }
        let names = Set(candidate.firstKeys.map(FieldMapping.normaliseKey))
        let matching = Set(candidate.firstKeys.map(FieldMapping.matchingKey))
        let excluded =
            ConversationDetection.conversationFields + ["parent_id", "in_reply_to", "in_response_to", "reply_to"]
        return names.isDisjoint(with: excluded)
            && !candidate.firstKeys.contains(where: FieldMapping.isSubjectName)
            && matching.isDisjoint(
                with: (FieldMapping.turnArrayNames + FieldMapping.threadArrayNames).map(FieldMapping.matchingKey))
    }

    /// The most messages a document's one array may hold to be read as one conversation: a longer list of
    /// messages that name no conversation is more likely many conversations with their key lost.
    static let oneConversationLimit = 2_000

    /// The roots of explicit `--map` paths (as ``FieldMapping/matchingKey(_:)``): fields of a record, not records.
    private func explicitRoots(_ mapping: FieldMapping) -> Set<String> {
        Set(mapping.explicitRoots.map(FieldMapping.matchingKey))
    }

    /// The first byte of the file that is not a byte order mark or whitespace: from the bytes read when the file
    /// was named, else (a file starting with more whitespace than that) read on.
    static func firstByte(of source: SourceFile) throws -> UInt8 {
        var prefix = source.prefix[...]
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { prefix = prefix.dropFirst(3) }
        if let byte = prefix.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return byte }
        let displayPath = source.displayPath
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: source.url)
        } catch {
            throw ImportError(
                kind: .unreadableFile, file: displayPath, message: "cannot open: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var isFirst = true
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: 64 * 1024) ?? Data()
            } catch {
                throw ImportError(
                    kind: .unreadableFile, file: displayPath, message: "read failed: \(error.localizedDescription)")
            }
            guard !data.isEmpty else {
                throw ImportError(kind: .unreadableFile, file: displayPath, message: "empty file: no JSON document")
            }
            var bytes = data[...]
            if isFirst, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            isFirst = false
            if let byte = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return byte }
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}

/// Parses chunks of a JSON document's records: each record's JSON, then its mapping and draft as for JSONL.
struct JSONDocumentChunkParser: ChunkParser {
    let displayPath: String
    let mapping: FieldMapping
    /// Whether input and response are cleaned as e-mail (`--clean-replies`).
    let cleansReplies: Bool
    /// Whether the one record is the document's top-level object, which may be records keyed by their ids.
    var mayBeKeyedCollection = false
    /// The path `--records` named: records are placed in it (``Locator/part(_:_:)``).
    var memberPath: String? = nil
    /// Whether the file writes UTF-8 as Latin-1 escapes (``ObjectRecordMapper/escapesUTF8AsLatin1(_:)``).
    var repairsEscapedUTF8 = false
    /// Whether the records are rows of values (``ObjectRecordMapper/readsRows``).
    var readsRows = false
    /// The names of the rows' values (``ObjectRecordMapper/rowNames``).
    var rowNames: [String]? = nil
    /// The ticket id of records that name none: the conversation the document names before them.
    var documentTicketID: String? = nil

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        guard let documentTicketID else { return try parseRecords(chunk, body) }
        try parseRecords(chunk) { event in
            guard case .record(var draft) = event, draft.ticketID == nil else { return try body(event) }
            draft.ticketID = documentTicketID
            try body(.record(draft))
        }
    }

    private func parseRecords(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        var mapper = ObjectRecordMapper(
            displayPath: displayPath, mapping: mapping, recordNoun: "for each record", cleansReplies: cleansReplies,
            repairsEscapedUTF8: repairsEscapedUTF8, readsRows: readsRows, rowNames: rowNames)
        try forEachObject(chunk) { locator, result in
            if mayBeKeyedCollection, case .success(let object) = result,
                let (records, note) = JSONDocumentChunkParser.recordsInside(object)
            {
                try body(.note(note))
                for (index, record) in records.enumerated() {
                    try mapper.map(.success(record), locator: .record(index + 1), body)
                }
                return
            }
            if mayBeKeyedCollection, case .success(let object) = result,
                let (name, records, others) = JSONDocumentChunkParser.keyedCollection(in: object)
            {
                try body(
                    .note(
                        "the document's \(name) holds \(records.count) objects keyed by their ids: each is a record,"
                            + " its key kept as its id"
                            + (others.isEmpty
                                ? ""
                                : "; left out, their records holding no thread: " + others.joined(separator: ", "))))
                for (index, record) in records.enumerated() {
                    try mapper.map(.success(record), locator: .part(name, .record(index + 1)), body)
                }
                return
            }
            if mayBeKeyedCollection, case .success(let object) = result,
                let groups = LabelledGroups.records(object, mapping: mapping)
            {
                if groups.allSatisfy({ $0.texts }) {
                    try body(
                        .note(
                            "the document's top-level object holds \(groups.count) lists of texts: each text is an"
                                + " example, its list's name the label (placed as record 1 of \(groups[0].label))"))
                }
                for group in groups {
                    for (index, record) in group.records.enumerated() {
                        try mapper.map(.success(record), locator: .part(group.label, .record(index + 1)), body)
                    }
                }
                return
            }
            try mapper.map(result, locator: locator, body)
        }
    }

    /// The records a document's top-level object holds as a table's columns (``columnRecords(_:)``) or keyed by
    /// their ids (``keyedRecords(_:)``), and the note saying which; nil when it is one record.
    static func recordsInside(_ object: JSONObject) -> (records: [JSONObject], note: String)? {
        if let rows = columnRecords(object) {
            return (
                rows,
                "the document's top-level object holds \(object.count) columns of \(rows.count) rows each (pandas'"
                    + " to_json): each row is a record"
            )
        }
        if let records = keyedRecords(object) {
            return (
                records,
                "the document's top-level object holds \(records.count) objects keyed by their ids: each is a record,"
                    + " its key kept as its id"
            )
        }
        return nil
    }

    /// The records a member of a document's top-level object holds keyed by their ids, as a Firebase Realtime
    /// Database export nests its collections (`{"chats": {"-NqA1": {...}, "-NqB2": {...}}, "users": {...}}`), with
    /// the member's name and the names of the other members left out: the document's one member, when it holds
    /// keyed records (``keyedRecords(_:)``), or of several the one member whose keyed records hold a thread
    /// (`messages`...). Nil otherwise: a ticket's keyed comments beside it are parts of one record.
    static func keyedCollection(in object: JSONObject) -> (name: String, records: [JSONObject], others: [String])? {
        let collections = object.members.compactMap { member -> (name: String, records: [JSONObject])? in
            guard let inner = member.value.objectValue, let records = keyedRecords(inner) else { return nil }
            return (member.key, records)
        }
        let threads = Set(FieldMapping.turnArrayNames.map(FieldMapping.matchingKey))
        let chosen: (name: String, records: [JSONObject])
        if object.count == 1, let only = collections.first {
            chosen = only
        } else {
            let holdingThreads = collections.filter { collection in
                collection.records.first?.keys.contains { threads.contains(FieldMapping.matchingKey($0)) } == true
            }
            guard holdingThreads.count == 1 else { return nil }
            chosen = holdingThreads[0]
        }
        return (chosen.name, chosen.records, object.keys.filter { $0 != chosen.name })
    }

    /// The rows of a table written column by column, as pandas' `DataFrame.to_json()` writes one by default
    /// (`{"text": {"0": "...", "1": "..."}, "label": {"0": "...", "1": "..."}}`): at least two columns, each an
    /// object of the same row keys, all numbers (the row index), holding no object or array. Each row is a record,
    /// in the first column's order; nil for any other object.
    static func columnRecords(_ object: JSONObject) -> [JSONObject]? {
        guard object.count >= 2, let first = object.members.first?.value.objectValue, !first.isEmpty,
            first.keys.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let rows = first.keys
        let rowSet = Set(rows)
        var columns: [(name: String, values: JSONObject)] = []
        for member in object.members {
            guard let column = member.value.objectValue, column.count == rows.count, Set(column.keys) == rowSet,
                column.members.allSatisfy({ $0.value.objectValue == nil && $0.value.arrayValue == nil })
            else { return nil }
            columns.append((member.key, column))
        }
        return rows.map { row in
            JSONObject(
                membersWithDistinctKeys: columns.compactMap { column in column.values[row].map { (column.name, $0) } })
        }
    }

    /// The records of an object that holds records keyed by their ids (`{"T-1": {...}, "T-2": {...}}`, as a
    /// dictionary is dumped): at least three members (two whose keys hold digits), every one an object sharing at
    /// least half of the first one's keys. Each record gets its key as `id` (as `key` when
    /// it has an id of its own). Nil for an object that is one record (`{"customer": {...}, "ticket": {...}}`).
    static func keyedRecords(_ object: JSONObject) -> [JSONObject]? {
        // Two members may be one record's parts (`request`, `response`); ids hold digits.
        guard object.count >= 3 || (object.count == 2 && object.keys.allSatisfy { $0.contains(where: \.isNumber) }),
            let first = object.members.first?.value.objectValue, first.count >= 2
        else { return nil }
        let firstKeys = Set(first.keys)
        var records: [JSONObject] = []
        for member in object.members {
            guard let inner = member.value.objectValue,
                Set(inner.keys).intersection(firstKeys).count * 2 >= firstKeys.count
            else { return nil }
            let idNames = Set(FieldMapping.automaticNames.first { $0.field == .ticketID }?.names ?? [])
            let hasID = inner.keys.contains { idNames.contains(FieldMapping.normaliseKey($0)) }
            var record = JSONObject()
            record[hasID ? "key" : "id"] = .string(member.key)
            for innerMember in inner.members where innerMember.key != (hasID ? "key" : "id") {
                record[innerMember.key] = innerMember.value
            }
            records.append(record)
        }
        return records
    }

    /// Calls `body` with each record's object, or why the record is not one, in file order.
    func forEachObject(
        _ chunk: RecordChunk, _ body: (Locator, Result<JSONObject, RecordFailure>) throws -> Void
    ) rethrows {
        try chunk.bytes.withUnsafeBytes { raw in
            for span in chunk.records {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[span.start..<span.end])
                let locator = memberPath.map { Locator.part($0, .record(span.row)) } ?? Locator.record(span.row)
                if case .syntaxError(let problem) = span.kind {
                    let snippet = String(decoding: bytes, as: UTF8.self)
                    try body(locator, .failure(problem.failure(file: displayPath, snippet: snippet)))
                    continue
                }
                let value: JSONValue
                do throws(JSONSyntaxError) {
                    value = try JSONParser.parse(bytes: bytes)
                } catch {
                    try body(locator, .failure(invalidRecord(error, bytes: bytes, span: span, locator: locator)))
                    continue
                }
                try body(
                    locator,
                    ObjectRecordMapper.object(
                        value, file: displayPath, locator: locator, recordNoun: "for each record", readsRows: readsRows,
                        rowNames: rowNames, mapping: mapping)
                )
            }
        }
    }

    /// A record whose text is not valid JSON, placed by its line and column in the file.
    private func invalidRecord(
        _ error: JSONSyntaxError, bytes: UnsafeRawBufferPointer, span: RecordSpan, locator: Locator
    ) -> RecordFailure {
        let offset = min(max(0, error.column - 1), bytes.count)
        var line = span.line
        var lineStart = -1
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index
        }
        let place = lineStart < 0 ? "line \(line)" : "line \(line), column \(offset - lineStart)"
        return RecordFailure(
            kind: .invalidJSON, file: displayPath, locator: locator,
            message: "invalid JSON in the record (\(place)): \(error.message)",
            snippet: String(decoding: bytes.prefix(1200), as: UTF8.self))
    }
}

extension JSONStructureProblem {
    /// The quarantine entry for the problem: it names the line, column and byte offset.
    func failure(file: String, snippet: String) -> RecordFailure {
        RecordFailure(
            kind: .invalidJSON, file: file, locator: .line(line), column: column, message: message, snippet: snippet)
    }
}

/// A Dialogflow (ES) agent export's training phrases: `intents/NAME_usersays_LANG.json`, an array of phrases written in
/// annotated pieces (``TextSegments``) whose intent only the file's name gives.
public enum UserSaysFile {
    /// The intent `path`'s file name gives (`Order Status` for `Order Status_usersays_en.json`); nil for any other
    /// name.
    public static func intent(of path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard name.lowercased().hasSuffix(".json"), let marker = name.range(of: "_usersays_", options: .backwards)
        else { return nil }
        let language = name[marker.upperBound...].dropLast(5)
        let intent = String(name[..<marker.lowerBound])
        guard !intent.isEmpty, (2...8).contains(language.count), language.allSatisfy({ $0.isLetter || $0 == "-" })
        else { return nil }
        return intent
    }

    /// The first text answer of the intent's own file beside the phrases at `url` (`Order Status.json`: a
    /// `speech` text of its `responses[].messages[]`); nil when there is no such file or answer.
    static func response(beside url: URL, intent: String) -> String? {
        let sibling = url.deletingLastPathComponent().appendingPathComponent(intent + ".json")
        guard let data = try? Data(contentsOf: sibling), data.count <= 8 << 20,
            let definition = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
            case .array(let responses)? = definition.objectValue?["responses"]
        else { return nil }
        for response in responses {
            for message in response.objectValue?["messages"]?.arrayValue ?? [] {
                let speech = message.objectValue?["speech"]
                let texts = speech?.arrayValue?.compactMap(\.scalarText) ?? speech?.scalarText.map { [$0] } ?? []
                if let text = texts.first(where: { !$0.trimmingSpaces.isEmpty }) { return text }
            }
        }
        return nil
    }
}

/// Gives a Dialogflow agent's training phrases their intent as the label, and its answer as the response, where
/// they have none.
struct UserSaysParser: ChunkParser {
    let label: String
    let response: String?
    let base: any ChunkParser

    func parse(_ chunk: RecordChunk, _ body: (ImportEvent) throws -> Void) rethrows {
        try base.parse(chunk) { event in
            guard case .record(var draft) = event else { return try body(event) }
            if draft.label == nil { draft.label = label }
            if draft.response == nil, let response { draft.response = response }
            try body(.record(draft))
        }
    }
}
