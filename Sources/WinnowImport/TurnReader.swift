import WinnowCore

/// Reads an array of conversation turns in the shapes exports use.
///
/// A turn's author is a field (`role`, `author`, `sender`, `from`, `speaker`, `participant`, `type`...) holding a
/// role in a common spelling (customer, client, user, human, end-user, requester / agent, support, assistant,
/// operator, staff, bot, gpt / system / note, internal), or the name of the key holding the author's name
/// (`{"client": "Ann", "message": "..."}`, `{"agent": "Bob", "message": "..."}`). Without a text field, such keys
/// hold the text (`{"user": "Hi", "bot": "Hello"}`: two turns). The text is under `content`, `message`, `text`,
/// `body`, `utterance` or `value`, as a string or a list of text parts. Internal notes are kept apart, never in the
/// thread.
enum TurnReader {
    /// The turns of a conversation.
    struct Turns: Equatable {
        /// The thread, in order.
        var messages: [Message] = []
        /// Internal notes, in order (kept out of the thread and responses).
        var internalNotes: [String] = []
        /// Whether a turn's text was HTML, read as the text it shows (``HTMLFieldText``).
        var renderedHTML = false
    }

    /// What a role value or an author key means.
    enum Author: Equatable {
        case role(MessageRole)
        case internalNote
    }

    /// Fields naming a turn's author, in order of preference.
    static let roleFields = [
        "role", "author", "sender", "from", "speaker", "participant", "author_type", "sender_type", "user_type",
        "type",
    ].map(FieldMapping.matchingKey)
    /// Fields holding a turn's text, in order of preference.
    static let textFields = ["content", "message", "text", "body", "utterance", "value", "msg"].map(
        FieldMapping.matchingKey)

    /// Role spellings (as ``FieldMapping/matchingKey(_:)``), for values and for author keys.
    static let authors: [String: Author] = {
        var table: [String: Author] = [:]
        let spellings: [(Author, [String])] = [
            (
                .role(.user),
                [
                    "customer", "client", "user", "human", "end-user", "requester", "visitor", "caller", "guest",
                    "consumer", "contact", "lead", "kunde", "kundin", "cliente", "klant", "klient", "kund",
                    "utilisateur", "usuario", "utente",
                ]
            ),
            (
                .role(.assistant),
                [
                    "agent", "support", "assistant", "operator", "staff", "bot", "chatbot", "gpt", "model", "ai",
                    "representative", "support_agent", "customer_service", "customer_support", "helpdesk", "admin",
                    "teammate", "mitarbeiter", "mitarbeiterin", "berater", "conseiller", "conseillère", "agente",
                    "atendente", "operatore", "operador", "medewerker", "konsultant", "handläggare",
                ]
            ),
            (.role(.system), ["system", "developer"]),
            (
                .internalNote,
                ["note", "internal", "internal_note", "private_note", "private", "notiz", "interne_notiz", "interne"]
            ),
        ]
        for (author, names) in spellings {
            for name in names { table[FieldMapping.matchingKey(name)] = author }
        }
        return table
    }()

    /// Whether an object with these member names reads as a turn: it has a role field or an author key, and a
    /// text field.
    static func looksLikeTurn(keys: [String]) -> Bool {
        let names = keys.map(FieldMapping.matchingKey)
        return names.contains { roleFields.contains($0) || authors[$0] != nil }
            && names.contains(where: textFields.contains)
    }

