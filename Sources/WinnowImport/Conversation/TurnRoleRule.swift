import Foundation
import WinnowCore

/// Who wrote a message row.
enum TurnRole: UInt8, Sendable {
    case customer
    case agent
    /// An internal note: kept out of inputs and responses.
    case note
    /// A message the export marks deleted (`deleted`, `IsDeleted` true, a `deletedDateTime`): left out; in reply
    /// chains with the replies to it, in conversations grouped by a field alone.
    case deleted
    /// A notice of the platform's (a member joined, a message pinned: Discord's `GuildMemberJoin`, Teams'
    /// `systemEventMessage`), nobody's words: left out, the replies to it kept.
    case notice
}

/// How a message row tells an agent turn from a customer turn, and an internal note from a public message.
struct TurnRoleRule: Sendable, Equatable {
    /// How the role field's value is read.
    enum Reading: Sendable, Equatable {
        /// These values (lower-cased) are the agent; every other value is the customer.
        case agentValues(Set<String>)
        /// As ``agentValues(_:)``, where the values name both sides (Chatwoot's `Contact` and `User`): a message
        /// with none is nobody's (an activity's empty `sender_type`).
        case namedSides(Set<String>)
        /// A true value is the customer (`inbound`).
        case customerWhenTrue
        /// A true value is the agent (`from_agent`, `is_agent`).
        case agentWhenTrue
        /// The field holds the id of the agent who wrote the message, empty or 0 on the customer's (osTicket's
        /// `staff_id`, HESK's `staffid`).
        case agentWhenSet
        /// A message's author in one of two id columns, `field` set on an agent's (FreeScout's `created_by_user_id`)
        /// and `customer` set on the customer's (`created_by_customer_id`, read first: an agent may write in for a
        /// customer); `kind`, where found, is the thread's type by FreeScout's numbers (``threadTypeNumbers``): 3 an
        /// internal note, 4 a change of status (a notice); `state`, where found, its state: 1 an unsent draft, left
        /// out as a deleted message is.
        case authorColumns(customer: String, kind: String?, state: String?)
        /// The kind of a thread entry by its letter (osTicket's `type`): `M` the customer's message, `R` an agent's
        /// response, `N` an internal note; a direction as ``direction``; any other value as ``agentValues(_:)`` with
        /// the usual agent words.
        case entryLetters
        /// `outbound` (or `out`, `outgoing`, `sent`, Twilio's `outbound-api`) is the agent (`direction`).
        case direction
        /// The field holds the author's id: the customer when it equals the id in this field (`author_id` against
        /// `requester_id`), else the agent.
        case customerWhenEqual(String)
        /// The field names the speaker and nothing says their side (a chat log's `from`, `author`): whoever opens a
        /// conversation is the customer, and so is every message of theirs; the others answer, bots among them
        /// (``isBot(_:)``), and a bot never opens.
        case openerIsCustomer
    }

    /// The field holding the role.
    let field: String
    var reading: Reading
    /// The author object `field` is read in, where it is a path inside one (``authorParent(of:)``).
    let authorParent: String?
    /// Fields marking internal notes, each with the boolean value that means "note" (`public` = false).
    let noteFields: [(field: String, noteWhen: Bool)]
    /// Fields naming a message's kind or visibility (`type`, `visibility`), a note when the value says so
    /// (``noteKinds``: Crisp's `type: note`, Help Scout's `note`, ServiceNow's `work_notes`).
    var noteKindFields: [String] = []

    /// Columns marking a deleted message (``deletedFields``, a flag; ``deletedTimeFields``, a time) and a bot's
    /// message (``botFlagFields``), found once for the records' keys.
    var markers = Markers()

    /// The columns of ``markers``.
    struct Markers: Sendable, Equatable {
        var deletedFlags: [String] = []
        var deletedTimes: [String] = []
        var botFlags: [String] = []

        /// The marker columns among `normalised` keys.
        init(_ normalised: [(key: String, normal: String)] = []) {
            for (key, normal) in normalised {
                if TurnRoleRule.deletedFields.contains(normal) { deletedFlags.append(key) }
                if TurnRoleRule.deletedTimeFields.contains(normal) { deletedTimes.append(key) }
                if TurnRoleRule.botFlagFields.contains(normal) { botFlags.append(key) }
            }
        }
    }

    init(
        field: String, reading: Reading, noteFields: [(field: String, noteWhen: Bool)], noteKindFields: [String] = [],
        markers: Markers = Markers()
    ) {
        self.field = field
        self.reading = reading
        self.noteFields = noteFields
        self.noteKindFields = noteKindFields.filter { $0 != field }
        self.markers = markers
        authorParent = TurnRoleRule.authorParent(of: field)
    }

    static func == (lhs: TurnRoleRule, rhs: TurnRoleRule) -> Bool {
        lhs.field == rhs.field && lhs.reading == rhs.reading && lhs.noteKindFields == rhs.noteKindFields
            && lhs.markers == rhs.markers
            && lhs.noteFields.elementsEqual(rhs.noteFields) { $0.field == $1.field && $0.noteWhen == $1.noteWhen }
    }

