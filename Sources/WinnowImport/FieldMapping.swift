import Foundation
import WinnowCore

/// The example fields a source field can feed.
public enum ExampleField: String, Sendable, CaseIterable {
    case input
    case response
    case label
    case trainingPoint = "training_point"
    case ticketID = "ticket_id"
    case messages
}

/// Which source fields feed which example fields: explicit `--map FIELD=SOURCE[+SOURCE]` entries first, then the
/// automatic mapping of common field names. Every source field that feeds nothing is kept in metadata.
public struct FieldMapping: Sendable, Equatable {
    /// Explicit entries: each example field to the source paths (dotted for nested JSON) joined to fill it.
    public var explicit: [ExampleField: [String]]
    /// How a thread's turns tell the agent from the customer when the command line says so (`--role-by` without a
    /// conversation option): nil reads their roles as found.
    public var turnRoles: TurnRoles?
    /// Keys named like a subject whose values are a handful of categories (``categoricalSubject(in:)``): kept in
    /// metadata, not put above the input.
    public var categoricalSubjects: Set<String> = []
    /// Keys the names read word by word (``HeaderWords``) would map but whose values, in a file's first records, are
    /// not what the field holds (``wordNamedKeysSetAside(in:)``): kept in metadata.
    public var wordKeysSetAside: Set<String> = []

    /// The field of each turn naming its author (a dotted path inside the turn: `author.name`), and the values that
    /// are the agent (lower-cased; empty: the usual agent words); every other value is the customer.
    public struct TurnRoles: Sendable, Equatable {
        public var field: String
        public var agentValues: Set<String>

        /// A rule reading `field`, `agentValues` the agent.
        public init(field: String, agentValues: [String]) {
            self.field = field
            self.agentValues = Set(agentValues.map { $0.lowercased() })
        }
    }

    /// No explicit entries: the automatic mapping decides.
    public init(explicit: [ExampleField: [String]] = [:]) {
        self.explicit = explicit
    }

    /// Parses `--map` arguments such as `input=subject+body` or `label=ticket.queue`.
    public init(specifications: [String]) throws(MappingError) {
        var explicit: [ExampleField: [String]] = [:]
        for specification in specifications {
            let parts = specification.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw MappingError(message: "'\(specification)' is not FIELD=SOURCE[+SOURCE]")
            }
            let fieldName = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            guard let field = ExampleField(rawValue: fieldName) else {
                let names = ExampleField.allCases.map(\.rawValue).joined(separator: ", ")
                throw MappingError(
                    message: "unknown field '\(parts[0])' in '\(specification)'; expected one of \(names)")
            }
            let sources = parts[1].split(separator: "+", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !sources.isEmpty, !sources.contains(where: \.isEmpty) else {
                throw MappingError(message: "empty source name in '\(specification)'")
            }
            guard explicit[field] == nil else {
                throw MappingError(message: "field '\(fieldName)' is mapped twice")
            }
            explicit[field] = sources
        }
        self.explicit = explicit
    }

