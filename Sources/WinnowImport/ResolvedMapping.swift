import Foundation
import WinnowCore

/// A field mapping decided for one set of source keys: turns source records into example drafts.
public struct ResolvedMapping: Sendable, Equatable {
    /// Each example field to the source paths that fill it.
    public let assignment: [ExampleField: [String]]
    /// The source keys the mapping was resolved for.
    public let keys: [String]
    /// The key recognised as the time a record was written (`created_at`, `timestamp`...), which orders records;
    /// it stays in metadata.
    public let orderKey: String?
    /// The key of a ticket's opening message kept apart from its automatically found thread (`description`): the
    /// customer's first turn unless the thread starts with it. It stays in metadata.
    public let opening: String?
    /// The key of a ticket's subject beside its automatically found thread (`subject`, ServiceNow's
    /// `short_description` beside its `description`): above the thread's first message, as ``SubjectLine`` puts a
    /// subject above an input. It stays in metadata.
    public let subject: String?
    /// A column of internal notes of its own (ServiceNow's `work_notes`): read into `internal_notes`, never into
    /// the text (``JournalText/notes(_:)``).
    private let workNotesKey: String?
    /// When the messages come from a field named like a helpdesk thread (`comments`), the mapping for records where
    /// that field holds no turns (empty, or prose): one element at most.
    private let threadFallback: [ResolvedMapping]
    /// How the thread's turns tell their authors, when the command line says (``FieldMapping/turnRoles``).
    var turnRoles: FieldMapping.TurnRoles?
    /// The label's one source when it is a field named `type`, which may hold an API object's kind instead.
    private let labelTypeKey: String?
    /// Where no field is named like a label, the key of a list of labels (``labelListNames``), found once for the
    /// keys.
    private let labelListKey: String?

    /// Where each field's sources are (by ``ExampleField/slot``), worked out once for records whose keys are `keys`.
    private let sources: [[SourcePath]?]
    /// For each of `keys`: whether it feeds a field.
    private let isAssigned: [Bool]
    /// The index in `keys` of the messages source, when it is a top-level key.
    private let messagesKeyIndex: Int?
    /// Keys flagging a record as an internal note (``TurnRoleRule/knownNoteFields``: `public` false, `IsPublished`
    /// false, `internal` true), with the value that means a note, where a record is no thread.
    private let noteFlags: [(key: String, noteWhen: Bool)]
    /// Keys naming a record's kind (``TurnRoleRule/knownNoteKindFields``: `messageType`, `type`), read for a
    /// platform's notices (``TurnRoleRule/noticeKinds``) where a record is no thread.
    private let kindKeys: [String]
    /// The keys of ``kindKeys`` naming a message's kind (``messageKindNames``) that feed no field (a `type` read as
    /// the label is the label).
    private let messageKindKeys: Set<String>
    /// The keys of objects describing the record (``descriptionNames``), read for its ticket id where no key gives
    /// one.
    private let descriptionKeys: [String]
    /// Whether a record of a note kind is refused as an internal note: not where rows are joined into
    /// conversations, whose role rule keeps it with its ticket's notes.
    var readsNoteKinds = true

    /// A mapping with the given assignment.
    public init(
        assignment: [ExampleField: [String]], keys: [String], orderKey: String? = nil, opening: String? = nil,
        subject: String? = nil, withoutThread: ResolvedMapping? = nil
    ) {
        self.assignment = assignment
        self.keys = keys
        self.orderKey = orderKey
        self.opening = opening
        self.subject = subject
        threadFallback = withoutThread.map { [$0] } ?? []
        labelTypeKey = assignment[.label].flatMap { paths in
            paths.count == 1 && FieldMapping.matchingKey(paths[0]) == "type" ? paths[0] : nil
        }
        labelListKey =
            assignment[.label] == nil
            ? keys.first { ResolvedMapping.labelListNames.contains(FieldMapping.matchingKey($0)) } : nil
        var firstIndex: [String: Int] = [:]
        for (index, key) in keys.enumerated() where firstIndex[key] == nil { firstIndex[key] = index }
        sources = ExampleField.allCases.map { field in
            assignment[field].map { paths in paths.map { SourcePath(path: $0, keyIndex: firstIndex[$0]) } }
        }
        let assigned = Set(assignment.values.flatMap { $0 })
        isAssigned = keys.map { assigned.contains($0) }
        workNotesKey = keys.first { FieldMapping.matchingKey($0) == "worknotes" && !assigned.contains($0) }
        messagesKeyIndex = assignment[.messages]?.first.flatMap { firstIndex[$0] }
        // Each key normalised once: a file may have thousands of columns.
        let normalised = assignment[.messages] != nil ? [] : keys.map { (key: $0, name: FieldMapping.normaliseKey($0)) }
        noteFlags = TurnRoleRule.knownNoteFields.compactMap { known in
            normalised.first { $0.name == known.name }.map { (key: $0.key, noteWhen: known.noteWhen) }
        }
        kindKeys = normalised.filter { TurnRoleRule.knownNoteKindFields.contains($0.name) }.map(\.key)
        messageKindKeys = Set(
            normalised.filter { ResolvedMapping.messageKindNames.contains($0.name) && !assigned.contains($0.key) }
                .map(\.key))
        // A thread's record too (whose keys are not normalised above): LivePerson's `info` beside its messages.
        descriptionKeys =
            assignment[.ticketID] == nil
            ? keys.filter { ResolvedMapping.descriptionNames.contains(FieldMapping.normaliseKey($0)) } : []
    }