    /// Role columns recognised without `--role-by`, in order of preference (compared after
    /// ``FieldMapping/normaliseKey(_:)``), with how each is read.
    static let knownFields: [(name: String, reading: Reading)] = [
        ("role", .agentValues(defaultAgentValues)), ("author_type", .agentValues(defaultAgentValues)),
        ("author_role", .agentValues(defaultAgentValues)), ("sender_type", .agentValues(defaultAgentValues)),
        ("sender_role", .agentValues(defaultAgentValues)), ("sender", .agentValues(defaultAgentValues)),
        ("speaker", .agentValues(defaultAgentValues)), ("from_agent", .agentWhenTrue), ("is_agent", .agentWhenTrue),
        ("inbound", .customerWhenTrue), ("direction", .direction), ("message_direction", .direction),
        ("incoming", .customerWhenTrue), ("is_incoming", .customerWhenTrue), ("is_inbound", .customerWhenTrue),
        ("from_customer", .customerWhenTrue), ("is_customer", .customerWhenTrue), ("outgoing", .agentWhenTrue),
        ("is_outgoing", .agentWhenTrue), ("outbound", .agentWhenTrue), ("is_outbound", .agentWhenTrue),
        ("is_staff", .agentWhenTrue), ("from_staff", .agentWhenTrue), ("staff_id", .agentWhenSet),
        ("staffid", .agentWhenSet),
        // Dynamics 365's activities (`directioncode` true: outgoing).
        ("directioncode", .agentWhenTrue), ("direction_code", .agentWhenTrue),
        // GitHub's issue comments: the author's association with the repository (`OWNER`, `MEMBER`, `COLLABORATOR`
        // answer; `NONE`, `CONTRIBUTOR`, `FIRST_TIME_CONTRIBUTOR` ask).
        ("author_association", .agentValues(associationAgentValues)),
    ]

    /// The associations with a repository that answer its issues (GitHub's `author_association`).
    static let associationAgentValues: Set<String> = ["owner", "member", "collaborator"]

    /// Columns naming who wrote a message that hold an id or a name in most exports and a side in some (UVdesk's
    /// `created_by`: `customer` or `agent`): a role column where the values read are all role words
    /// (``holdsRoleWords(_:in:)``).
    static let roleWordFields = [
        "created_by", "posted_by", "written_by", "author", "user_type", "creator_type", "poster_type", "author_kind",
        // Freshchat's `actor_type`, Channel Talk's `personType`, Amazon Connect's `ParticipantRole`, Crisp's `from`
        // (`user`, `operator`).
        "actor_type", "person_type", "participant_role", "participant_type", "from",
        // A message's `type` where it holds sides, not kinds (Brevo's `visitor` and `agent`).
        "type",
    ]

    /// Whether `field`'s values in `records` are all words for a side (``TurnReader/authors``), both sides among
    /// them.
    static func holdsRoleWords(_ field: String, in records: [JSONObject]) -> Bool {
        var customer = false
        var agent = false
        for record in records {
            guard let text = record[field]?.scalarText?.trimmingSpaces, !text.isEmpty else { continue }
            switch TurnReader.authors[FieldMapping.matchingKey(text)] ?? TurnReader.authors[text.lowercased()] {
            case .role(.user)?: customer = true
            case .role(.assistant)?: agent = true
            case .role(.system)?, .internalNote?, .event?: continue
            default: return false
            }
        }
        return customer && agent
    }

    /// Words a message export puts before its columns' names (Zendesk Explore's `Comment author role`, `Comment
    /// public`), taken off where the rest names a role or note column (``knownFields``, ``knownNoteFields``).
    static let columnObjectPrefixes = ["comment_", "message_", "article_", "post_", "reply_", "entry_", "event_"]

    /// `normal` (``FieldMapping/normaliseKey(_:)``) without a ``columnObjectPrefixes`` word where the rest is a
    /// known role or note column's name and `normal` is not.
    static func columnName(_ normal: String) -> String {
        let known = { (name: Substring) in
            knownFields.contains { $0.name == name } || knownNoteFields.contains { $0.name == name }
        }
        guard !known(Substring(normal)) else { return normal }
        for prefix in columnObjectPrefixes where normal.hasPrefix(prefix) {
            let rest = normal.dropFirst(prefix.count)
            if known(rest) { return String(rest) }
        }
        return normal
    }

    /// `keys` with the names role and note columns are matched by (``columnName(_:)``).
    static func normalised(_ keys: [String]) -> [(key: String, normal: String)] {
        keys.map { (key: $0, normal: columnName(FieldMapping.normaliseKey($0))) }
    }

    /// Pairs of columns holding a message's author's id by side, the agent's first (FreeScout's threads).
    static let authorColumnPairs = [
        (agent: "created_by_user_id", customer: "created_by_customer_id"),
        (agent: "created_by_agent_id", customer: "created_by_customer_id"),
        (agent: "created_by_staff_id", customer: "created_by_customer_id"),
        (agent: "created_by_user_id", customer: "created_by_contact_id"),
        (agent: "created_by_agent_id", customer: "created_by_contact_id"),
    ]

    /// FreeScout's thread types (`App\Thread`): 1 the customer's message, 2 an agent's, 3 an internal note, 4 a
    /// change of status or assignee (no message), 5 a phone call, 6 and 7 forwards, 8 a chat message. Read only
    /// beside its author columns (``Reading/authorColumns(customer:kind:state:)``): other helpdesks number their
    /// kinds otherwise.
    static let threadTypeNumbers: Set<String> = ["1", "2", "3", "4", "5", "6", "7", "8"]

    /// Whether a value is an id: neither empty, nor 0, nor `null`.
    static func isSetID(_ value: JSONValue?) -> Bool {
        let text = value?.scalarText?.trimmingSpaces ?? ""
        return !(text.isEmpty || text == "0" || text.lowercased() == "null")
    }