    /// Common source names for each field, in order of preference (compared after ``matchingKey(_:)``, so that
    /// `ticketSubject`, `Ticket Subject` and `ticket-subject` are one name).
    ///
    /// Conversation, thread and session ids serve as the ticket id when there is no ticket id: they keep a
    /// conversation's examples together in splits. `instruction` comes before the other input names: in
    /// instruction data (`instruction`, `input`, `output`) the instruction is the input, with `input` as its context.
    /// After the English names come the names helpdesks export in German, French, Spanish, Portuguese, Italian,
    /// Dutch, Polish and Swedish (with and without accents: `Catégorie`, `categorie`), so that a German export's
    /// `Betreff`, `Beschreibung`, `Kategorie` and `Antwort` map as `subject`, `body`, `category` and `response` do.
    public static let automaticNames: [(field: ExampleField, names: [String])] = [
        (
            .ticketID,
            [
                "ticket_id", "ticket_number", "case_id", "case_number", "conversation_id", "thread_id", "session_id",
                "dialog_id", "dialogue_id", "chat_id", "convo_id", "issue_key", "issue_id", "id", "ticket", "case",
                "ticket_no", "case_no",
                "ticketnummer", "ticket_nummer", "vorgangsnummer", "fallnummer", "numero_ticket", "numéro_ticket",
                "numéro_de_ticket", "numero_de_ticket", "id_ticket", "número_de_ticket", "numero_do_ticket",
                "número_do_ticket", "id_do_ticket", "numer_zgłoszenia", "ärendenummer",
            ]
        ),
        (
            .label,
            [
                // A label's name before its number (`label_text` beside `label` in Hugging Face exports).
                "label_text", "label_name", "intent_name", "category_name",
                "label", "intent", "category", "ticket_category", "queue", "topic", "issue_type", "ticket_type",
                // A contact centre's reason for the contact (Jira Service Management's `Request Type`, a call's
                // disposition, an e-commerce dataset's `issue_category`).
                "request_type", "contact_reason", "case_reason", "call_reason", "disposition", "issue_category",
                "issue_area",
                "type",
                "department", "department_name", "class",
                // A chatbot's intents file (`{"tag": "greeting", "patterns": [...]}`).
                "tag",
                "kategorie", "ticketkategorie", "thema", "typ", "ticket_typ", "catégorie", "categorie",
                "type_de_ticket", "categoría", "categoria", "tipo", "tipo_de_ticket", "kategoria", "kategori",
            ]
        ),
        (.trainingPoint, ["training_point"]),
        (
            .response,
            [
                "response", "answer", "agent_reply", "agent_response", "resolution", "ticket_resolution", "reply",
                "output", "completion", "solution", "close_notes", "resolution_notes", "resolution_note",
                "resolution_comment",
                "antwort", "agentenantwort", "lösung", "loesung", "réponse", "reponse", "réponse_agent",
                "reponse_agent", "respuesta", "respuesta_agente", "solución", "solucion", "resposta", "solução",
                "solucao", "risposta", "soluzione", "antwoord", "oplossing", "odpowiedź", "odpowiedz", "svar",
                // Preference data: the answer preferred (`rejected` stays in metadata).
                "chosen",
                // A chatbot's intents file: the first of its canned answers (``AlternativeTexts``).
                "responses", "answers",
            ]
        ),
        (
            .input,
            [
                "instruction", "body", "description", "ticket_description", "text", "question", "message",
                "customer_message", "input", "query", "prompt", "utterance", "utt", "sentence", "complaint", "content",
                "user_message", "user_input", "user_query", "customer_query", "customer_question", "inquiry",
                "enquiry",
                // Rocket.Chat's `msg`.
                "msg", "request", "body_text", "plain_body", "message_text", "text_body", "description_text",
                "comment_body",
                "comment_text",
                "beschreibung", "nachricht", "kundennachricht", "anfrage", "frage", "inhalt", "texte", "demande",
                "contenu", "descripción", "descripcion", "mensaje", "texto", "pregunta", "consulta", "contenido",
                "solicitud", "descrição", "descricao", "mensagem", "pergunta", "conteúdo", "conteudo",
                "descrizione", "messaggio", "testo", "domanda", "richiesta", "contenuto", "beschrijving", "bericht",
                "tekst", "vraag", "inhoud", "opis", "wiadomość", "wiadomosc", "treść", "tresc", "beskrivning",
                "meddelande",
                // A message's preview, the only text some exports give (Kustomer's `preview`, Front's `Extract`,
                // a `snippet`, a `blurb`): last, since it may be cut short.
                "preview", "extract", "snippet", "blurb",
            ]
        ),
    ]

    /// Names of a subject line, put before the input text (or the input alone when there is no body).
    public static let subjectNames = [
        "subject", "ticket_subject", "title", "ticket_title", "ticket_name", "betreff", "titel", "sujet", "objet",
        "titre",
        "asunto", "título", "titulo", "assunto", "oggetto", "titolo", "onderwerp", "temat", "ämne",
    ]
    /// Whether `key` is named like a subject (``subjectNames``, however it is written).
    public static func isSubjectName(_ key: String) -> Bool { matchingSubjectNames.contains(matchingKey(key)) }