    /// Columns naming a message's kind, where a kind of note is an internal note (``TurnRoleRule/noteKinds``).
    static let messageKindNames: Set<String> = [
        "message_type", "part_type", "comment_type", "note_type", "entry_type", "thread_type",
    ]

    public static func == (lhs: ResolvedMapping, rhs: ResolvedMapping) -> Bool {
        lhs.assignment == rhs.assignment && lhs.keys == rhs.keys && lhs.orderKey == rhs.orderKey
            && lhs.opening == rhs.opening && lhs.subject == rhs.subject && lhs.threadFallback == rhs.threadFallback
            && lhs.turnRoles == rhs.turnRoles
    }

    /// A source path, and its index among the mapping's keys when it names a top-level key.
    private struct SourcePath: Sendable, Equatable {
        let path: String
        let keyIndex: Int?
    }

    /// Lines describing the mapping, for `--dry-run` and logs: each field and its sources (`input <- subject +
    /// body`), the order field, the source keys kept only in metadata, and the fields no source fills.
    public var summary: [String] {
        var lines = ExampleField.allCases.compactMap { field in
            assignment[field].map { "\(field.rawValue) <- \($0.joined(separator: " + "))" }
        }
        if let fallback = threadFallback.first, let index = lines.firstIndex(where: { $0.hasPrefix("messages <-") }) {
            lines[index] +=
                " (where it holds turns; elsewhere "
                + fallback.summary.prefix { !$0.hasPrefix("kept only") }.filter { !$0.hasPrefix("internal notes <-") }
                .joined(separator: ", ") + ")"
        }
        if let subject { lines.append("subject <- \(subject) (above the thread's first message)") }
        if let opening { lines.append("opening message <- \(opening) (when the thread does not start with it)") }
        if let workNotesKey { lines.append("internal notes <- \(workNotesKey) (never in the text)") }
        if let orderKey { lines.append("order <- \(orderKey) (kept in metadata)") }
        let kept = metadataKeys.filter { $0 != orderKey }
        lines.append("kept only in metadata: " + (kept.isEmpty ? "(nothing)" : kept.joined(separator: ", ")))
        var unfilled: [ExampleField] = [.response, .label, .ticketID].filter { assignment[$0] == nil }
        if assignment[.input] == nil, assignment[.messages] == nil { unfilled.insert(.input, at: 0) }
        if assignment[.messages] != nil { unfilled.removeAll { $0 == .response } }
        if !unfilled.isEmpty {
            lines.append(
                "no source for: " + unfilled.map(\.rawValue).joined(separator: ", ")
                    + " (name one with --map FIELD=SOURCE)")
        }
        return lines
    }

    /// Top-level source keys kept in metadata.
    public var metadataKeys: [String] {
        let used = Set(assignment.values.flatMap { $0 })
        return keys.filter { !used.contains($0) && $0 != workNotesKey }
    }

    /// Whether `record` has exactly the mapping's keys, in order: then its members are found by position.
    func matches(_ record: JSONObject) -> Bool {
        record.count == keys.count && zip(record.members, keys).allSatisfy { $0.key == $1 }
    }