    /// The ``Reading/authorColumns(customer:kind:state:)`` rule for a pair of author columns among `normalised`
    /// keys, with the thread type and state columns when `records` hold FreeScout's numbers in them (or, without
    /// records, when they are there); nil without a pair.
    static func authorColumnsRule(
        _ normalised: [(key: String, normal: String)], records: [JSONObject],
        noteFields: [(field: String, noteWhen: Bool)], noteKinds: [String]
    ) -> TurnRoleRule? {
        for pair in authorColumnPairs {
            guard let agent = normalised.first(where: { $0.normal == pair.agent }),
                let customer = normalised.first(where: { $0.normal == pair.customer })
            else { continue }
            let numbered = { (name: String, allowed: Set<String>) -> String? in
                guard let key = normalised.first(where: { $0.normal == name })?.key else { return nil }
                // Without records (`--role-by` given), the columns are taken by their names.
                guard !records.isEmpty else { return key }
                let values = records.compactMap { $0[key]?.scalarText?.trimmingSpaces }.filter { !$0.isEmpty }
                return !values.isEmpty && values.allSatisfy(allowed.contains) ? key : nil
            }
            let kind = numbered("type", threadTypeNumbers)
            let state = numbered("state", ["1", "2", "3", "4"])
            return TurnRoleRule(
                field: agent.key, reading: .authorColumns(customer: customer.key, kind: kind, state: state),
                noteFields: noteFields.filter { $0.field != agent.key },
                noteKindFields: noteKinds.filter { $0 != kind && $0 != state }, markers: Markers(normalised))
        }
        return nil
    }

    /// Kind columns that may name a thread entry by its letter (``Reading/entryLetters``).
    static let entryLetterFields = ["type", "entry_type", "thread_entry_type"]

    /// Whether `field`'s values in `records` are thread entries' letters: `M` and `R` (and `N`), nothing else.
    static func holdsEntryLetters(_ field: String, in records: [JSONObject]) -> Bool {
        var seen = Set<String>()
        for record in records {
            guard let text = record[field]?.scalarText?.trimmingSpaces.uppercased(), !text.isEmpty else { continue }
            guard ["M", "R", "N"].contains(text) else { return false }
            seen.insert(text)
        }
        return seen.contains("M") && seen.contains("R")
    }

    /// Columns of a message's kind that hold its direction in some exports only (Chatwoot's `message_type`:
    /// `incoming`, `outgoing`, `activity`; Teams' `messageType` is `message` or a notice): a role column, read as a
    /// direction, where a sampled record's value is one (``TurnReader/direction(_:)``).
    static let directionKindFields = ["message_type", "type", "kind"]

    /// Columns naming a message's speaker without saying their side, read when no role column is found.
    static let speakerNameFields = [
        // ServiceNow's journal entries (`sys_journal_field`) beside the table they belong to in `name`.
        "sys_created_by",
        "from", "author", "sender_name", "author_name", "user_name", "username", "user", "nick", "nickname",
        "speaker_name", "display_name", "name",
        // Google Chat's `creator`, Gitter's `fromUser`, Rocket.Chat's `u`, Zulip's `sender_full_name`.
        "creator", "from_user", "u", "sender_full_name",
        // Telegram's service messages name who acted.
        "actor",
        // A helpdesk's thread rows naming their author by address or name (Help Scout's `Created By`).
        "created_by", "posted_by", "written_by",
    ]

    /// Columns holding a message's author's id, and columns holding the ticket's customer's id in the same row:
    /// where both are present (Zendesk's comments joined to their tickets), the customer's id is the customer.
    static let authorIDFields = ["author_id", "user_id", "sender_id", "from_id", "created_by_id", "created_by"]
    static let customerIDFields = ["requester_id", "customer_id", "contact_id", "end_user_id", "visitor_id"]

    /// Role values that mean the agent when no `--agent-values` are given.
    static let defaultAgentValues: Set<String> = [
        "agent", "assistant", "support", "staff", "operator", "admin", "administrator", "bot", "representative",
        "employee", "helpdesk", "company", "brand", "outbound", "teammate", "mitarbeiter", "mitarbeiterin", "berater",
        "conseiller", "conseillère", "agente", "atendente", "operatore", "operador", "medewerker", "konsultant",
        "handläggare",
        // Chatwoot's bots (`AgentBot`, `agent_bot`).
        "agentbot", "agent_bot",
        // Channel Talk's agent (`manager`), Sunshine Conversations' business (`appMaker` in its first version).
        "manager", "business", "appmaker", "app_maker",
        // Salesforce's `ConversationEntry.ActorType` of a supervisor who writes in the session, and its `Chatbot`.
        "supervisor", "chatbot", "virtual_agent", "virtualagent",
    ]

    /// Role values that name the helpdesk itself (Zammad's and OTRS's `System` sender: a trigger's acknowledgement,
    /// a notification): nobody's words, unless `--agent-values` names them.
    static let systemValues: Set<String> = ["system"]

    /// Role values that mean an internal note, whatever the reading.
    static let noteValues: Set<String> = [
        "note", "internal", "internal_note", "internal note", "private_note", "notiz", "interne notiz", "interne_notiz",
    ]

