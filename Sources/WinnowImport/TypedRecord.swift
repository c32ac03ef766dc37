import WinnowCore

/// A record that names its kind and holds itself under that name, as bulk exports write one kind of object a line
/// (Mattermost's `{"type": "post", "post": {...}}`, `{"type": "user", "user": {...}}`): the object it holds is the
/// record, and a kind that is no message (a team, a channel, a user, the export's version) is left out as such rather
/// than read as a ticket without text.
enum TypedRecord {
    /// Kinds of object that carry someone's words.
    static let messageKinds: Set<String> = [
        "post", "direct_post", "message", "direct_message", "reply", "comment", "ticket", "conversation", "chat",
        "email", "note",
    ]

    /// The kind `object` names and what it holds under that name (nil when that is no object: the export's
    /// `{"type": "version", "version": 1}`); nil when it is not such a record: a string `type` whose value is the
    /// key of the one other member.
    static func unwrapped(_ object: JSONObject) -> (kind: String, inner: JSONObject?)? {
        guard object.count == 2, case .string(let kind)? = object["type"], !kind.isEmpty, kind != "type",
            let held = object[kind]
        else { return nil }
        switch held {
        case .object(let inner): return (kind, inner)
        // A text under its kind's name (`{"type": "question", "question": "..."}`) is a record's own field.
        case .string, .array: return nil
        default: return (kind, nil)
        }
    }

    /// Whether a record of `kind` holding `inner` carries someone's words: a kind of ``messageKinds``, or an object
    /// with a field `mapping` reads as an input or a thread.
    static func isMessage(_ kind: String, inner: JSONObject?, mapping: FieldMapping) -> Bool {
        if messageKinds.contains(FieldMapping.normaliseKey(kind)) { return true }
        guard let inner else { return false }
        let assignment = mapping.resolve(keys: inner.keys).assignment
        return assignment[.input] != nil || assignment[.messages] != nil
    }

    /// Why a record of `kind`, which carries nobody's words, is left out.
    static func failure(kind: String, file: String, locator: Locator, raw: String) -> RecordFailure {
        RecordFailure(
            kind: .notAMessage, file: file, locator: locator,
            message: "a \(kind) record (type \(kind)), not a message: left out", snippet: raw)
    }
}

/// A message that holds its replies (Mattermost's posts with their thread, a forum post with its answers):
/// `{"user": "ann", "message": "How do I...?", "replies": [{"user": "carla", "message": "..."}]}`. The message itself
/// opens the thread; where the turns name their authors by account only (`"user": "ann"`), its author is the
/// customer and whoever else writes answers, as in a help channel, and each turn says so in a `role` of its own.
enum MessageWithReplies {
    /// `object` with its own message put first in its thread at `key`, when the thread's first element is a
    /// message written as the record is (the members they share name an author and a text, ``TurnReader``), with
    /// the customer so taken; nil otherwise.
    static func opened(_ object: JSONObject, thread key: String) -> (record: JSONObject, customer: String?)? {
        guard case .array(let replies)? = object[key], case .object(let first)? = replies.first else { return nil }
        let shared = object.members.filter { $0.key != key && first[$0.key] != nil }
        // A turn names an author and a text: two members at least (most threads share fewer with their record).
        guard shared.count >= 2 else { return nil }
        let keys = shared.map(\.key)
        guard TurnReader.looksLikeTurn(keys: keys) || TurnReader.looksLikeNamedTurn(keys: keys),
            // A thread that already opens with the record's message.
            !shared.allSatisfy({ first[$0.key] == $0.value })
        else { return nil }
        var turns = [JSONValue.object(JSONObject(membersWithDistinctKeys: shared))] + replies
        // The author's account, where no turn tells its side otherwise.
        let matching = keys.map(FieldMapping.matchingKey)
        var customer: String?
        if !matching.contains(where: {
            TurnReader.roleFields.contains($0) && !TurnReader.SpeakerSides.accountFields.contains($0)
        }),
            let accountKey = keys.first(where: {
                TurnReader.SpeakerSides.accountFields.contains(FieldMapping.matchingKey($0))
            }),
            let author = object[accountKey]?.scalarText, !author.isEmpty,
            replies.allSatisfy({ $0.objectValue?[accountKey]?.scalarText != nil && $0.objectValue?["role"] == nil })
        {
            customer = author
            turns = turns.map { turn in
                guard var message = turn.objectValue else { return turn }
                message["role"] = .string(message[accountKey]?.scalarText == author ? "customer" : "agent")
                return .object(message)
            }
        }
        var result = object
        result[key] = .array(turns)
        return (result, customer)
    }
}