    /// Builds an example from one source record, or says why it cannot be imported.
    public func draft(from record: JSONObject, file: String, locator: Locator, raw: @autoclosure () -> String)
        -> Result<ExampleDraft, RecordFailure>
    {
        let aligned = matches(record)
        // A record of its own that its export marks as an internal note is no customer's message.
        for flag in noteFlags where record[flag.key]?.flagValue == flag.noteWhen {
            return .failure(
                RecordFailure(
                    kind: .internalNote, file: file, locator: locator,
                    message: "an internal note (\(flag.key) \(flag.noteWhen ? "true" : "false")), not a customer's"
                        + " message: left out; --conversation-by FIELD joins message rows into conversations, keeping it"
                        + " with its ticket's notes", snippet: raw()))
        }
        for key in kindKeys {
            guard let kind = record[key]?.scalarText else { continue }
            let kindKey = TurnRoleRule.kindKey(kind)
            if TurnRoleRule.noticeKinds.contains(kindKey) {
                return .failure(
                    RecordFailure(
                        kind: .notice, file: file, locator: locator,
                        message: "a notice (\(key) \(kind)), nobody's words: left out", snippet: raw()))
            }
            // A kind of note in a column naming a message's kind (Help Scout's `note` thread, Freshchat's `private`
            // message), not a ticket's (`Type: Internal`, a request from the staff) nor one that feeds a field.
            if readsNoteKinds, TurnRoleRule.noteKinds.contains(kindKey), messageKindKeys.contains(key) {
                return .failure(
                    RecordFailure(
                        kind: .internalNote, file: file, locator: locator,
                        message: "an internal note (\(key) \(kind)), not a customer's message: left out;"
                            + " --conversation-by FIELD joins message rows into conversations, keeping it with its"
                            + " ticket's notes", snippet: raw()))
            }
        }
        func value(_ source: SourcePath) -> JSONValue? {
            if aligned, let index = source.keyIndex { return record.members[index].value }
            return record[source.path] ?? JSONValue.object(record).value(atPath: source.path)
        }
        /// Where no field names the ticket: the `id` of the object holding the thread (tawk.to's `chat`, `{"id":
        /// ..., "messages": [...]}`), the conversation it is.
        func threadObjectID() -> String? {
            guard assignment[.ticketID] == nil, let paths = sources[ExampleField.messages.slot], paths.count == 1,
                case .object(let thread)? = value(paths[0]), let id = thread["id"]?.scalarText, !id.isEmpty
            else { return nil }
            return id
        }
        // Fields whose markup was read as text (``HTMLFieldText``), for metadata.
        var rendered: [String] = []
        /// The text of one source; a dotted path that crosses arrays gives the values of every element, in order,
        /// joined by `separator`. A message text (`prose`) that is HTML is read as the text it shows.
        func sourceText(_ source: SourcePath, separator: String, prose: Bool) -> String? {
            func cleaned(_ value: JSONValue) -> String? {
                guard let text = value.fieldText else { return nil }
                // A conversation in a model's prompt format: its tags are tokens (`<s>`), not markup.
                guard prose, !ChatTemplateText.opensWithTemplate(text) else { return ResolvedMapping.clean(text) }
                var wasHTML = false
                let plain = HTMLFieldText.plain(text, rendered: &wasHTML)
                if wasHTML, !rendered.contains(source.path) { rendered.append(source.path) }
                return ResolvedMapping.clean(plain)
            }
            if let found = value(source) { return cleaned(found) }
            guard source.keyIndex == nil, source.path.contains(".") else { return nil }
            let parts = JSONValue.object(record).values(atPath: source.path).compactMap(cleaned)
            return parts.isEmpty ? nil : ResolvedMapping.join(parts, separator: separator)
        }
        func text(_ field: ExampleField, separator: String) -> String? {
            guard let paths = sources[field.slot] else { return nil }
            let prose = field == .input || field == .response
            func part(_ index: Int) -> String? { sourceText(paths[index], separator: separator, prose: prose) }
            if paths.count == 1 { return part(0) }
            if paths.count == 2 {
                // Subject and body, the usual case: no array of parts.
                switch (part(0), part(1)) {
                case (let first?, let second?): return ResolvedMapping.join(first, second, separator: separator)
                case (let only?, nil), (nil, let only?): return only
                case (nil, nil): return nil
                }
            }
            var parts: [String] = []
            parts.reserveCapacity(paths.count)
            for path in paths {
                if let part = sourceText(path, separator: separator, prose: prose) { parts.append(part) }
            }
            return parts.isEmpty ? nil : ResolvedMapping.join(parts, separator: separator)
        }

        var messages: [Message] = []
        var internalNotes: [String] = []
        var threadEvents: [String] = []
        var leftOutParts: [(type: String, count: Int)] = []
        var speakerSides: TurnReader.SpeakerSides?
        if let source = sources[ExampleField.messages.slot]?.first, let messagesValue = value(source) {
            let read: Result<TurnReader.Turns, MessageFormatError>
            if case .string(let text) = messagesValue, let journal = JournalText.read(text, record: record) {
                // A ticket's journal (ServiceNow's comments and work notes), entries under `DATE - NAME (KIND)`.
                read = .success(journal)
            } else if case .string(let written) = messagesValue {
                // A whole chat written as text, one message per line led by its speaker; as HTML too (Salesforce's
                // `LiveChatTranscript.Body`: lines ended by `<br>`).
                var wasHTML = false
                let text = HTMLFieldText.plain(written, rendered: &wasHTML)
                switch TranscriptText.read(text, record: record) {
                case .turns(var turns):
                    turns.renderedHTML = turns.renderedHTML || wasHTML
                    read = .success(turns)
                case .unknownSpeakers(let speakers) where threadFallback.isEmpty:
                    read = .failure(
                        MessageFormatError(
                            "a chat transcript whose speakers ("
                                + speakers.prefix(6).joined(separator: ", ")
                                + ") are not roles (customer, visitor, agent, bot...) nor named by a field of the"
                                + " record (customer_name, visitor_name, agent_name, operator...)"))
                case .notATranscript where threadFallback.isEmpty:
                    read = .failure(
                        MessageFormatError(
                            "is neither an array of messages nor a chat transcript (lines led by a speaker and a"
                                + " colon: `Customer: ...`, `(10:02) Ann: ...`)"))
                default: return threadFallback[0].draft(from: record, file: file, locator: locator, raw: raw())
                }
            } else if let fallback = threadFallback.first, !ResolvedMapping.holdsTurns(messagesValue) {
                return fallback.draft(from: record, file: file, locator: locator, raw: raw())
            } else if let alternating = ResolvedMapping.alternatingTurns(
                messagesValue,
                named: FieldMapping.turnArrayNames.map(FieldMapping.matchingKey).contains(
                    FieldMapping.matchingKey(source.path)))
            {
                // A dialogue written as its texts alone (UltraChat's `data`): the customer first, then in turn.
                read = TurnReader.read(alternating, record: record, roles: nil)
            } else {
                read = TurnReader.read(ResolvedMapping.threadArray(messagesValue), record: record, roles: turnRoles)
            }
            switch read {
            case .success(let turns) where turns.messages.isEmpty && !threadFallback.isEmpty:
                // A field named like a thread whose items say nothing to anyone (a status history): the record maps
                // as if it were not there, and the field stays in metadata.
                return threadFallback[0].draft(from: record, file: file, locator: locator, raw: raw())
            case .success(let turns):
                messages = turns.messages
                internalNotes = turns.internalNotes
                threadEvents = turns.events
                leftOutParts = turns.leftOutParts
                speakerSides = turns.speakerSides
                if turns.renderedHTML { rendered.append(source.path) }
            case .failure(let reason):
                return .failure(
                    RecordFailure(
                        kind: .noInput, file: file, locator: locator, message: "field '\(source.path)': \(reason)",
                        snippet: raw()))
            }
        }
        var input = text(.input, separator: "\n\n")
        var response = text(.response, separator: "\n\n")
        if response == nil, let paths = sources[ExampleField.response.slot],
            paths.contains(where: { value($0)?.givesText == true })
        {
            // The source has a response field and it is blank: keep it as "" so checks can tell a blank answer
            // (an export fault) from a ticket that never had one.
            response = ""
        }
        var template: String?
        if messages.isEmpty, response?.isEmpty ?? true, let text = input, let reading = ChatTemplateText.read(text) {
            // A whole conversation written in a prompt format in one field: its turns, the answer the response.
            messages = reading.messages
            template = reading.template
            input = nil
            response = nil
        }
        if let opening, let openingValue = record[opening],
            let first = ResolvedMapping.openingTurn(openingValue, path: opening, record: record, rendered: &rendered)
        {
            // The ticket's first message, kept apart from the thread, opens it unless the thread starts with it.
            if !messages.contains(where: { ResolvedMapping.sameText($0.content, first.content) }) {
                messages.insert(first, at: 0)
            }
        }
        if !messages.isEmpty {
            // A thread whose opening message is kept apart from its replies (Intercom's `source` beside its
            // `conversation_parts`) starts with the agent: the mapped input is the customer's opening turn.
            if let opening = input, messages.first?.role == .assistant {
                messages.insert(Message(role: .user, content: opening), at: 0)
            }
            // The ticket's subject opens its first message, whoever wrote it.
            if let subject, let text = record[subject]?.fieldText.flatMap(ResolvedMapping.clean),
                let first = messages.firstIndex(where: { $0.role == .user || $0.role == .assistant })
            {
                messages[first].content = SubjectLine.input(subject: text, body: messages[first].content)
            }
            if input == nil {
                // The customer's turns before the reply that becomes the response (a "thanks" after it is no part
                // of what it answers); all of them when none comes before it.
                let lastReply = response == nil ? messages.lastIndex(where: ResolvedMapping.isReply) : nil
                func userTurns(_ turns: ArraySlice<Message>) -> [String] {
                    turns.filter { $0.role == .user }.map(\.content).filter { !$0.isEmpty }
                }
                var asked = lastReply.map { userTurns(messages[..<$0]) } ?? []
                if asked.isEmpty { asked = userTurns(messages[...]) }
                input = asked.isEmpty ? nil : asked.joined(separator: "\n\n")
            }
            if response == nil {
                response = messages.last(where: ResolvedMapping.isReply).map(\.content).flatMap(ResolvedMapping.clean)
            }
        }
        guard let input, !input.isEmpty else {
            // No field named as an input or a thread: a field under another name that holds turns (ABCD's
            // `original`, a list of `["agent", "Hi!"]` pairs) is the thread.
            if assignment[.input] == nil, assignment[.messages] == nil,
                let thread = record.members.first(where: {
                    ResolvedMapping.holdsTurns($0.value)
                        || ResolvedMapping.alternatingTurns($0.value, named: false) != nil
                })?.key,
                !thread.contains(".")
            {
                // The same mapping (what `--map` named too) with that field as the thread.
                var withThread = FieldMapping(explicit: assignment.merging([.messages: [thread]]) { $1 })
                withThread.turnRoles = turnRoles
                return withThread.resolve(keys: keys).draft(from: record, file: file, locator: locator, raw: raw())
            }
            let tried = assignment[.input].map { $0.joined(separator: ", ") }
            let message =
                if let tried {
                    "no input text: \(tried) is missing or empty"
                } else if assignment[.messages] != nil, !leftOutParts.isEmpty {
                    "no input text: the user's turns hold only "
                        + leftOutParts.map(\.type).joined(separator: ", ")
                        + " parts, no text (a text fine-tune cannot read them)"
                } else if assignment[.messages] != nil {
                    "no input text: the messages have no user turn"
                } else {
                    "no input text: no field named like subject, body, text, question or message"
                        + " (name one with --map input=FIELD)"
                }
            return .failure(
                RecordFailure(kind: .noInput, file: file, locator: locator, message: message, snippet: raw()))
        }
        var metadata = metadata(of: record, aligned: aligned, internalNotes: internalNotes)
        if !threadEvents.isEmpty { metadata["thread_events"] = .array(threadEvents.map(JSONValue.string)) }
        if let template { metadata["chat_template"] = .string(template) }
        if !leftOutParts.isEmpty {
            // One type per part left out, so that rules read them as text (`media-left-out`).
            metadata["left_out_parts"] = .array(
                leftOutParts.flatMap { Array(repeating: JSONValue.string($0.type), count: $0.count) })
        }
        if let speakerSides {
            // Who was taken for the customer where only the speakers tell the sides.
            metadata["speaker_sides"] = [
                "customer": .string(speakerSides.customerName),
                "answering": .array(speakerSides.answering.map(JSONValue.string)),
                "named_by": .string(speakerSides.namePath),
            ]
        }
        if !rendered.isEmpty { metadata["rendered_from_html"] = .array(rendered.map(JSONValue.string)) }
        var label = text(.label, separator: " ")
        // A list of labels (`"labels": ["billing"]`, the label field or, where none is named, a `labels` or
        // `intents` array) is its one label; with several, the example has none (a single-label audit and fine-tune
        // read one) and keeps them as `labels`. A `labels` that is no array (OpenAssistant's annotations written as
        // text) is no label.
        let labelList: JSONValue? =
            if let paths = sources[ExampleField.label.slot] {
                paths.count == 1 ? value(paths[0]) : nil
            } else {
                labelListKey.flatMap { record[$0] }
            }
        if case .array(let values)? = labelList {
            var names: [String] = []
            // A label may be an object naming it (GitHub's `{"name": "bug", "color": "d73a4a"}`).
            let named = values.map { value in
                value.scalarText ?? value.objectValue.flatMap { ($0["name"] ?? $0["label"])?.scalarText }
            }
            for case let name? in named where !name.isEmpty && !names.contains(name) {
                names.append(name)
            }
            if names.count > 1 {
                label = nil
                metadata["labels"] = .array(names.map(JSONValue.string))
            } else if let only = names.first {
                label = only
            }
        }
        if let typeKey = labelTypeKey, let kind = label, ResolvedMapping.recordKinds.contains(kind.lowercased()) {
            // An API object's own kind (Intercom's `"type": "conversation"`) is no label; it stays in metadata.
            label = nil
            metadata[typeKey] = .string(kind)
        }
        return .success(
            ExampleDraft(
                input: input, response: response, label: label,
                trainingPoint: text(.trainingPoint, separator: " "),
                ticketID: text(.ticketID, separator: "-")
                    ?? descriptionKeys.lazy.compactMap { ResolvedMapping.describedID(in: record[$0]) }.first
                    ?? threadObjectID(),
                messages: messages, metadata: metadata, locator: locator))
    }