    /// Flag columns marking internal notes: the name, and the value that means a note.
    static let knownNoteFields: [(name: String, noteWhen: Bool)] = [
        ("public", false), ("is_public", false), ("internal", true), ("is_internal", true), ("is_note", true),
        ("private", true), ("is_private", true), ("published", false), ("is_published", false),
        ("customer_visible", false), ("is_customer_visible", false), ("visible_to_customer", false),
        // OTRS's and Znuny's articles; Jira Service Management's comments (`jsdPublic` false: internal).
        ("is_visible_for_customer", false), ("jsd_public", false),
    ]

    /// Columns naming a message's kind or visibility, read for ``noteKinds``.
    static let knownNoteKindFields = [
        "type", "kind", "message_type", "part_type", "comment_type", "note_type", "entry_type", "thread_type",
        "visibility",
        // ServiceNow's journal entry's `element`: `comments` the customer sees, `work_notes` they do not.
        "element",
        "privacy", "subtype", systemTypeField,
    ]

    /// Kinds (lower-cased, spaces and hyphens as `_`) that mean an internal note (Intercom's `note_and_reopen`: a
    /// note that reopens the conversation).
    static let noteKinds: Set<String> = [
        "note", "internal", "internal_note", "private", "private_note", "internal_comment", "private_comment",
        "work_note", "work_notes", "whisper", "notiz", "interne_notiz", "note_and_reopen", "conversation_note",
    ]

    /// The note flag and kind columns among `keys`, but `roleField`.
    static func noteColumns(_ normalised: [(key: String, normal: String)])
        -> (flags: [(field: String, noteWhen: Bool)], kinds: [String])
    {
        let flags = knownNoteFields.compactMap { known in
            normalised.first { $0.normal == known.name }.map { (field: $0.key, noteWhen: known.noteWhen) }
        }
        var kinds = knownNoteKindFields.compactMap { name in normalised.first { $0.normal == name }?.key }
        // A message's content object naming its kind (Gladly's `content.type`: `CONVERSATION_NOTE`).
        if let content = normalised.first(where: { $0.normal == "content" })?.key { kinds.append(content + ".type") }
        return (flags, kinds)
    }

    /// The rule for records with these keys: `--role-by` (with `--agent-values`) when given, else the first known
    /// role column present. Throws a message naming the option to give when no role column is found.
    static func resolve(keys: [String], options: ConversationOptions) throws(RoleColumnError) -> TurnRoleRule {
        let normalised = TurnRoleRule.normalised(keys)
        let (noteFields, noteKinds) = noteColumns(normalised)
        // Every record is read by the rule the file's first records called for, a record without its field too
        // (its reading deciding what a missing value is), with the note and marker columns of its own keys.
        if let detected = options.detectedRole, options.roleBy == nil || options.roleBy == detected.field {
            return TurnRoleRule(
                field: detected.field, reading: detected.reading,
                noteFields: noteFields.filter { $0.field != detected.field },
                noteKindFields: noteKinds.filter { !detected.reading.columns.contains($0) },
                markers: Markers(normalised))
        }
        if let field = options.roleBy {
            // A dotted path inside the record (`author.name`) names its first part's field.
            let root = field.split(separator: ".").first.map(String.init) ?? field
            // A message without the author object the field is read in (Chatwoot's activity messages have no
            // `sender`) is a notice (``authorParent``), not a field named wrongly.
            let authorless =
                field.contains(".") && nestedRoleParents.contains(FieldMapping.normaliseKey(root))
                && FieldMapping.normaliseKey(root) != "attributes"
            guard keys.contains(field) || (field.contains(".") && keys.contains(root)) || authorless else {
                throw RoleColumnError(
                    message: "no field '\(field)' for --role-by (fields: \(keys.joined(separator: ", ")))")
            }
            // The agent's column of a pair of author columns (FreeScout's `created_by_user_id`) is read with its
            // customer's.
            if options.agentValues.isEmpty,
                let rule = authorColumnsRule(normalised, records: [], noteFields: noteFields, noteKinds: noteKinds),
                rule.field == field
            {
                return rule
            }
            let reading: Reading
            if let values = TurnRoleRule.agentValues(given: options.agentValues) {
                reading = .agentValues(values)
            } else {
                // A dotted path is read as its last part is (`attributes.direction` as a `direction`).
                let normal = TurnRoleRule.columnName(
                    FieldMapping.normaliseKey(field.split(separator: ".").last.map(String.init) ?? field))
                reading =
                    knownFields.first { $0.name == normal }?.reading
                    ?? (entryLetterFields.contains(normal)
                        ? .entryLetters
                        : directionKindFields.contains(normal) ? .direction : .agentValues(defaultAgentValues))
            }
            return TurnRoleRule(
                field: field, reading: reading, noteFields: noteFields.filter { $0.field != field },
                noteKindFields: noteKinds, markers: Markers(normalised))
        }
        if let rule = candidates(keys: keys).first { return rule }
        // A speaker's name and no side: the one who opens a conversation asks.
        if let speaker = speakerNameFields.lazy.compactMap({ name in normalised.first { $0.normal == name } }).first {
            return TurnRoleRule(
                field: speaker.key, reading: .openerIsCustomer,
                noteFields: noteFields.filter { $0.field != speaker.key },
                noteKindFields: noteKinds, markers: Markers(normalised))
        }
        throw RoleColumnError(
            message: "cannot tell agent turns from customer turns: no field named "
                + knownFields.map(\.name).joined(separator: ", ")
                + ", nor an author's id (author_id...) beside the customer's (requester_id...)"
                + "; name the field with --role-by FIELD --agent-values V1,V2 (every other value is the customer)")
    }