    private static let matchingSubjectNames = Set(subjectNames.map(matchingKey))

    /// Names of a ticket's title that are one only beside a body (Jira's `Summary`, ServiceNow's
    /// `short_description`): alone, a `summary` is as often a summary of something else.
    public static let titleBesideBodyNames = ["summary", "short_description", "issue_summary", "ticket_summary"]
    /// Names of context that follows an instruction or question in the input (`input` in instruction data).
    public static let contextNames = ["context", "input"]
    /// Input names that take a context after them.
    static let namesTakingContext: Set<String> = ["instruction", "prompt", "question", "query"]
    /// Names of an array of conversation turns, read as the example's `messages`.
    public static let turnArrayNames = ["messages", "turns", "conversations", "dialog", "dialogue", "utterances"]
    /// Names helpdesk exports give a ticket's thread (Zendesk's `comments`, Intercom's `conversation_parts`, Help
    /// Scout's `threads`, Zammad's `articles`, OTRS's `Article`) or a chat's transcript (`transcript`,
    /// `chat_history`): read as the `messages` of a record
    /// where the field is an array whose first element reads as a turn, or text that reads as a chat transcript
    /// (``TranscriptText``); elsewhere (a CSV column `comments` holding prose, an empty array) the record maps as if
    /// it were not there.
    public static let threadArrayNames = [
        // LivePerson's conversation records (`messageRecords`, beside `interactions` that are assignments);
        // Genesys Cloud's transcripts' `phrases`.
        "message_records", "phrases",
        "comments_and_work_notes", "comments",
        // Jira's issue `comment`: `{"comments": [...], "total": ...}`.
        "comment",
        "conversation_parts", "parts", "threads", "thread", "replies", "posts",
        "articles", "article",
        "interactions",
        "transcript", "chat_transcript", "conversation", "chat_history", "chat_log", "conversation_history",
        "conversation_text", "chat_text", "chat", "history", "contents",
        // Preference data whose preferred answer is a whole dialogue (Anthropic's HH-RLHF: `\n\nHuman: ...`).
        "chosen",
    ]
    /// Names of a ticket's opening message kept apart from its thread (Zendesk's and Freshdesk's `description`,
    /// Intercom's `source` object; an issue's `body` beside its comments, as GitHub's): the customer's first turn,
    /// unless the thread already starts with it.
    public static let openingNames = [
        "description_text", "description", "ticket_description", "opening_message", "initial_message",
        "first_message", "source", "beschreibung", "descripción", "descripcion", "descrição", "descricao",
        "descrizione", "beschrijving", "opis", "beskrivning", "body",
    ]
    /// Names of the time a record was written: the field that orders records (kept in metadata).
    public static let orderNames = [
        "created_at", "timestamp", "created", "created_time", "date", "datetime", "time", "sent_at", "posted_at",
        "message_date", "created_date", "created_date_time",
        // Twilio's `date_created` (its console's message log: `SentDate`); Dynamics' `createdon`, spelled
        // `created_on` elsewhere.
        "date_created", "sent_date", "created_on", "createdon", "creation_date", "creation_time",
        // MessageBird's `createdDatetime`.
        "created_datetime",
        // Salesforce's `ConversationEntry.EntryTime`.
        "entry_time",
        // Zendesk Explore's `Comment created - Timestamp`.
        "comment_created_timestamp", "created_timestamp",
        // ServiceNow's `sys_created_on`.
        "sys_created_on",
        // Rocket.Chat's `ts`, Gitter's `sent`, Mattermost's `create_at`, Zulip's `date_sent`, Matrix's
        // `origin_server_ts`.
        "ts", "sent", "create_at", "date_sent", "origin_server_ts",
        "erstellt_am", "erstellt", "datum", "zeitpunkt", "date_de_création", "date_de_creation", "créé_le",
        "fecha", "fecha_de_creación", "fecha_de_creacion", "data_de_criação", "data_de_criacao", "aangemaakt",
    ]