    /// Objects describing a record whose thread sits beside them (LivePerson's `info`).
    static let descriptionNames: Set<String> = ["info", "conversation_info", "details"]

    /// The conversation's id a record's description holds (LivePerson's `info.conversationId`; a document's members
    /// above its records, Genesys' `conversationId`), read for a record that names none of its own.
    static func describedID(in description: JSONValue?) -> String? {
        guard let description = description?.objectValue else { return nil }
        for inner in description.members
        where ["conversation_id", "ticket_id", "chat_id", "case_id"].contains(FieldMapping.normaliseKey(inner.key)) {
            if let id = inner.value.scalarText, !id.isEmpty { return id }
        }
        return nil
    }

    /// Names of a list of labels read where no field is named like a label (``FieldMapping/matchingKey(_:)``).
    static let labelListNames: Set<String> = ["labels", "intents"]

    /// Whether a turn is an agent's reply in words (an assistant turn that only calls tools is not).
    static func isReply(_ message: Message) -> Bool {
        message.role == .assistant && !message.content.isEmpty && message.weight != 0
    }

    /// What APIs put in an object's `type` to say what kind of object it is (Intercom's `conversation`, a
    /// `ticket`, a `message`, a chat message's `text` or `file`): a `type` field holding one of these gives no label.
    static let recordKinds: Set<String> = [
        "conversation", "ticket", "message", "email", "chat", "comment", "thread",
        // Telegram's kinds of chat.
        "personal_chat", "private_group", "private_supergroup", "public_supergroup", "private_channel",
        "public_channel", "bot_chat", "saved_messages",
        // Kinds of message in chat exports (Crisp's, Discord's, Telegram's, WhatsApp's APIs).
        "text", "file", "note", "event", "image", "audio", "video", "sticker", "location", "default", "reply",
        "threadcreated", "service", "system", "animation",
        // Zulip's kinds of message (to a stream's topic, or to people), Matrix's event type of a message.
        "stream", "private", "m.room.message",
        // HubSpot's kinds of thread message.
        "welcome_message", "assignment", "thread_status_change",
    ]