    /// The agent values `--agent-values` gives (lower-cased): the values alone, or with a list opening with `+`
    /// (`+user`), the usual agent words and the values; nil when none are given.
    static func agentValues(given: [String]) -> Set<String>? {
        guard let first = given.first else { return nil }
        let values = Set(given.map { ($0.hasPrefix("+") ? String($0.dropFirst()) : $0).lowercased() })
        return first.hasPrefix("+") ? defaultAgentValues.union(values) : values
    }

    /// Agent values that name a bot.
    static let botValues: Set<String> = ["bot", "agentbot", "agent_bot", "chatbot", "virtual_agent", "virtualagent"]

    /// Whether `field`'s values in `records` read `user` as the agent: they hold `user` beside a value naming the
    /// customer (``TurnReader/customerWordsBesideUser``) and none of the usual agent words but a bot's, as
    /// Chatwoot's sender types do (`contact`, the person writing in; `user`, an agent of the account; `agent_bot`).
    /// Elsewhere a `user` is the customer, beside an agent, an `admin` or an `assistant`.
    static func userMeansAgent(_ field: String, in records: [JSONObject]) -> Bool {
        var user = false
        var customer = false
        for record in records {
            let value = member(field, of: record)
            guard
                let text = (value?.scalarText ?? value?.objectValue?["name"]?.scalarText)?.trimmingSpaces.lowercased(),
                !text.isEmpty
            else { continue }
            // A bot answers either way; an agent word says who the agents are (Intercom's `admin` beside its `user`).
            if defaultAgentValues.contains(text), !botValues.contains(text) { return false }
            if text == "user" {
                user = true
            } else if TurnReader.customerWordsBesideUser.contains(FieldMapping.matchingKey(text)) {
                customer = true
            }
        }
        return user && customer
    }

    /// Every rule the known role columns of `keys` give, in order of preference (the first is what ``resolve(keys:
    /// options:)`` picks without `--role-by`): a file's rows can then say which column tells the sides apart (a
    /// `Sender` of addresses beside a `Direction` does not), and whether a `user` among its values is the agent
    /// (``userMeansAgent(_:in:)``).
    static func candidates(keys: [String], records: [JSONObject] = []) -> [TurnRoleRule] {
        let rules = namedCandidates(keys: keys, records: records)
        guard !records.isEmpty else { return rules }
        return rules.map { rule in
            guard case .agentValues(let values) = rule.reading, values == defaultAgentValues,
                userMeansAgent(rule.field, in: records)
            else { return rule }
            var read = rule
            read.reading = .namedSides(values.union(["user"]))
            return read
        }
    }

    /// ``candidates(keys:records:)`` as the columns' names give them.
    private static func namedCandidates(keys: [String], records: [JSONObject]) -> [TurnRoleRule] {
        let normalised = TurnRoleRule.normalised(keys)
        let (noteFields, noteKinds) = noteColumns(normalised)
        var rules: [TurnRoleRule] = []
        // A kind column of thread entries' letters (osTicket's `type`: `M`, `R`, `N`) says more than an agent's id
        // beside it (`staff_id`, set on notes too).
        for match in normalised where entryLetterFields.contains(match.normal) {
            guard holdsEntryLetters(match.key, in: records) else { continue }
            rules.append(
                TurnRoleRule(
                    field: match.key, reading: .entryLetters, noteFields: noteFields.filter { $0.field != match.key },
                    noteKindFields: noteKinds, markers: Markers(normalised)))
        }
        // A message's author's id in a column of each side's (FreeScout's `created_by_user_id` and
        // `created_by_customer_id`), says more than an assignee's `user_id` beside the `customer_id`.
        if let rule = authorColumnsRule(normalised, records: records, noteFields: noteFields, noteKinds: noteKinds) {
            rules.append(rule)
        }
        // A column of role words under a name that usually holds an author's id or name.
        for match in normalised where roleWordFields.contains(match.normal) {
            guard holdsRoleWords(match.key, in: records) else { continue }
            rules.append(
                TurnRoleRule(
                    field: match.key, reading: .agentValues(defaultAgentValues),
                    noteFields: noteFields.filter { $0.field != match.key }, noteKindFields: noteKinds,
                    markers: Markers(normalised)))
        }
        for known in knownFields {
            guard let match = normalised.first(where: { $0.normal == known.name }) else { continue }
            rules.append(
                TurnRoleRule(
                    field: match.key, reading: known.reading, noteFields: noteFields.filter { $0.field != match.key },
                    noteKindFields: noteKinds, markers: Markers(normalised)))
        }
        // An author's id beside the customer's (Zendesk's comments joined to their tickets).
        if let author = authorIDFields.lazy.compactMap({ name in normalised.first { $0.normal == name } }).first,
            let customer = customerIDFields.lazy.compactMap({ name in normalised.first { $0.normal == name } }).first
        {
            rules.append(
                TurnRoleRule(
                    field: author.key, reading: .customerWhenEqual(customer.key),
                    noteFields: noteFields.filter { $0.field != author.key }, noteKindFields: noteKinds,
                    markers: Markers(normalised)))
        }
        // A kind column whose values are mostly directions here (Chatwoot's `message_type`, Trengo's `type`:
        // `INBOUND`, `OUTBOUND`, `NOTE`).
        for match in normalised where directionKindFields.contains(match.normal) {
            let values = records.compactMap { $0[match.key]?.scalarText }.filter { !$0.isEmpty }
            let directed = values.count { TurnReader.direction($0) != nil }
            guard directed > 0, directed * 2 >= values.count else { continue }
            rules.append(
                TurnRoleRule(
                    field: match.key, reading: .direction, noteFields: noteFields.filter { $0.field != match.key },
                    noteKindFields: noteKinds, markers: Markers(normalised)))
        }
        // An author object's kind (Gladly's `initiator.type`, `author.type`), a message's attributes' direction
        // (Dixa's `attributes.direction`): after the columns of the record's own.
        for path in nestedRolePaths(records) {
            let last = FieldMapping.normaliseKey(String(path.split(separator: ".").last ?? ""))
            rules.append(
                TurnRoleRule(
                    field: path,
                    reading: knownFields.first { $0.name == last }?.reading ?? .agentValues(defaultAgentValues),
                    noteFields: noteFields, noteKindFields: noteKinds, markers: Markers(normalised)))
        }
        return rules
    }

