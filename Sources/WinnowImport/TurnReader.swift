import WinnowCore

/// Reads an array of conversation turns in the shapes exports use.
///
/// A turn's author is, in order:
/// - a field (`role`, `author`, `sender`, `from`, `speaker`, `participant`, `type`...) holding a role in a common
///   spelling (customer, client, user, human, end-user, requester / agent, support, assistant, operator, staff, bot,
///   gpt / system / note, internal), or an object holding one under `role` or `type`;
/// - a direction: a flag (`incoming`, `is_inbound`, `from_customer` true is the customer; `outgoing`, `from_agent`,
///   `is_staff` true is the agent: Freshdesk's conversations, Front's messages) or a `direction` field (`in`,
///   `inbound`, `incoming`, `received` / `out`, `outbound`, `outgoing`, `sent`);
/// - the author's id (`author_id`, `user_id`, `sender_id`, `created_by.id`...) against the record's customer
///   (`requester_id`, `customer_id`, `requester.id`...): the customer's id is the customer, any other the agent
///   (Zendesk's comments, Help Scout's threads);
/// - the name of the key holding the author's name (`{"client": "Ann", "message": "..."}`, `{"agent": "Bob",
///   "message": "..."}`); without a text field, such keys hold the text (`{"user": "Hi", "bot": "Hello"}`: two
///   turns);
/// - where no turn of the thread is told so and each names its author by an account object (DiscordChatExporter's
///   `author` with its `id`, `name` and `isBot`; Microsoft Graph's `from.user`), who speaks: the first person to
///   write is the customer, everyone else (bots always) answers, as message rows naming only their speakers are
///   read (``SpeakerSides``).
///
/// A platform's notice in a turn's kind (`type: ChannelPinnedMessage`, `messageType: systemEventMessage`:
/// ``TurnRoleRule/noticeKinds``) is nobody's words: an event.
///
/// The text is under `content`, `message`, `text`, `body`, `utterance` or `value` (or `body_text`, `plain_body`...),
/// as a string or a list of text parts. Internal notes are kept apart, never in the thread; so are events (a system
/// message, an action: `type: system_message`, `lineitem`, `action`), in order; an item with no text (an
/// assignment, a status change) is nothing, whoever wrote it.
enum TurnReader {
    /// The turns of a conversation.
    struct Turns: Equatable {
        /// The thread, in order.
        var messages: [Message] = []
        /// Internal notes, in order (kept out of the thread and responses).
        var internalNotes: [String] = []
        /// What happened in the thread without being said (`Chat started`, an agent's action), in order.
        var events: [String] = []
        /// Whether a turn's text was HTML, read as the text it shows (``HTMLFieldText``).
        var renderedHTML = false
        /// Content parts that are no text (an `image_url`, an `input_audio`), by type, in order of first sight:
        /// left out of the text, and counted so that a reader knows a turn showed more than it says.
        var leftOutParts: [(type: String, count: Int)] = []
        /// Who was taken for the customer, where only the speakers tell the sides (``SpeakerSides``).
        var speakerSides: SpeakerSides?

        static func == (lhs: Turns, rhs: Turns) -> Bool {
            lhs.messages == rhs.messages && lhs.internalNotes == rhs.internalNotes && lhs.events == rhs.events
                && lhs.renderedHTML == rhs.renderedHTML && lhs.speakerSides == rhs.speakerSides
                && lhs.leftOutParts.map(\.type) == rhs.leftOutParts.map(\.type)
                && lhs.leftOutParts.map(\.count) == rhs.leftOutParts.map(\.count)
        }

        /// Adds a turn's text where its author puts it.
        mutating func add(_ content: String, by author: Author) {
            switch author {
            case .role(let role): messages.append(Message(role: role, content: content))
            case .internalNote: internalNotes.append(content)
            case .event: events.append(content)
            }
        }
    }

    /// What a role value or an author key means.
    enum Author: Equatable {
        case role(MessageRole)
        case internalNote
        /// A system event or an action, said to no one: kept out of the thread.
        case event
    }

    /// Fields naming a turn's author, in order of preference.
    static let roleFields = [
        "role", "author", "sender", "from", "speaker", "participant", "participant_role", "author_type", "sender_type",
        "user_type",
        // Channel Talk's `personType` (`user`, `manager`, `bot`); LivePerson's `sentBy` (`Consumer`, `Agent`).
        "actor_type", "person_type", "sent_by", "type",
        // Olark's `kind` of a message, read as a direction (``directions``).
        "kind",
        // A chatbot's tracker events (Rasa's `{"event": "user" | "bot" | "action", ...}`).
        "event",
        // Contact Center AI Insights' `segmentParticipant: {"role": "END_USER"}`; Contact Lens names its two
        // participants by their roles (`"ParticipantId": "AGENT"`), elsewhere an id that names no side.
        "segment_participant", "participant_id",
    ].map(FieldMapping.matchingKey)
    /// Fields holding a turn's text, in order of preference.
    static let textFields = [
        "content", "message", "text", "body", "utterance", "value", "msg", "body_text", "plain_body", "text_body",
        "message_text", "html_body", "body_html", "parts", "message_parts",
        // LivePerson's `messageData`: `{"msg": {"text": ...}}`.
        "message_data",
    ].map(FieldMapping.matchingKey)