    /// Whether a value is an array whose first element reads as a conversation turn, or an object holding one
    /// (``threadArray(_:)``).
    static func holdsTurns(_ value: JSONValue?) -> Bool {
        guard let items = value.map(threadArray)?.arrayValue else { return false }
        return startsWithTurns(items)
    }

    /// A list of texts alone as turns taken in turn, the customer first: under a name of turns (`messages`,
    /// `conversations`...) any list of two texts or more; under another name only a list whose texts read as
    /// sentences (each with a space, 20 characters long on average), not a list of tags. Nil for anything else.
    static func alternatingTurns(_ value: JSONValue, named: Bool) -> JSONValue? {
        guard let items = value.arrayValue, items.count >= 2 else { return nil }
        var texts: [String] = []
        for item in items {
            guard case .string(let text) = item else { return nil }
            texts.append(text)
        }
        if !named {
            guard texts.allSatisfy({ $0.contains(" ") }),
                texts.reduce(0, { $0 + $1.count }) >= 20 * texts.count
            else { return nil }
        }
        return .array(
            texts.enumerated().map { index, text in
                ["role": .string(index % 2 == 0 ? "user" : "assistant"), "content": .string(text)]
            })
    }

    /// Whether one of the first items of a list reads as a turn (a chat's history may open with events: Zendesk
    /// Chat's `chat.memberjoin`).
    static func startsWithTurns(_ items: [JSONValue]) -> Bool {
        items.prefix(10).contains { item in
            if let pair = item.arrayValue {
                // `["customer", "text"]`: a known author and a text.
                return pair.count == 2 && pair[1].scalarText != nil
                    && pair[0].scalarText.map { TurnReader.authors[FieldMapping.matchingKey($0)] != nil } == true
            }
            return item.objectValue.map { TurnReader.looksLikeTurn(keys: $0.keys) } ?? false
        }
    }

