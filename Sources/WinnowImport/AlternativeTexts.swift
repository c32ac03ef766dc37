import WinnowCore

/// A record that gives several texts for one meaning: a chatbot's intents file (`{"tag": "greeting", "patterns":
/// ["Hi there", "Hello"], "responses": ["Hello, how can I help?"]}`), Dialogflow's training phrases, an FAQ entry
/// with the questions it answers (`{"answer": "...", "questions": [...]}`). Each text is an example of its own,
/// sharing the record's other fields (the text as `text`), and placed by the record's place and its index
/// (`element patterns[2] of record 3`). A record's list of answers of which any would do (`responses`,
/// `answers`), with or without alternative texts, gives its first as the response, the others kept as
/// `other_responses`.
///
/// Only where nothing else in the record is named like the input (but for a `description` of the entry, as Watson's
/// intents have): a ticket whose `body` sits beside a list of `examples` is one ticket.
enum AlternativeTexts {
    /// Names of a list of texts that each say the record's one meaning.
    static let inputNames = [
        "patterns", "training_phrases", "examples", "questions", "paraphrases", "sentences", "queries", "texts",
        "samples", "user_says", "phrases", "variations", "sample_utterances",
    ]
    /// Names of the text of a list's element written as an object (Watson's `{"text": ...}`, Lex's
    /// `{"utterance": ...}`).
    static let elementTextNames = ["text", "utterance", "phrase", "example", "value"]
    /// Names of a list of answers of which any would do.
    static let responseNames = ["responses", "answers"]

    /// Whether `key` names a description of the entry (`description`), which does not keep its list of texts from
    /// being the input as a body would.
    static func describes(_ key: String) -> Bool { FieldMapping.matchingKey(key) == describing }
    private static let describing = FieldMapping.matchingKey("description")

    private static let matchingInputNames = Set(inputNames.map(FieldMapping.matchingKey))
    private static let matchingResponseNames = Set(responseNames.map(FieldMapping.matchingKey))

    /// The members of a set of keys that may hold lists.
    struct Keys: Sendable, Equatable {
        /// A list of alternative texts (``inputNames``).
        var texts: String?
        /// A list of answers (``responseNames``).
        var answers: String?
        /// A sentence written in annotated pieces (``TextSegments``).
        var segments: String?
        /// Whether the records name their label (else each text takes the meaning the record names).
        var labelled = false
    }

    /// The first member of `keys` named like a list of alternative texts, and the first named like a list of
    /// answers.
    static func keys(_ keys: [String]) -> Keys {
        Keys(
            texts: keys.first { matchingInputNames.contains(FieldMapping.matchingKey($0)) },
            answers: keys.first { matchingResponseNames.contains(FieldMapping.matchingKey($0)) },
            segments: keys.contains("text")
                ? nil : keys.first { TextSegments.names.contains(FieldMapping.matchingKey($0)) })
    }

    /// The texts at `key` when they are a list (a non-empty array of strings, or of objects each giving its text
    /// under one of ``elementTextNames``; at least one not blank); nil otherwise.
    static func list(in object: JSONObject, key: String) -> [String]? {
        guard case .array(let values)? = object[key], !values.isEmpty else { return nil }
        var texts: [String] = []
        for value in values {
            switch value {
            case .string(let text): texts.append(text)
            case .object(let element):
                guard case .string(let text)? = elementTextNames.lazy.compactMap({ element[$0] }).first,
                    !namesASpeaker(element.keys)
                else {
                    return nil
                }
                texts.append(text)
            default: return nil
            }
        }
        return texts.contains(where: { !$0.trimmingSpaces.isEmpty }) ? texts : nil
    }

    /// Whether an element with these keys is a turn of a conversation (Genesys Cloud's `phrases` with their
    /// `participantPurpose`), not one of a list of texts: a role, direction or purpose field beside its text (a
    /// `type` or `kind` alone says nothing of a speaker).
    static func namesASpeaker(_ keys: [String]) -> Bool {
        TurnReader.looksLikeTurn(
            keys: keys.filter { !["type", "kind", "event"].contains(FieldMapping.matchingKey($0)) })
    }

    /// `object` with `text` in place of its list at `key`, as its `text` (its description kept as
    /// `entry_description`); where nothing names its label, with the meaning the record names (Lex's intent `name`,
    /// Dialogflow's `displayName`) as its `intent`.
    static func item(_ object: JSONObject, key: String, text: String, labelled: Bool) -> JSONObject {
        var item = JSONObject()
        for member in object.members {
            if member.key == key {
                // Under the name an input has: the list's own name is no input's (a count may bear it elsewhere).
                item["text"] = .string(text)
            } else if describes(member.key) {
                // Kept, under a name that is no input's.
                item["entry_description"] = member.value
            } else {
                item[member.key] = member.value
            }
        }
        if !labelled, item["intent"] == nil,
            let name = ["name", "displayName", "display_name"].lazy.compactMap({ object[$0]?.scalarText }).first,
            !name.trimmingSpaces.isEmpty
        {
            item["intent"] = .string(name)
        }
        return item
    }

    /// `object` with the first of its list of answers at `key` in place of the list, the others kept under
    /// `other_responses`; `object` as it is when `key` holds no list of strings (a list of objects, as preference
    /// data's scored responses, stays whole in metadata).
    static func firstAnswer(_ object: JSONObject, key: String) -> JSONObject {
        guard case .array(let values)? = object[key],
            values.allSatisfy({ if case .string = $0 { true } else { false } }),
            let answers = list(in: object, key: key)
        else { return object }
        var answered = object
        answered[key] = .string(answers[0])
        if answers.count > 1, object["other_responses"] == nil {
            answered["other_responses"] = .array(answers.dropFirst().map(JSONValue.string))
        }
        return answered
    }
}

extension Locator {
    /// The place of an item inside the record at this place, named by its path in the record (`patterns[2]`):
    /// `element patterns[2] of record 3`, inside the same part of the file as the record.
    public func item(_ path: String) -> Locator {
        if case .part(let part, let inner) = self { return .part(part, inner.item(path)) }
        return .part(description, .element(path))
    }
}