    /// Flags whose true value names the turn's author: the customer (`incoming`) or the agent (`outgoing`).
    static let directionFlags: [String: MessageRole] = {
        var table: [String: MessageRole] = [:]
        for name in [
            "incoming", "is_incoming", "inbound", "is_inbound", "from_customer", "is_customer", "by_customer",
            "from_user", "from_visitor", "is_visitor", "from_contact",
        ] { table[FieldMapping.matchingKey(name)] = .user }
        for name in [
            "outgoing", "is_outgoing", "outbound", "is_outbound", "from_agent", "is_agent", "by_agent", "from_staff",
            "is_staff", "is_admin", "from_admin", "from_business", "is_operator", "from_operator", "from_support",
            // Dynamics 365's `directioncode`: true for an outgoing activity.
            "directioncode",
        ] { table[FieldMapping.matchingKey(name)] = .assistant }
        return table
    }()

    /// Fields naming a participant's purpose (Genesys Cloud's `participantPurpose`), read by ``purposes``; or the
    /// author's association with a repository (GitHub's `author_association`).
    static let purposeFields = ["participant_purpose", "author_association"].map(FieldMapping.matchingKey)

    /// What a participant's purpose says of its turn: `internal` is the agent here, not a note.
    static let purposes: [String: Author] = [
        "external": .role(.user), "customer": .role(.user), "internal": .role(.assistant), "agent": .role(.assistant),
        "bot": .role(.assistant), "acd": .event, "ivr": .event, "workflow": .event,
        // GitHub's associations: the repository's people answer, everyone else asks.
        "owner": .role(.assistant), "member": .role(.assistant), "collaborator": .role(.assistant),
        "none": .role(.user), "contributor": .role(.user), "firsttimecontributor": .role(.user),
        "firsttimer": .role(.user), "mannequin": .role(.user),
    ]

    /// Fields whose value is a direction (`inbound` / `outbound`).
    static let directionFields = ["direction", "message_direction", "dir"].map(FieldMapping.matchingKey)

    /// Direction values (as ``FieldMapping/matchingKey(_:)``) and the author each means.
    static let directions: [String: MessageRole] = [
        "in": .user, "inbound": .user, "incoming": .user, "received": .user, "fromcustomer": .user,
        "out": .assistant, "outbound": .assistant, "outgoing": .assistant, "sent": .assistant,
        "tocustomer": .assistant,
        // A message's kind naming whom it goes to (Olark's `MessageToOperator`, `MessageToVisitor`) or the visitor's
        // message left while no one was online (`OfflineMessage`).
        "messagetooperator": .user, "messagetoagent": .user, "offlinemessage": .user, "messagetovisitor": .assistant,
        "messagetocustomer": .assistant,
        // Mobile-originated and mobile-terminated: an SMS gateway's words (MessageBird's `mo`, `mt`).
        "mo": .user, "mt": .assistant,
    ]

    /// The author a direction value means: a value of ``directions``, or one whose first word is (Twilio's
    /// `outbound-api`, `outbound-reply` and `outbound-call`, a dialler's `outbound_dial`, `inbound-call`).
    static func direction(_ value: String) -> MessageRole? {
        if let role = directions[FieldMapping.matchingKey(value)] { return role }
        let first = value.trimmingSpaces.split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
        return first.count < value.trimmingSpaces.count ? directions[FieldMapping.matchingKey(first)] : nil
    }

    /// Fields of a turn holding its author's id (or an object with an `id`).
    static let authorIDFields = [
        "author_id", "user_id", "sender_id", "from_id", "created_by_id", "creator_id", "created_by", "creator",
    ].map(FieldMapping.matchingKey)
    /// Fields of a turn holding its author as an object with an `id` (as text they are a role or a name).
    static let authorObjectFields = ["author", "sender", "user", "from"].map(FieldMapping.matchingKey)

    /// Fields of a record holding its customer's id (or an object with an `id`): turns written by that id are the
    /// customer's.
    static let customerIDFields = [
        "requester_id", "customer_id", "contact_id", "end_user_id", "visitor_id", "reporter_id", "requester",
        "customer", "contact", "primary_customer", "end_user", "visitor", "reporter",
    ].map(FieldMapping.matchingKey)

    /// Fields of a record listing a conversation's participants with their kind (LiveChat's `users`).
    static let participantListFields = ["users", "participants", "members", "people", "authors"].map(
        FieldMapping.matchingKey)

    /// The ids of a record's customer (`requester_id`, `customer.id`...), as text; also the ids of the participants
    /// a list names as customers (`"users": [{"id": "ab1", "type": "customer"}, {"id": "x", "type": "agent"}]`).
    static func customerIDs(of record: JSONObject) -> Set<String> {
        var ids = Set<String>()
        for member in record.members {
            let key = FieldMapping.matchingKey(member.key)
            if customerIDFields.contains(key) {
                if let id = identifier(member.value) { ids.insert(id) }
            } else if participantListFields.contains(key), let participants = member.value.arrayValue {
                for participant in participants {
                    guard let object = participant.objectValue, case .role(.user)? = author(of: participant),
                        let id = object["id"].flatMap(identifier)
                    else { continue }
                    ids.insert(id)
                }
            }
        }
        return ids
    }