    /// The array of turns a thread field holds: the field itself, or the first array of turns inside an object
    /// that wraps it with a count or a page (Intercom's `{"type": "conversation_part.list", "conversation_parts":
    /// [...]}`).
    static func threadArray(_ value: JSONValue) -> JSONValue {
        guard let object = value.objectValue else { return value }
        for member in object.members {
            if let items = member.value.arrayValue, startsWithTurns(items) { return member.value }
        }
        // Messages keyed by their ids (a Firebase Realtime Database export has no arrays:
        // `{"-NqA1m1": {...}, "-NqA1m2": {...}}`), in the keys' order (its push ids sort by time).
        let values = object.members.map(\.value)
        if !values.isEmpty, values.allSatisfy({ $0.objectValue != nil }), startsWithTurns(values) {
            return .array(values)
        }
        return value
    }

    /// The opening message a ticket keeps apart from its thread: text (the customer's), or an object read as a
    /// turn (Intercom's `source`, with its author), the customer's when its author cannot be told.
    static func openingTurn(_ value: JSONValue, path: String, record: JSONObject, rendered: inout [String])
        -> Message?
    {
        // A rich-text document (Jira's description in Atlassian's format) is text, not a turn object.
        let isDocument = value.objectValue?["type"]?.scalarText == "doc"
        if value.objectValue != nil, !isDocument,
            case .success(let turns) = TurnReader.read(.array([value]), record: record)
        {
            return turns.messages.first
        }
        // `source` as text is where a record came from ("web"), not a message.
        if FieldMapping.matchingKey(path) == "source", value.objectValue == nil { return nil }
        var wasHTML = false
        let content: String?
        if let object = value.objectValue, !isDocument {
            content = TurnReader.firstText(object, rendered: &wasHTML)
        } else {
            content = value.fieldText.flatMap { clean(HTMLFieldText.plain($0, rendered: &wasHTML)) }
        }
        guard let content else { return nil }
        if wasHTML, !rendered.contains(path) { rendered.append(path) }
        return Message(role: .user, content: content)
    }