    /// Objects naming a message's author (Gladly's `initiator`, `author`, `sender`, `created_by`) or holding its
    /// attributes (Dixa's `attributes`), and the members in them that tell the side.
    static let nestedRoleParents = [
        "initiator", "author", "sender", "created_by", "creator", "actor", "from", "attributes",
    ]
    static let nestedRoleMembers = ["type", "role", "direction", "author_type", "sender_type"]

    /// The dotted paths (``nestedRoleParents`` then ``nestedRoleMembers``) the first of `records` holding each
    /// parent as an object gives, as written there.
    static func nestedRolePaths(_ records: [JSONObject]) -> [String] {
        var paths: [String] = []
        for parent in nestedRoleParents {
            guard
                let (key, object) = records.lazy.compactMap({ record in
                    record.members.first { FieldMapping.normaliseKey($0.key) == parent }.flatMap { member in
                        member.value.objectValue.map { (member.key, $0) }
                    }
                }).first
            else { continue }
            for wanted in nestedRoleMembers {
                if let member = object.keys.first(where: { FieldMapping.normaliseKey($0) == wanted }) {
                    paths.append(key + "." + member)
                }
            }
        }
        return paths
    }

    /// Flag columns marking a deleted message.
    static let deletedFields = ["deleted", "is_deleted"]
    /// Columns holding when a message was deleted (Microsoft Graph's `deletedDateTime`): a time there marks it
    /// deleted.
    static let deletedTimeFields = ["deleted_date_time", "deleted_at", "deleted_time", "deleted_on"]

    /// Kinds of message (as ``kindKey(_:)``) that are a platform's notices, nobody's words: Microsoft Graph's
    /// `messageType` `systemEventMessage` (Teams), DiscordChatExporter's `type` of a system message (joins, pins,
    /// renames, threads started), Slack's `subtype` of one.
    static let noticeKinds: Set<String> = Set(
        [
            "systemeventmessage", "system_event_message", "recipientadd", "recipientremove", "channelnamechange",
            "channeliconchange", "channelpinnedmessage", "guildmemberjoin", "threadcreated",
            // Matrix's state events and reactions in a room's timeline (Element's export).
            "m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility",
            "m.room.guest_access", "m.room.name", "m.room.topic", "m.room.avatar", "m.room.canonical_alias",
            "m.room.encryption", "m.room.pinned_events", "m.room.server_acl", "m.room.tombstone", "m.room.redaction",
            "m.reaction",
            // Telegram's service messages (a group created, a member added, a message pinned).
            "service",
            // Gladly's conversation items that are no one's message; Chatwoot's activity messages (assigned,
            // resolved).
            "topic_change", "conversation_status_change", "activity",
            // Help Scout's thread of a change (assigned, closed: `lineitem`).
            "lineitem", "line_item",
        ] + SlackExport.noticeSubtypes)

    /// Rocket.Chat's field naming the kind of a system message (`t`: `uj` a user joined, `livechat-close`...):
    /// a message that has one is a notice.
    static let systemTypeField = "t"