    /// Names of the time a record was last changed (a helpdesk's `updated_at`, Jira's `Updated`, Salesforce's
    /// `LastModifiedDate`, ServiceNow's `sys_updated_on`, Zoho Desk's `modifiedTime`, HubSpot's
    /// `hs_lastmodifieddate`, OTRS's `Changed`), in the order one is preferred to another: which of two exports of
    /// one ticket is the later one (kept in metadata).
    public static let updateNames = [
        "updated_at", "updated", "last_updated", "last_updated_at", "updated_on", "updated_time", "updated_date",
        "updated_datetime", "date_updated", "update_time", "modified", "modified_at", "modified_on",
        "modified_time", "modified_date", "last_modified", "last_modified_at", "last_modified_date",
        "last_modified_time", "date_modified", "sys_updated_on", "hs_lastmodifieddate", "user_updated_at",
        "changed", "changed_at", "change_time", "last_activity_at", "last_activity",
        "aktualisiert_am", "aktualisiert", "geändert_am", "zuletzt_geändert", "änderungsdatum",
        "date_de_modification", "modifié_le", "mis_à_jour_le", "date_de_mise_à_jour", "fecha_de_modificación",
        "fecha_de_actualización", "actualizado", "actualizado_el", "modificado", "modificado_em", "atualizado_em",
        "data_de_modificação", "data_de_atualização", "gewijzigd", "gewijzigd_op", "bijgewerkt", "bijgewerkt_op",
        "aggiornato", "data_di_modifica", "uppdaterad", "ändrad", "zaktualizowano", "data_modyfikacji",
    ]

    /// Lower case, with words joined by underscores: `Ticket ID`, `ticket-id` and `ticketId` become `ticket_id`.
    public static func normaliseKey(_ key: String) -> String {
        let characters = Array(key.trimmingCharacters(in: .whitespaces))
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == " " || character == "-" || character == "_" {
                if !result.isEmpty, result.last != "_" { result.append("_") }
                continue
            }
            if character.isUppercase, index > 0, result.last != "_" {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    result.append("_")
                }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }

    /// The form names are compared in: lower case letters and digits only, so that case, spaces, dashes,
    /// underscores and camelCase make no difference (`Ticket Subject` and `ticketSubject` are `ticketsubject`).
    public static func matchingKey(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() where character.isLetter || character.isNumber {
            result.append(character)
        }
        return result
    }

    /// The top-level keys `--map` names (the first part of each path).
    public var explicitRoots: Set<String> {
        Set(explicit.values.flatMap { $0 }.map { $0.split(separator: ".").first.map(String.init) ?? $0 })
    }

    /// The key the automatic mapping would put above the input as a subject when, in `records` (a file's first
    /// ones), it holds a handful of values each given many times: a category (the Kaggle support tickets' `Ticket
    /// Subject`, 16 values over thousands of tickets), which above the input would give away a label. Needs 50
    /// records with a value, at most 30 values, and a value per 5 records at most. Nil otherwise.
    public func categoricalSubject(in records: [JSONObject]) -> String? {
        guard let keys = records.first?.keys, explicit[.input] == nil else { return nil }
        let mapping = resolve(keys: keys)
        guard let subject = mapping.assignment[.input]?.first, (mapping.assignment[.input]?.count ?? 0) >= 2,
            FieldMapping.isSubjectName(subject)
        else { return nil }
        var values: [String: Int] = [:]
        var count = 0
        for record in records {
            guard let value = record[subject]?.scalarText?.trimmingSpaces, !value.isEmpty else { continue }
            values[value, default: 0] += 1
            count += 1
        }
        guard count >= 50, values.count <= 30, values.count * 5 <= count else { return nil }
        return subject
    }