    /// Whether two texts say the same once spacing is ignored (a ticket's `description` and its first comment).
    static func sameText(_ first: String, _ second: String) -> Bool {
        first.split(whereSeparator: \.isWhitespace) == second.split(whereSeparator: \.isWhitespace)
    }

    /// The members of `record` that feed no field, in order, and the thread's internal notes (as `internal_notes`).
    /// A key feeds a field only when it gave text: an object picked by name alone stays in metadata.
    private func metadata(of record: JSONObject, aligned: Bool, internalNotes: [String]) -> JSONObject {
        var metadata = memberMetadata(of: record, aligned: aligned)
        // A thread read from inside an object (Help Scout's `_embedded.threads`) leaves that object, not a copy of
        // the thread with its internal notes.
        if messagesKeyIndex == nil, let path = assignment[.messages]?.first, path.contains(".") {
            ResolvedMapping.remove(path.split(separator: ".")[...], from: &metadata)
        }
        var notes = internalNotes
        if let key = workNotesKey, let text = metadata[key]?.fieldText, !text.allSatisfy(\.isWhitespace) {
            // A work notes column is the team's: its entries join the internal notes (a journal of comments and
            // work notes may hold them too), never the text.
            let written = JournalText.notes(text) ?? ResolvedMapping.clean(text).map { [$0] } ?? []
            for note in written where !notes.contains(note) { notes.append(note) }
            metadata[key] = nil
        }
        if !notes.isEmpty { metadata["internal_notes"] = .array(notes.map(JSONValue.string)) }
        return metadata
    }