    /// An id: a number or a non-empty string, or an object's `id`.
    private static func identifier(_ value: JSONValue) -> String? {
        switch value {
        case .number, .string:
            guard let text = value.scalarText?.trimmingSpaces, !text.isEmpty else { return nil }
            return text
        // Jira's users are named by their `accountId`.
        case .object(let object):
            return (object["id"] ?? object["accountId"] ?? object["account_id"]).flatMap(identifier)
        default: return nil
        }
    }

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
                    // Smooch's (Sunshine Conversations v1) customer.
                    "app_user",
                ]
            ),
            (
                .role(.assistant),
                [
                    "agent", "support", "assistant", "operator", "staff", "bot", "chatbot", "gpt", "chatgpt", "bard",
                    "model", "ai",
                    "representative", "support_agent", "customer_service", "customer_support", "customer_care",
                    "customer_success", "customer_experience", "customer_team", "helpdesk", "admin",
                    "teammate", "mitarbeiter", "mitarbeiterin", "berater", "conseiller", "conseillère", "agente",
                    "atendente", "operatore", "operador", "medewerker", "konsultant", "handläggare",
                    // Channel Talk's `personType` of an agent; Sunshine Conversations' `author.type` of the business
                    // answering (`appMaker` in its first version).
                    "manager", "business", "app_maker",
                    // Salesforce's `ConversationEntry.ActorType` (`Agent`, `Bot`, `EndUser`, `Supervisor`, `System`).
                    "supervisor",
                    // Dialogflow's and Contact Center AI's participant roles (`HUMAN_AGENT`, `AUTOMATED_AGENT`).
                    "human_agent", "automated_agent",
                ]
            ),
            (.role(.system), ["system", "developer"]),
            (
                .internalNote,
                [
                    "note", "internal", "internal_note", "private_note", "private", "notiz", "interne_notiz", "interne",
                    // Intercom's note that reopens the conversation.
                    "note_and_reopen",
                ]
            ),
            (
                .event,
                [
                    "action", "event", "system_message", "system_event", "lineitem", "line_item", "activity",
                    "status_change", "tool", "function", "ipython", "tool_result", "function_result",
                ]
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
        if isExchange(names) { return true }
        return names.contains {
            roleFields.contains($0) || authors[$0] != nil || directionFlags[$0] != nil || directionFields.contains($0)
                || authorIDFields.contains($0) || SpeakerSides.accountFields.contains($0) || purposeFields.contains($0)
        } && names.contains(where: textFields.contains)
    }

    /// Whether an item with these (matching) member names is a question and its answer: `input` and `output`, and
    /// no role field.
    static func isExchange(_ names: [String]) -> Bool {
        names.contains("input") && names.contains("output") && !names.contains(where: roleFields.contains)
    }

    /// Fields holding a turn's time, numbers or ISO 8601 text.
    static let timeFields = [
        "timestamp_ms", "timestamp", "created_at", "created", "date", "time", "sent_at", "date_unixtime",
        // Rocket.Chat's `ts` (its history runs newest first), Gitter's `sent`, Matrix's `origin_server_ts`.
        "ts", "sent", "origin_server_ts",
    ].map(FieldMapping.matchingKey)

    /// A turn wrapped in a member naming its kind (an X archive's `{"messageCreate": {"senderId": ..., "text":
    /// ...}}`) is what it wraps, as a record so wrapped is (``ObjectRecordMapper``); not where the member names an
    /// author (`{"customer": {"text": ...}}`).
    static func unwrappedTurn(_ item: JSONValue) -> JSONValue {
        guard case .object(let wrapper) = item, wrapper.count == 1, let inner = wrapper.members[0].value.objectValue,
            inner.count >= 2, authors[FieldMapping.matchingKey(wrapper.members[0].key)] == nil
        else { return item }
        return .object(inner)
    }

    /// `items` oldest first: reversed when every item gives its time in the same field and they run newest first
    /// (Messenger's export), else as they are.
    static func oldestFirst(_ items: [JSONValue]) -> [JSONValue] {
        guard items.count >= 2, let first = items[0].objectValue,
            let field = first.keys.first(where: { timeFields.contains(FieldMapping.matchingKey($0)) })
        else { return items }
        var times: [JSONValue] = []
        for item in items {
            guard let time = item.objectValue?[field] else { return items }
            times.append(time)
        }
        func isBefore(_ a: JSONValue, _ b: JSONValue) -> Bool? {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x < y
            case (.string(let x), .string(let y)) where x.count == y.count: return x < y
            default: return nil
            }
        }
        var descending = false
        for (later, earlier) in zip(times.dropFirst(), times) {
            guard let before = isBefore(later, earlier), let after = isBefore(earlier, later) else { return items }
            if after { return items }
            if before { descending = true }
        }
        return descending ? items.reversed() : items
    }

    /// Whether an object with these member names reads as a turn of a messenger's export: a speaker's name
    /// (`sender_name`, `from`, `author_name`...; not a bare `name`, which a contact form's entries have too) and a
    /// text field.
    static func looksLikeNamedTurn(keys: [String]) -> Bool {
        let names = keys.map(FieldMapping.matchingKey)
        let nameKey = FieldMapping.matchingKey("name")
        return names.contains { speakerNameFields.contains($0) && $0 != nameKey }
            && names.contains(where: textFields.contains)
    }

    /// Reads `value`, an array of turns, or says what is wrong with it (naming the turn, 1-based). `record` is the
    /// record holding the turns: a turn whose author id is its customer's (``customerIDs(of:)``) is the customer's,
    /// any other author id the agent's.
    static func read(_ value: JSONValue, record: JSONObject? = nil, roles: FieldMapping.TurnRoles? = nil) -> Result<
        Turns, MessageFormatError
    > {
        guard let given = value.arrayValue else { return .failure(MessageFormatError("is not an array of messages")) }
        let items = oldestFirst(given.map(unwrappedTurn))
        var turns = Turns()
        turns.leftOutParts = nonTextParts(items)
        var customers: Set<String>?
        var userIsAgent: Bool?
        // Whether the thread's messages hold author objects, looked for once (``holdsAuthorObjects(_:)``).
        var threadHoldsAuthors: Bool?
        var systemIsAgent: Bool?
        var names: (customers: Set<String>, agents: Set<String>)?
        for (index, item) in items.enumerated() {
            if let pair = item.arrayValue {
                // `["customer", "text"]`: an author and a text (ABCD's `original`, chat logs written as pairs).
                guard pair.count == 2, let name = pair[0].scalarText,
                    let author = authors[FieldMapping.matchingKey(name)]
                else {
                    return .failure(
                        MessageFormatError(
                            "message \(index + 1) is an array but not a pair of a known author and a text"
                                + " (\(JSONValue.array(Array(pair.prefix(2))).serialized.prefix(80)))"))
                }
                let content = ResolvedMapping.clean(
                    HTMLFieldText.plain(text(of: pair[1]), rendered: &turns.renderedHTML))
                guard let content else { continue }
                turns.add(content, by: author)
                continue
            }
            guard let object = item.objectValue else {
                return .failure(MessageFormatError("message \(index + 1) is not an object"))
            }
            if let result = toolResult(object) {
                turns.messages.append(result)
                continue
            }
            if isNotice(object) {
                // A platform's notice (a message pinned, a member joined): said by no one.
                if let text = firstText(object, rendered: &turns.renderedHTML) { turns.events.append(text) }
                continue
            }
            if let roles {
                // The command line names the field telling the authors (`--role-by author.name`).
                guard let text = firstText(object, rendered: &turns.renderedHTML) else { continue }
                if isPrivate(object) {
                    turns.internalNotes.append(text)
                    continue
                }
                let found = object[roles.field] ?? JSONValue.object(object).value(atPath: roles.field)
                let named = (found?.scalarText ?? found?.objectValue?["name"]?.scalarText ?? "").trimmingSpaces
                    .lowercased()
                let isAgent =
                    roles.agentValues.isEmpty
                    ? authors[FieldMapping.matchingKey(named)] == .role(.assistant) : roles.agentValues.contains(named)
                turns.add(text, by: .role(isAgent ? .assistant : .user))
                continue
            }
            func tell(_ object: JSONObject, opensThread: Bool) -> [(Author, String)]? {
                readTurn(
                    object, opensThread: opensThread,
                    systemIsAgent: {
                        if systemIsAgent == nil { systemIsAgent = systemMeansAgent(items) }
                        return systemIsAgent ?? false
                    },
                    userIsAgent: {
                        if userIsAgent == nil { userIsAgent = userMeansAgent(items) }
                        return userIsAgent ?? false
                    },
                    customerIDs: {
                        if customers == nil { customers = record.map(customerIDs(of:)) ?? [] }
                        return customers ?? []
                    },
                    names: {
                        if names == nil { names = record.map { speakerNames(of: $0, items: items) } ?? ([], []) }
                        return names ?? ([], [])
                    })
            }
            guard let read = tell(object, opensThread: turns.messages.isEmpty) else {
                // An event with no text (an assignment, a status change) is no turn, whoever wrote it; a private
                // message is an internal note, whoever wrote it.
                guard let text = firstText(object, rendered: &turns.renderedHTML) else { continue }
                if isPrivate(object) {
                    turns.internalNotes.append(text)
                    continue
                }
                // No turn says its side: the speakers tell them, where each turn names its account.
                if turns.speakerSides == nil {
                    turns.speakerSides = SpeakerSides(items) { tell($0, opensThread: false) != nil }
                }
                if let sides = turns.speakerSides, let side = sides.side(of: object) {
                    turns.add(text, by: .role(side))
                    continue
                }
                let holdsAuthors = {
                    if threadHoldsAuthors == nil { threadHoldsAuthors = holdsAuthorObjects(items) }
                    return threadHoldsAuthors ?? false
                }
                if isAuthorless(object, threadHoldsAuthors: holdsAuthors) {
                    // No author where the other messages name theirs (Chatwoot's activity messages have no
                    // `sender`): the platform's notice.
                    turns.events.append(text)
                    continue
                }
                return .failure(unknownAuthor(turn: index + 1, object: object, items: items))
            }
            // A model's calls to tools (OpenAI's `tool_calls`, `function_call`) go with its turn, which may say
            // nothing else; on any other turn they are events.
            var calls = toolCalls(object)
            let before = turns.messages.count
            defer {
                // OpenAI's `weight`: whether the assistant turn is one to learn from.
                if let weight = object["weight"]?.weightValue {
                    for index in before..<turns.messages.count where turns.messages[index].role == .assistant {
                        turns.messages[index].weight = weight
                    }
                }
            }
            for (author, raw) in read {
                let content = ResolvedMapping.clean(HTMLFieldText.plain(raw, rendered: &turns.renderedHTML)) ?? ""
                if author == .role(.assistant), !calls.isEmpty, !isPrivate(object) {
                    turns.messages.append(Message(role: .assistant, content: content, toolCalls: calls))
                    calls = []
                    continue
                }
                // An event with no text (an assignment, a status change) is no turn.
                if content.isEmpty { continue }
                turns.add(content, by: isPrivate(object) ? .internalNote : author)
            }
            turns.events += calls.map(\.text)
        }
        return .success(turns)
    }

    /// Whether a turn says it is not for the customer: a note flag (``TurnRoleRule/knownNoteFields``: `public:
    /// false` as Zendesk's comments, `private`, `is_private` or `internal` true, OTRS's `IsVisibleForCustomer: 0`),
    /// or a kind of note (`part_type: note`, Intercom's internal notes; a `type` of `note`, Crisp's).
    static func isPrivate(_ object: JSONObject) -> Bool {
        if isNumberedNote(object) { return true }
        for member in object.members {
            let key = FieldMapping.matchingKey(member.key)
            if let flag = member.value.flagValue, let known = noteFlags[key], flag == known { return true }
            switch (key, member.value) {
            // Crisp's `type: note` beside the operator in `from`.
            case ("parttype", .string(let kind)), ("messagetype", .string(let kind)), ("kind", .string(let kind)),
                ("visibility", .string(let kind)), ("type", .string(let kind)):
                let value = FieldMapping.matchingKey(kind)
                if authors[value] == .internalNote { return true }
                // LiveChat's `visibility: agents`: only the team sees it.
                if key == "visibility", ["agents", "agent", "team", "staff", "admins"].contains(value) { return true }
            // LivePerson's private text (`messageAudience: AGENTS_AND_MANAGERS`; `ALL` the customer sees).
            case ("audience", .string(let audience)), ("messageaudience", .string(let audience)):
                let value = FieldMapping.matchingKey(audience)
                if value != "all", value.hasPrefix("agent") { return true }
            default: continue
            }
        }
        return false
    }

    /// The note flags by their matching key, with the value that means a note.
    private static let noteFlags = Dictionary(
        TurnRoleRule.knownNoteFields.map { (FieldMapping.matchingKey($0.name), $0.noteWhen) },
        uniquingKeysWith: { first, _ in first })

    /// Fields of a turn naming its kind of message, where a platform's notices say what they are.
    static let kindFields = ["type", "message_type", "subtype"].map(FieldMapping.matchingKey)

    /// Whether `object` names no author in any field (``roleFields``, ``authorIDFields``, ``authorObjectFields``)
    /// while the thread's messages hold author objects (`"sender": {...}`, ``holdsAuthorObjects(_:)``, asked only
    /// then): a message the platform wrote.
    static func isAuthorless(_ object: JSONObject, threadHoldsAuthors: () -> Bool) -> Bool {
        func authorKey(_ key: String) -> Bool {
            let normal = FieldMapping.matchingKey(key)
            return roleFields.contains(normal) || authorIDFields.contains(normal) || authorObjectFields.contains(normal)
        }
        guard !object.members.contains(where: { authorKey($0.key) && $0.value != .null }) else { return false }
        return threadHoldsAuthors()
    }

    /// Whether one of `items` holds an author object (`"sender": {...}`).
    static func holdsAuthorObjects(_ items: [JSONValue]) -> Bool {
        items.contains { item in
            item.objectValue?.members.contains { member in
                authorObjectFields.contains(FieldMapping.matchingKey(member.key)) && member.value.objectValue != nil
            } ?? false
        }
    }

    /// Whether a turn is a platform's notice, by its kind (``TurnRoleRule/noticeKinds``: DiscordChatExporter's
    /// `ChannelPinnedMessage`, `GuildMemberJoin`; Microsoft Graph's `systemEventMessage`; Slack's `channel_join`).
    static func isNotice(_ object: JSONObject) -> Bool {
        object.members.contains { member in
            // Rocket.Chat's system messages (`"t": "uj"`).
            if TurnRoleRule.isSystemType(key: member.key, value: member.value) { return true }
            guard kindFields.contains(FieldMapping.matchingKey(member.key)), let kind = member.value.scalarText
            else { return false }
            return TurnRoleRule.noticeKinds.contains(TurnRoleRule.kindKey(kind))
        }
    }

    /// A turn's calls to tools: OpenAI's `tool_calls` and the older `function_call`.
    static func toolCalls(_ object: JSONObject) -> [ToolCall] {
        var calls: [JSONValue] = object["tool_calls"]?.arrayValue ?? []
        if let call = object["function_call"], call != .null { calls.append(.object(JSONObject([("function", call)]))) }
        return calls.compactMap(ToolCall.init(json:))
    }

    /// Roles of a tool's result: OpenAI's `tool` and older `function`, Llama's `ipython`.
    static let toolRoles: Set<String> = ["tool", "function", "ipython", "toolresult", "functionresult"]

    /// A tool's result as its own turn (`{"role": "tool", "tool_call_id": ..., "content": ...}`), its content as the
    /// tool gave it (a JSON value as JSON text); nil for any other turn.
    static func toolResult(_ object: JSONObject) -> Message? {
        guard let role = object["role"]?.scalarText, toolRoles.contains(FieldMapping.matchingKey(role)) else {
            return nil
        }
        let content: String
        switch object["content"] {
        case .string(let text)?: content = text
        case .array(let parts)?:
            content = parts.map { $0.objectValue?["text"]?.scalarText ?? $0.scalarText ?? $0.serialized }
                .joined(separator: "\n")
        case .null?, nil: content = ""
        case let other?: content = other.serialized
        }
        return Message(
            role: .tool, content: content, toolCallID: object["tool_call_id"]?.scalarText,
            name: object["name"]?.scalarText)
    }

    /// The text of a turn read without its author (a note whose author cannot be told, a ticket's opening
    /// message): its first text field with text, read as the text it shows when it is HTML.
    static func firstText(_ object: JSONObject, rendered: inout Bool) -> String? {
        for name in textFields {
            for member in object.members where FieldMapping.matchingKey(member.key) == name {
                if let content = ResolvedMapping.clean(HTMLFieldText.plain(text(of: member.value), rendered: &rendered))
                {
                    return content
                }
            }
        }
        return nil
    }

    /// Words for the customer other than `user`: a thread whose authors are typed with one of these and with
    /// `user` calls its agents users (Help Scout's `createdBy: {"type": "user"}` is a member of the team, its
    /// customers `"type": "customer"`; Chatwoot's senders are a `contact` and a `user`).
    static let customerWordsBesideUser: Set<String> = [
        "customer", "enduser", "requester", "visitor", "client", "contact",
    ]

    /// Whether the authors of `items` are typed both `user` and another word for the customer
    /// (``customerWordsBesideUser``), in role fields or author objects, and by no agent's word but a bot's: then
    /// `user` is the agent.
    static func userMeansAgent(_ items: [JSONValue]) -> Bool {
        var sawUser = false
        var sawCustomer = false
        var sawAgent = false
        for item in items {
            guard let object = item.objectValue else { continue }
            for member in object.members {
                let key = FieldMapping.matchingKey(member.key)
                guard roleFields.contains(key) || authorIDFields.contains(key) || authorObjectFields.contains(key)
                else { continue }
                let inner = member.value.objectValue.flatMap { $0["type"] ?? $0["role"] }
                guard let named = member.value.scalarText ?? inner?.scalarText else { continue }
                let word = FieldMapping.matchingKey(named)
                if word == "user" { sawUser = true }
                if customerWordsBesideUser.contains(word) { sawCustomer = true }
                // An agent's word (Intercom's `admin`) says who the agents are: its `user` is the customer.
                if case .role(.assistant)? = authors[word], !TurnRoleRule.botValues.contains(word) { sawAgent = true }
            }
        }
        return sawUser && sawCustomer && !sawAgent
    }

    /// Whether `items` are a dialogue whose speakers are the user and the system (MultiWOZ's and SGD's `speaker`:
    /// `USER`, `SYSTEM`): a system turn answers a user turn, and no turn names an assistant or an agent. Then
    /// `system` is the agent, not a system prompt or an event (a helpdesk's system author, under another field, still
    /// wrote events).
    static func systemMeansAgent(_ items: [JSONValue]) -> Bool {
        let speakerField = FieldMapping.matchingKey("speaker")
        var sawUser = false
        var systemAnswers = false
        for item in items {
            guard let object = item.objectValue else { continue }
            for member in object.members {
                let key = FieldMapping.matchingKey(member.key)
                guard key == speakerField, let named = member.value.scalarText else { continue }
                switch authors[FieldMapping.matchingKey(named)] {
                case .role(.user)?: sawUser = true
                case .role(.system)?: if sawUser { systemAnswers = true }
                case .role(.assistant)?: return false
                default: break
                }
            }
        }
        return systemAnswers
    }

    /// The turns one object holds (usually one), or nil when its author cannot be told. `userIsAgent`: whether the
    /// thread calls its agents `user` (``userMeansAgent(_:)``), asked only when a turn's author is `user`.
    private static func readTurn(
        _ object: JSONObject, opensThread: Bool = false, systemIsAgent: () -> Bool = { false },
        userIsAgent: () -> Bool, customerIDs: () -> Set<String>,
        names: () -> (customers: Set<String>, agents: Set<String>) = { ([], []) }
    ) -> [(Author, String)]? {
        // The chat format's own spelling, the usual case: no need to compare every key.
        if let role = object["role"]?.scalarText, let author = authors[role], object["content"] != nil {
            return [(author, text(of: object["content"]))]
        }
        let members = object.members.map { (match: FieldMapping.matchingKey($0.key), value: $0.value) }
        // A question and its answer in one item (Capybara's `{"input": ..., "output": ...}`).
        if isExchange(members.map(\.match)), let asked = object["input"], let answered = object["output"] {
            return [(.role(.user), text(of: asked)), (.role(.assistant), text(of: answered))]
        }
        let textMember = textFields.lazy.compactMap { name in
            members.first { $0.match == name && !text(of: $0.value).isEmpty }
        }.first
        for field in roleFields {
            guard let member = members.first(where: { $0.match == field }),
                let author = author(of: member.value, userIsAgent: userIsAgent)
            else { continue }
            // Only the chat format's `role` says `system` for its prompt, and ShareGPT's `from` before the first
            // turn; in a dialogue of `USER` and `SYSTEM` speakers (MultiWOZ, SGD) the system is the agent; a
            // helpdesk's system author (Freshchat's `actor_type: system`, an assignment) wrote an event.
            if author == .role(.system), field != "role" {
                if systemIsAgent() { return [(.role(.assistant), text(of: textMember?.value))] }
                if !(field == "from" && opensThread) { return [(.event, text(of: textMember?.value))] }
            }
            return [(author, text(of: textMember?.value))]
        }
        // A direction: a flag that is true, or a direction field.
        for member in members {
            if let role = directionFlags[member.match], member.value.flagValue == true {
                return [(.role(role), text(of: textMember?.value))]
            }
            if directionFields.contains(member.match), let value = member.value.scalarText,
                let role = direction(value)
            {
                return [(.role(role), text(of: textMember?.value))]
            }
        }
        // A participant's purpose (Genesys Cloud's transcripts' `participantPurpose`: `external` the customer,
        // `internal` the agent, `acd` or `ivr` the routing's prompts).
        for member in members where purposeFields.contains(member.match) {
            guard let value = member.value.scalarText, let author = purposes[FieldMapping.matchingKey(value)] else {
                continue
            }
            return [(author, text(of: textMember?.value))]
        }
        // A flag that is false names the other side when it is the turn's only direction flag.
        let falseFlags = members.compactMap { member in
            member.value.flagValue == false ? directionFlags[member.match] : nil
        }
        if let role = falseFlags.first, falseFlags.allSatisfy({ $0 == role }) {
            return [(.role(role == .user ? .assistant : .user), text(of: textMember?.value))]
        }
        // The author's id against the record's customer.
        if case let customers = customerIDs(), !customers.isEmpty {
            for field in authorIDFields + authorObjectFields {
                guard let member = members.first(where: { $0.match == field }),
                    authorIDFields.contains(field) || member.value.objectValue != nil,
                    let id = identifier(member.value)
                else { continue }
                return [(.role(customers.contains(id) ? .user : .assistant), text(of: textMember?.value))]
            }
        }
        // The author as an object typed with a role (Help Scout's `createdBy: {"id": 41, "type": "user"}`).
        for field in authorIDFields + authorObjectFields {
            guard let member = members.first(where: { $0.match == field }), member.value.objectValue != nil,
                let author = author(of: member.value, userIsAgent: userIsAgent)
            else { continue }
            return [(author, text(of: textMember?.value))]
        }
        // The author's name in a name field (Zendesk Chat's `"name": "Visitor 4821"`): a role word first (`Visitor`,
        // `Agent Kim`), or a name the record gives its customer (`visitor.name`) or its agents (`agent_names`).
        for field in speakerNameFields {
            guard let member = members.first(where: { $0.match == field }), let name = member.value.scalarText,
                let author = author(named: name, names: names)
            else { continue }
            return [(author, text(of: textMember?.value))]
        }
        // The author's name (or an object describing the author) under a key naming the role; a flag such as
        // `private: false` names no one. (Help Scout's `customer` object beside an agent's message is told above,
        // by the author's id.) Not where the turn names its author otherwise: Zulip's `client` beside its
        // `sender_full_name` is the app a message was sent from.
        if members.contains(where: { member in
            (speakerNameFields.contains(member.match) || authorIDFields.contains(member.match)
                || SpeakerSides.accountIDFields.contains(member.match))
                && member.value.scalarText?.trimmingSpaces.isEmpty == false
        }) {
            return nil
        }
        let keyed = members.compactMap { member -> (author: Author, value: JSONValue)? in
            switch member.value {
            case .string, .object: return authors[member.match].map { (author: $0, value: member.value) }
            default: return nil
            }
        }
        guard !keyed.isEmpty else { return nil }
        if let textMember { return [(keyed[0].author, text(of: textMember.value))] }
        return keyed.map { ($0.author, text(of: $0.value)) }
    }

    /// Fields of a turn holding its author's name.
    static let speakerNameFields = [
        "name", "author_name", "sender_name", "display_name", "from_name", "nick", "from", "sender_full_name",
    ].map(FieldMapping.matchingKey)

    /// The names a record gives its customer and its agents (``TranscriptText``'s name fields).
    ///
    /// Where the customer so named speaks in `items` under a name field (a messenger's chat export: Telegram's
    /// `"name": "Olga Petrova"` over turns `"from": "Olga Petrova"`), every other speaker named there is the team.
    static func speakerNames(of record: JSONObject, items: [JSONValue] = []) -> (
        customers: Set<String>, agents: Set<String>
    ) {
        var customers = TranscriptText.names(in: record, fields: TranscriptText.customerNameFields)
        var agents = TranscriptText.names(in: record, fields: TranscriptText.agentNameFields)
        var speakers = Set<String>()
        for item in items {
            guard let object = item.objectValue else { continue }
            for member in object.members where speakerNameFields.contains(FieldMapping.matchingKey(member.key)) {
                if let name = member.value.scalarText?.trimmingSpaces, !name.isEmpty {
                    speakers.insert(FieldMapping.matchingKey(name))
                }
            }
        }
        // Messenger's export is titled with the other party's name: the customer, where that name speaks.
        let titled = TranscriptText.names(in: record, fields: [FieldMapping.matchingKey("title")])
        if customers.isDisjoint(with: speakers), let title = record["title"]?.scalarText?.trimmingSpaces,
            speakers.contains(FieldMapping.matchingKey(title))
        {
            customers.formUnion(titled)
        }
        if !customers.isDisjoint(with: speakers) { agents.formUnion(speakers.subtracting(customers)) }
        return (customers, agents)
    }

    /// The author a speaker's name tells: a role word alone or first (`Visitor 4821`), else the record's customer
    /// or agents by name; nil when neither.
    private static func author(
        named name: String, names: () -> (customers: Set<String>, agents: Set<String>)
    ) -> Author? {
        let key = FieldMapping.matchingKey(name)
        let first = name.split(separator: " ").first.map { FieldMapping.matchingKey(String($0)) } ?? key
        if case .role(let role)? = authors[key] ?? authors[first] { return .role(role) }
        let known = names()
        if known.customers.contains(key) { return .role(.user) }
        if known.agents.contains(key) { return .role(.assistant) }
        return nil
    }

    /// The author a role field's value names: a role spelling, or an object holding one under `role` or `type`;
    /// `user` is the agent when `userIsAgent`.
    private static func author(of value: JSONValue, userIsAgent: () -> Bool = { false }) -> Author? {
        func named(_ text: String) -> Author? {
            let word = FieldMapping.matchingKey(text)
            if word == "user" && userIsAgent() { return .role(.assistant) }
            // A direction where a role is written (Trengo's message `type`: `INBOUND`, `OUTBOUND`).
            return authors[word] ?? directions[word].map { .role($0) }
        }
        if let text = value.scalarText { return named(text) }
        guard let object = value.objectValue else { return nil }
        for key in ["role", "type"] {
            if let inner = object[key]?.scalarText, let author = named(inner) { return author }
        }
        // A flag on the author saying whether they are the team's (Re:amaze's `"staff?": true`, `is_staff`).
        for member in object.members where staffFlagKeys.contains(FieldMapping.matchingKey(member.key)) {
            if let flag = member.value.flagValue { return .role(flag ? .assistant : .user) }
        }
        return nil
    }

    /// Flags of an author object that are true on the team's members (as ``FieldMapping/matchingKey(_:)``:
    /// Re:amaze's `staff?` is `staff`).
    static let staffFlagKeys: Set<String> = ["staff", "isstaff", "isagent", "isemployee", "fromstaff"]

    /// Whether a turn is a Re:amaze internal note: its `visibility` 1 (0 is a reply the customer sees), told by its
    /// author object's `staff?` flag (other apps number their visibility otherwise).
    static func isNumberedNote(_ object: JSONObject) -> Bool {
        guard case .number(let visibility)? = object["visibility"], visibility == 1,
            let author = object["user"]?.objectValue, author["staff?"] != nil
        else { return false }
        return true
    }

    /// The types of the content parts of `items` (turns) that hold no text: OpenAI's `image_url`, `input_audio`
    /// and `file` parts beside `text` ones, by type, in order of first sight.
    static func nonTextParts(_ items: [JSONValue]) -> [(type: String, count: Int)] {
        var found: [(type: String, count: Int)] = []
        for item in items {
            guard let content = item.objectValue?["content"]?.arrayValue else { continue }
            for part in content {
                guard let object = part.objectValue, let type = object["type"]?.scalarText,
                    !textPartTypes.contains(type), object["text"] == nil
                else { continue }
                if let index = found.firstIndex(where: { $0.type == type }) {
                    found[index].count += 1
                } else {
                    found.append((type, 1))
                }
            }
        }
        return found
    }

    /// Content part types that are text.
    static let textPartTypes: Set<String> = ["text", "input_text", "output_text"]

    /// A turn's text: a string, or a list of text parts (`{"type": "text", "text": ...}` or strings) joined by
    /// line breaks; cleaned (and read as text when it is HTML, by ``read(_:)``).
    private static func text(of value: JSONValue?) -> String {
        let raw: String
        switch value {
        case .string(let text)?: raw = text
        case .array(let parts)?:
            // Rich text's runs (Telegram's); else `{"text": "..."}`, Freshchat's `{"text": {"content": "..."}}`, or
            // strings, one paragraph each.
            if let runs = value?.runText {
                raw = runs
                break
            }
            raw = parts.compactMap { part in
                let text = part.objectValue?["text"]
                return text?.scalarText ?? text?.objectValue?["content"]?.scalarText ?? part.scalarText
            }.joined(separator: "\n")
        case .null?, nil: raw = ""
        // A body object (Matrix's `{"msgtype": "m.text", "body": "..."}`): its text; a message object holding its
        // text (LivePerson's `{"msg": {"text": ...}}`; its rich content, a card's JSON, is no text).
        case let other?: raw = other.fieldText ?? wrappedText(other) ?? ""
        }
        return ResolvedMapping.clean(raw) ?? ""
    }

    /// The text of an object wrapping a message: its `msg` or `message` object's `text`, `content` or `body`.
    static func wrappedText(_ value: JSONValue) -> String? {
        guard let object = value.objectValue else { return nil }
        for key in ["msg", "message"] {
            guard let inner = object[key]?.objectValue else { continue }
            for textKey in ["text", "content", "body"] {
                if case .string(let text)? = inner[textKey] { return text }
            }
        }
        return nil
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
            + " agent/support/assistant key; or name the field with --role-by FIELD --agent-values V1,V2 (a path"
            + " inside the message, such as author.name; every other value is the customer)"
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