    /// Reads `value`, an array of turns, or says what is wrong with it (naming the turn, 1-based).
    static func read(_ value: JSONValue) -> Result<Turns, MessageFormatError> {
        guard let items = value.arrayValue else { return .failure(MessageFormatError("is not an array of messages")) }
        var turns = Turns()
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else {
                return .failure(MessageFormatError("message \(index + 1) is not an object"))
            }
            guard let read = readTurn(object) else {
                return .failure(unknownAuthor(turn: index + 1, object: object, items: items))
            }
            for (author, raw) in read {
                let content = ResolvedMapping.clean(HTMLFieldText.plain(raw, rendered: &turns.renderedHTML)) ?? ""
                // An event with no text (an assignment, a status change) is no turn.
                if content.isEmpty { continue }
                switch isPrivate(object) ? .internalNote : author {
                case .role(let role): turns.messages.append(Message(role: role, content: content))
                case .internalNote: turns.internalNotes.append(content)
                }
            }
        }
        return .success(turns)
    }

    /// Whether a turn says it is not for the customer: `public: false` (Zendesk's comments), `private`,
    /// `is_private` or `internal` true, or a kind of note (`part_type: note`, Intercom's internal notes).
    static func isPrivate(_ object: JSONObject) -> Bool {
        for member in object.members {
            let key = FieldMapping.matchingKey(member.key)
            switch (key, member.value) {
            case ("public", .bool(false)), ("ispublic", .bool(false)): return true
            case ("private", .bool(true)), ("isprivate", .bool(true)), ("internal", .bool(true)),
                ("isinternal", .bool(true)):
                return true
            case ("parttype", .string(let kind)), ("messagetype", .string(let kind)), ("kind", .string(let kind)),
                ("visibility", .string(let kind)):
                if authors[FieldMapping.matchingKey(kind)] == .internalNote { return true }
            default: continue
            }
        }
        return false
    }

    /// The turns one object holds (usually one), or nil when its author cannot be told.
    private static func readTurn(_ object: JSONObject) -> [(Author, String)]? {
        // The chat format's own spelling, the usual case: no need to compare every key.
        if let role = object["role"]?.scalarText, let author = authors[role], object["content"] != nil {
            return [(author, text(of: object["content"]))]
        }
        let members = object.members.map { (match: FieldMapping.matchingKey($0.key), value: $0.value) }
        let textMember = textFields.lazy.compactMap { name in members.first { $0.match == name } }.first
        for field in roleFields {
            guard let member = members.first(where: { $0.match == field }),
                let author = author(of: member.value)
            else { continue }
            return [(author, text(of: textMember?.value))]
        }
        // The author's name under a key naming the role.
        let keyed = members.compactMap { member in authors[member.match].map { (author: $0, value: member.value) } }
        guard !keyed.isEmpty else { return nil }
        if let textMember { return [(keyed[0].author, text(of: textMember.value))] }
        return keyed.map { ($0.author, text(of: $0.value)) }
    }

    /// The author a role field's value names: a role spelling, or an object holding one under `role` or `type`.
    private static func author(of value: JSONValue) -> Author? {
        if let text = value.scalarText { return authors[FieldMapping.matchingKey(text)] }
        guard let object = value.objectValue else { return nil }
        for key in ["role", "type"] {
            if let inner = object[key]?.scalarText, let author = authors[FieldMapping.matchingKey(inner)] {
                return author
            }
        }
        return nil
    }

    /// A turn's text: a string, or a list of text parts (`{"type": "text", "text": ...}` or strings) joined by
    /// line breaks; cleaned (and read as text when it is HTML, by ``read(_:)``).
    private static func text(of value: JSONValue?) -> String {
        let raw: String
        switch value {
        case .string(let text)?: raw = text
        case .array(let parts)?:
            raw = parts.compactMap { part in part.objectValue?["text"]?.scalarText ?? part.scalarText }
                .joined(separator: "\n")
        case .null?, nil: raw = ""
        case let other?: raw = other.scalarText ?? ""
        }
        return ResolvedMapping.clean(raw) ?? ""
    }

    /// Why turn `turn` has no author: the role it names, or the fields it lacks, with the values seen in the thread.
    private static func unknownAuthor(turn: Int, object: JSONObject, items: [JSONValue]) -> MessageFormatError {
        var seen: [String] = []
        for item in items {
            guard let members = item.objectValue?.members else { continue }
            for member in members where roleFields.contains(FieldMapping.matchingKey(member.key)) {
                if let text = member.value.scalarText, !seen.contains(text), seen.count < 8 { seen.append(text) }
            }
        }
        let expected =
            "expected a role field (role, author, sender, from, speaker, participant, type) holding customer, user,"
            + " client, human... or agent, support, assistant, operator, bot..., or a client/customer/user or"
            + " agent/support/assistant key"
        let own = object.members.first { roleFields.contains(FieldMapping.matchingKey($0.key)) }
        if let own {
            let value = own.value.scalarText ?? own.value.serialized
            let values = seen.map { "'\($0)'" }.joined(separator: ", ")
            return MessageFormatError(
                "message \(turn) has unknown role '\(value)' (field '\(own.key)'; values seen: \(values)); \(expected)")
        }
        let keys = object.keys.map { "'\($0)'" }.joined(separator: ", ")
        return MessageFormatError("message \(turn) has no author (keys: \(keys)); \(expected)")
    }
}