    /// The keys that names read word by word (``HeaderWords``) map but whose values in `records` (a file's first
    /// ones) are not what their field holds: for a text (input, response, subject), values that are not text, codes
    /// of a word or one, or a handful of texts given many times (a complaint database's `Company public response`,
    /// three canned statements; `Sub-issue`, a category); for a label, texts of more than eight words on average.
    /// With too few records to tell (under 20 for repeats), a key is kept.
    public func wordNamedKeysSetAside(in records: [JSONObject]) -> Set<String> {
        guard let keys = records.first?.keys else { return [] }
        var setAside = wordKeysSetAside
        // Setting a key aside may let the words map another: looked at again, a few times at most.
        for _ in 0..<3 {
            var mapping = self
            mapping.wordKeysSetAside = setAside
            let resolved = mapping.resolve(keys: keys)
            var found = false
            var named: [(key: String, text: Bool)] = []
            for field in [ExampleField.input, .response, .label] {
                for key in resolved.assignment[field] ?? [] where FieldMapping.isNamedByWords(key) {
                    named.append((key, field != .label))
                }
            }
            if let subject = resolved.subject, FieldMapping.isNamedByWords(subject) { named.append((subject, true)) }
            for (key, text) in named where !FieldMapping.holds(text: text, key: key, records) {
                setAside.insert(key)
                found = true
            }
            if !found { break }
        }
        return setAside.subtracting(wordKeysSetAside)
    }

    /// Whether `key` is mapped by its words alone: no name of any field's lists is it whole.
    static func isNamedByWords(_ key: String) -> Bool {
        !knownWhole.contains(matchingKey(key)) && HeaderWords.field(of: key) != nil
    }

    private static let knownWhole = Set(
        (automaticNames.flatMap(\.names) + subjectNames + titleBesideBodyNames + contextNames).map(matchingKey))

    /// Whether `records`' values of `key` read as a text's (`text`) or a label's.
    private static func holds(text: Bool, key: String, _ records: [JSONObject]) -> Bool {
        var values: [String] = []
        var others = 0
        for record in records.prefix(200) {
            switch record[key] {
            case .string(let value): if !value.trimmingSpaces.isEmpty { values.append(value) }
            case .none, .null: continue
            case .some: others += 1
            }
        }
        if others > values.count { return false }
        guard !values.isEmpty else { return true }
        let words = Double(values.reduce(0) { $0 + WordCount.of($1) }) / Double(values.count)
        guard text else { return words <= 8 }
        if words < 2 { return false }
        return values.count < 20 || Set(values).count * 4 > values.count
    }

    /// Decides, for records with these top-level keys, which source paths feed each field.
    public func resolve(keys: [String]) -> ResolvedMapping { resolve(keys: keys, threads: true) }