    /// Removes the member at the dotted `path` from `object` through nested objects; an object left empty goes too.
    private static func remove(_ path: ArraySlice<Substring>, from object: inout JSONObject) {
        guard let first = path.first else { return }
        let key = String(first)
        if path.count == 1 {
            object[key] = nil
            return
        }
        guard var inner = object[key]?.objectValue else { return }
        remove(path.dropFirst(), from: &inner)
        object[key] = inner.isEmpty ? nil : .object(inner)
    }

    private func memberMetadata(of record: JSONObject, aligned: Bool) -> JSONObject {
        var members: [(key: String, value: JSONValue)] = []
        if aligned {
            members.reserveCapacity(keys.count)
            for (index, member) in record.members.enumerated() {
                if isAssigned[index], member.value.givesText || member.value == .null || index == messagesKeyIndex {
                    continue
                }
                members.append(member)
            }
            return JSONObject(membersWithDistinctKeys: members)
        }
        var metadata = JSONObject()
        let messagesKey = assignment[.messages]?.first
        for (index, key) in keys.enumerated() {
            guard let value = record[key] else { continue }
            if isAssigned[index], value.givesText || value == .null || messagesKey == key { continue }
            metadata[key] = value
        }
        return metadata
    }

    /// `first`, `separator` and `second` in one allocation.
    private static func join(_ first: String, _ second: String, separator: String) -> String {
        var result = ""
        result.reserveCapacity(first.utf8.count + separator.utf8.count + second.utf8.count)
        result += first
        result += separator
        result += second
        return result
    }

    /// `parts` joined by `separator`, built in one allocation.
    private static func join(_ parts: [String], separator: String) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        var result = ""
        result.reserveCapacity(parts.reduce(separator.utf8.count * (parts.count - 1)) { $0 + $1.utf8.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { result += separator }
            result += part
        }
        return result
    }

    /// Trims a field, folds CRLF (and lone CR) to LF and leaves out NUL characters (binary debris no text means,
    /// which a store's text column would end at); empty text becomes nil.
    public static func clean(_ text: String) -> String? {
        var value = text
        let (needsRewrite, needsNoTrim) = value.withUTF8 { bytes -> (Bool, Bool) in
            guard let first = bytes.first, let last = bytes.last, let base = bytes.baseAddress else {
                return (false, false)
            }
            let needsRewrite = memchr(base, 0x0D, bytes.count) != nil || memchr(base, 0x00, bytes.count) != nil
            // Text that starts and ends with a visible ASCII character needs no trimming.
            return (needsRewrite, first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F)
        }
        if needsRewrite {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var previousWasCR = false
            for byte in text.utf8 where byte != 0x00 {
                if byte == 0x0A, previousWasCR {
                    previousWasCR = false
                    continue
                }
                previousWasCR = byte == 0x0D
                bytes.append(previousWasCR ? 0x0A : byte)
            }
            value = String(decoding: bytes, as: UTF8.self)
        } else if needsNoTrim {
            return value
        }
        if let first = value.utf8.first, let last = value.utf8.last, first > 0x20, first < 0x7F, last > 0x20,
            last < 0x7F
        {
            return value
        }
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? first
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return value }
        return String(scalars[first...last])
    }
}

extension ExampleField {
    /// The field's position in `allCases`.
    var slot: Int {
        switch self {
        case .input: return 0
        case .response: return 1
        case .label: return 2
        case .trainingPoint: return 3
        case .ticketID: return 4
        case .messages: return 5
        }
    }
}

extension JSONValue {
    /// Whether ``fieldText`` is non-nil (without making the text): a scalar, or an array holding one.
    var givesText: Bool {
        switch self {
        case .string, .number, .bool: return true
        case .array(let items): return items.contains { $0.isScalar }
        case .object: return fieldText != nil
        case .null: return false
        }
    }

    private var isScalar: Bool {
        switch self {
        case .string, .number, .bool: return true
        case .array, .object, .null: return false
        }
    }
}

/// Why a `messages` field could not be read.
struct MessageFormatError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