    /// Whether `member` is Rocket.Chat's system message type (``systemTypeField``): a word of lower-case letters,
    /// `-` and `_` (not a time, as a `t` elsewhere may be).
    static func isSystemType(key: String, value: JSONValue) -> Bool {
        guard key == systemTypeField, let text = value.scalarText, case .string = value, !text.isEmpty else {
            return false
        }
        return text.allSatisfy { ("a"..."z").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// The value `field` names in `record`: a member, or a dotted path inside it (`initiator.type`).
    static func member(_ field: String, of record: JSONObject) -> JSONValue? {
        record[field] ?? (field.contains(".") ? JSONValue.object(record).value(atPath: field) : nil)
    }

    /// The notice kind a record's kind field gives (``noticeKinds``), as written; nil for a message.
    func noticeKind(of record: JSONObject) -> String? {
        for field in noteKindFields {
            guard let value = TurnRoleRule.member(field, of: record), let kind = value.scalarText else { continue }
            if TurnRoleRule.noticeKinds.contains(TurnRoleRule.kindKey(kind))
                || TurnRoleRule.isSystemType(key: field, value: value)
            {
                return kind
            }
        }
        if case .namedSides = reading,
            (TurnRoleRule.member(field, of: record)?.scalarText ?? "").trimmingSpaces.isEmpty
        {
            return "no \(authorParent ?? field)"
        }
        if case .agentValues = reading, let parent = authorParent, record[field] == nil,
            (record[parent] ?? .null) == .null
        {
            return "no \(parent)"
        }
        if let text = TurnRoleRule.member(field, of: record)?.scalarText,
            TurnRoleRule.systemValues.contains(text.trimmingSpaces.lowercased())
        {
            return text
        }
        if case .authorColumns(_, let kind?, _) = reading, record[kind]?.scalarText?.trimmingSpaces == "4" {
            return "\(kind) 4 (a change of status)"
        }
        // A direction field's own kind of notice (Chatwoot's `message_type` `activity`).
        if case .direction = reading, let kind = TurnRoleRule.member(field, of: record)?.scalarText,
            TurnRoleRule.noticeKinds.contains(TurnRoleRule.kindKey(kind))
        {
            return kind
        }
        return nil
    }

    /// Whether a speaker's value names a bot: an author object flagged so (DiscordChatExporter's `isBot`, `is_bot`,
    /// `bot`), or Microsoft Graph's identity set naming an application and no user.
    static func isBot(_ value: JSONValue?) -> Bool {
        guard let object = value?.objectValue else { return false }
        for member in object.members where ["is_bot", "bot"].contains(FieldMapping.normaliseKey(member.key)) {
            if member.value.flagValue == true { return true }
        }
        // Google Chat's `"user_type": "Bot"`.
        for member in object.members
        where ["user_type", "account_type"].contains(FieldMapping.normaliseKey(member.key)) {
            if member.value.scalarText?.trimmingSpaces.lowercased() == "bot" { return true }
        }
        if let application = object["application"], application.objectValue != nil {
            return object["user"]?.objectValue == nil
        }
        return false
    }

    /// Who a speaker's value names, for telling speakers apart: text as it is, an author object by its `id` (else
    /// its name), Microsoft Graph's identity set (`{"user": {"id": ..., "displayName": ...}}`) by its user's or
    /// application's; lower-cased. Nil when it names no one.
    static func speakerIdentity(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let text = value.scalarText?.trimmingSpaces { return text.isEmpty ? nil : text.lowercased() }
        guard let object = value.objectValue else { return nil }
        for key in ["user", "application", "device"] {
            if let inner = object[key], inner.objectValue != nil { return speakerIdentity(inner) }
        }
        for key in ["id", "_id", "email", "name", "username", "displayName", "display_name"] {
            if let text = object[key]?.scalarText?.trimmingSpaces, !text.isEmpty { return text.lowercased() }
        }
        return nil
    }

    /// The role of a record: deleted when a deleted flag or time says so, a notice when its kind is one, a note
    /// when a note flag or the role value says so, else agent or customer.
    func role(of record: JSONObject) -> TurnRole {
        if markers.deletedFlags.contains(where: { record[$0]?.flagValue == true })
            || markers.deletedTimes.contains(where: { record[$0]?.scalarText?.trimmingSpaces.isEmpty == false })
        {
            return .deleted
        }
        var isNoteKind = false
        for field in noteKindFields {
            guard let value = TurnRoleRule.member(field, of: record), let kind = value.scalarText else { continue }
            let key = TurnRoleRule.kindKey(kind)
            if TurnRoleRule.noticeKinds.contains(key) || TurnRoleRule.isSystemType(key: field, value: value) {
                return .notice
            }
            if TurnRoleRule.noteKinds.contains(key) { isNoteKind = true }
        }
        for note in noteFields {
            if let flag = record[note.field]?.flagValue, flag == note.noteWhen { return .note }
        }
        if isNoteKind { return .note }
        let value = TurnRoleRule.member(field, of: record)
        switch reading {
        case .agentValues(let agents), .namedSides(let agents):
            // A message with no author where the role is the author's (Chatwoot's activity messages have no
            // `sender`): nobody's words.
            if let parent = authorParent, record[field] == nil, (record[parent] ?? .null) == .null { return .notice }
            // An author object is named by its `name`.
            let text = (value?.scalarText ?? value?.objectValue?["name"]?.scalarText)?.trimmingSpaces.lowercased() ?? ""
            if text.isEmpty, case .namedSides = reading { return .notice }
            if TurnRoleRule.noteValues.contains(text) { return .note }
            if agents.contains(text) { return .agent }
            return TurnRoleRule.systemValues.contains(text) ? .notice : .customer
        case .customerWhenTrue: return value?.flagValue == true ? .customer : .agent
        case .agentWhenTrue: return value?.flagValue == true ? .agent : .customer
        case .agentWhenSet: return TurnRoleRule.isSetID(value) ? .agent : .customer
        case .authorColumns(let customer, let kind, let state):
            if let state, record[state]?.scalarText?.trimmingSpaces == "1" { return .deleted }
            switch kind.flatMap({ record[$0]?.scalarText?.trimmingSpaces }) {
            case "3": return .note
            case "4": return .notice
            default: break
            }
            if TurnRoleRule.isSetID(record[customer]) { return .customer }
            return TurnRoleRule.isSetID(value) ? .agent : .customer
        case .entryLetters:
            switch value?.scalarText?.trimmingSpaces.uppercased() {
            case "M": return .customer
            case "R": return .agent
            case "N": return .note
            default:
                let text = (value?.scalarText ?? "").trimmingSpaces.lowercased()
                if TurnRoleRule.noteValues.contains(text) { return .note }
                // `--role-by type` over a kind of directions (Trengo's `INBOUND`, `OUTBOUND`).
                if let role = TurnReader.directions[FieldMapping.matchingKey(text)] {
                    return role == .assistant ? .agent : .customer
                }
                if TurnRoleRule.defaultAgentValues.contains(text) { return .agent }
                return TurnRoleRule.systemValues.contains(text) ? .notice : .customer
            }
        case .direction:
            // No direction at all where the records have one (HubSpot's `COMMENT`, a teammate's comment on the
            // thread): an internal note. A column left empty in a row is still the customer's.
            if value == nil, record[field] == nil { return .note }
            let text = value?.scalarText ?? ""
            if let role = TurnReader.direction(text) { return role == .assistant ? .agent : .customer }
            // A kind of note beside the directions in the same column (Trengo's `NOTE`).
            if TurnRoleRule.noteKinds.contains(TurnRoleRule.kindKey(text)) { return .note }
            // A kind that is nobody's message (Chatwoot's `activity`) beside the directions.
            return TurnRoleRule.noticeKinds.contains(TurnRoleRule.kindKey(text)) ? .notice : .customer
        case .customerWhenEqual(let customerField):
            let author = value?.scalarText?.trimmingSpaces ?? ""
            let customer = record[customerField]?.scalarText?.trimmingSpaces ?? ""
            return !author.isEmpty && author == customer ? .customer : .agent
        case .openerIsCustomer:
            // A bot answers; people are told apart per conversation, from the speakers (``speaker(of:)``).
            if TurnRoleRule.isBot(value) || markers.botFlags.contains(where: { record[$0]?.flagValue == true }) {
                return .agent
            }
            return .customer
        }
    }

    /// The author object a dotted role field is read in (`sender` of `sender.type`), nil for a field of the
    /// record's own or of its attributes (``nestedRoleParents``).
    static func authorParent(of field: String) -> String? {
        guard let dot = field.firstIndex(of: ".") else { return nil }
        let parent = String(field[..<dot])
        let normal = FieldMapping.normaliseKey(parent)
        return TurnRoleRule.nestedRoleParents.contains(normal) && normal != "attributes" ? parent : nil
    }

    /// Flag columns marking a message a bot wrote, where a row names its speaker (``Reading/openerIsCustomer``).
    static let botFlagFields = ["is_bot", "from_bot", "bot"]

    /// The speaker a row names, for a rule reading ``Reading/openerIsCustomer``; nil otherwise.
    func speaker(of record: JSONObject) -> String? {
        guard reading == .openerIsCustomer else { return nil }
        let value = TurnRoleRule.member(field, of: record)
        return TurnRoleRule.speakerIdentity(value)
    }

    /// The `--agent-values` that read this rule's values as it does from the field alone, beyond the usual agent
    /// words (`+user`); empty when the usual words are its reading.
    var addedAgentValues: [String] {
        let values: Set<String>
        switch reading {
        case .agentValues(let read), .namedSides(let read): values = read
        default: return []
        }
        guard values.isSuperset(of: TurnRoleRule.defaultAgentValues) else { return [] }
        let added = values.subtracting(TurnRoleRule.defaultAgentValues).sorted()
        return added.isEmpty ? [] : ["+" + added[0]] + added.dropFirst()
    }

    /// Words for the dry run and notes: `roles from author_type (agent: agent, admin)`.
    var summary: String {
        let how: String
        switch reading {
        case .agentValues(let values): how = "agent when " + values.sorted().joined(separator: ", ")
        case .namedSides(let values):
            how = "agent when " + values.sorted().joined(separator: ", ") + "; none is nobody's (a notice)"
        case .customerWhenTrue: how = "true is the customer"
        case .agentWhenTrue: how = "true is the agent"
        case .agentWhenSet: how = "an agent's id is the agent, none or 0 the customer"
        case .authorColumns(let customer, let kind, let state):
            how =
                "an agent's id is the agent, one in \(customer) the customer"
                + (kind.map { "; \($0) 3 an internal note, 4 a change of status" } ?? "")
                + (state.map { "; \($0) 1 a draft, left out" } ?? "")
        case .entryLetters: how = "M is the customer's message, R an agent's response, N an internal note"
        case .direction: how = "outbound is the agent"
        case .customerWhenEqual(let customerField): how = "the customer when it equals \(customerField)"
        case .openerIsCustomer:
            how = "a speaker's name: whoever opens a conversation is the customer, the others (bots too) answer"
        }
        let notes = noteFields.map { "\($0.field)=\($0.noteWhen)" } + noteKindFields.map { "\($0)=note" }
        return "roles from \(field) (\(how))" + (notes.isEmpty ? "" : "; notes where " + notes.joined(separator: ", "))
    }
}

extension TurnRoleRule.Reading {
    /// The columns the reading looks at beside the rule's own field that say nothing else (FreeScout's thread
    /// type and state; a `customer_id` beside an author's id also names the ticket's customer, kept).
    var columns: [String] {
        switch self {
        case .authorColumns(let customer, let kind, let state): return [customer] + [kind, state].compactMap { $0 }
        default: return []
        }
    }
}

extension TurnRoleRule {
    /// A kind as ``noteKinds`` holds it: lower-cased, spaces and hyphens as `_`.
    static func kindKey(_ text: String) -> String {
        String(text.trimmingSpaces.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// No field tells the roles apart.
struct RoleColumnError: Error, Sendable, Equatable {
    let message: String
}

extension JSONValue {
    /// A boolean as exports write it: JSON true/false, or `true`/`false`, `t`/`f`, `yes`/`no`, `1`/`0` as text.
    var flagValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .number(let value): return value != 0
        case .string(let text):
            switch text.trimmingSpaces.lowercased() {
            case "true", "t", "yes", "y", "1": return true
            case "false", "f", "no", "n", "0": return false
            default: return nil
            }
        default: return nil
        }
    }
}