    /// ``resolve(keys:)``; with `threads` false a field named like a thread (``threadArrayNames``) is not read as
    /// turns: the mapping of records where it holds none.
    private func resolve(keys: [String], threads: Bool) -> ResolvedMapping {
        var assignment: [ExampleField: [String]] = explicit
        var used = explicitRoots
        let normalised = keys.map { (key: $0, normal: FieldMapping.matchingKey($0)) }
        func find(_ name: String) -> String? {
            let wanted = FieldMapping.matchingKey(name)
            return normalised.first { $0.normal == wanted && !used.contains($0.key) }?.key
        }
        func take(_ names: [String]) -> (key: String, name: String)? {
            for name in names {
                if let key = find(name) {
                    used.insert(key)
                    return (key, name)
                }
            }
            return nil
        }
        /// The field the words of `key`, not used and not set aside, tell (each key read once: a file may have
        /// thousands of columns).
        var readings: [String: HeaderWords.Field?] = [:]
        func byWords(_ key: String) -> HeaderWords.Field? {
            if used.contains(key) || wordKeysSetAside.contains(key) { return nil }
            if let known = readings[key] { return known }
            let field = HeaderWords.field(of: key)
            readings[key] = field
            return field
        }
        var thread: String?
        if assignment[.messages] == nil {
            if let turns = take(FieldMapping.turnArrayNames) {
                assignment[.messages] = [turns.key]
            } else if threads, let turns = take(FieldMapping.threadArrayNames) {
                assignment[.messages] = [turns.key]
                thread = turns.key
            } else if threads, let embedded = find("_embedded") {
                // HAL's `_embedded` (Help Scout's API): the thread is inside it.
                assignment[.messages] = [embedded + ".threads"]
                thread = embedded
            }
        }
        for (field, names) in FieldMapping.automaticNames where assignment[field] == nil {
            if field == .input || field == .response, assignment[.messages] != nil { continue }
            guard let found = take(names) else { continue }
            assignment[field] = [found.key]
            if field == .input, FieldMapping.namesTakingContext.contains(found.name),
                let context = take(FieldMapping.contextNames)
            {
                assignment[.input]?.append(context.key)
            }
        }
        // Names in phrases or compounds (`Message du client`, `問い合わせ内容`): read word by word, where no name
        // the field is known by is there.
        for field in [ExampleField.ticketID, .label, .response, .input] where assignment[field] == nil {
            if field == .input || field == .response, assignment[.messages] != nil { continue }
            let wanted: HeaderWords.Field =
                switch field {
                case .ticketID: .ticketID
                case .label: .label
                case .response: .response
                default: .input
                }
            if let key = normalised.first(where: { byWords($0.key) == wanted })?
                .key
            {
                used.insert(key)
                assignment[field] = [key]
            }
        }
        // A chatbot's tracker holding its conversation's events (Rasa's `{"sender_id": ..., "events": [...]}`) is
        // kept under its sender's id: beside a thread, no message's author.
        if assignment[.ticketID] == nil, assignment[.messages] != nil, let sender = take(["sender_id"]) {
            assignment[.ticketID] = [sender.key]
        }
        // ServiceNow's task number (`INC0010001`) beside its `short_description`; a `number` alone may count
        // anything.
        if assignment[.ticketID] == nil, normalised.contains(where: { $0.normal == "shortdescription" }),
            let number = take(["number"])
        {
            assignment[.ticketID] = [number.key]
        }
        used.formUnion(categoricalSubjects)
        /// A subject by its name, else by its words (`Objet du message`, `件名`).
        func takeSubject() -> (key: String, name: String)? {
            if let subject = take(FieldMapping.subjectNames) { return subject }
            guard
                let key = normalised.first(where: {
                    byWords($0.key) == .subject
                })?.key
            else { return nil }
            used.insert(key)
            return (key, key)
        }
        if explicit[.input] == nil, assignment[.messages] == nil, let subject = takeSubject() {
            assignment[.input, default: []].insert(subject.key, at: 0)
        } else if explicit[.input] == nil, assignment[.messages] == nil, assignment[.input] != nil,
            let title = take(FieldMapping.titleBesideBodyNames)
        {
            // Jira's `Summary` and ServiceNow's `short_description` are a ticket's title beside its description.
            assignment[.input, default: []].insert(title.key, at: 0)
        }
        // The opening message beside a helpdesk's thread (not beside a chat's `messages`, whose first turn opens).
        let chatNames: Set<String> = ["messages", "turns", "dialog", "dialogue", "utterances"]
        let beside =
            explicit[.input] == nil
            && assignment[.messages].map { !chatNames.contains(FieldMapping.matchingKey($0[0])) } == true
        let opening = beside ? FieldMapping.openingNames.lazy.compactMap(find).first : nil
        // The ticket's subject above the thread's first message, as where no thread is found (a tracker's title
        // only beside its description).
        let subject =
            beside
            ? (takeSubject() ?? (opening != nil ? take(FieldMapping.titleBesideBodyNames) : nil))?.key
            : nil
        let order = FieldMapping.orderNames.lazy.compactMap(find).first
        var resolved = ResolvedMapping(
            assignment: assignment, keys: keys, orderKey: order, opening: opening, subject: subject,
            withoutThread: thread.map { _ in resolve(keys: keys, threads: false) })
        resolved.turnRoles = turnRoles
        return resolved
    }
}

/// A `--map` argument that could not be understood.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    public var description: String { "invalid --map: \(message)" }
}
