import WinnowCore

/// Turns parsed JSON records (JSONL lines, elements of a JSON document) into events: each object's field mapping,
/// resolved once per set of keys, then its draft or the reason it is quarantined.
///
/// One mapper serves one chunk: it announces each mapping the chunk's records use the first time it meets it.
struct ObjectRecordMapper {
    let displayPath: String
    let mapping: FieldMapping
    /// What a record is called in "expected a JSON object per line" messages.
    let recordNoun: String
    /// Whether input and response are cleaned as e-mail (`--clean-replies`).
    let cleansReplies: Bool
    /// Whether strings that are UTF-8 written as Latin-1 escapes are read as the UTF-8 they are.
    let repairsEscapedUTF8: Bool
    private var resolved: [[String]: ResolvedMapping] = [:]
    private var last: ResolvedMapping?
    /// Notes said on records whose speakers alone told the sides (``speakerNote(_:thread:)``), at most
    /// ``speakerNoteLimit`` a chunk.
    private var speakerNotes = 0
    static let speakerNoteLimit = 3
    /// For each set of keys met, the lists (``AlternativeTexts``) its records may hold.
    private var lists: [[String]: AlternativeTexts.Keys] = [:]
    private var lastLists: (keys: [String], lists: AlternativeTexts.Keys)?
    /// Whether the note on records read as alternative texts was said.
    private var alternativesNoted = false
    /// Whether the note on a message holding its replies was said.
    private var repliesNoted = false
    /// Whether the note on a record with several labels was said.
    private var severalLabelsNoted = false

    /// Whether the file's records are rows of values (its first record is one): each is read as
    /// ``positionalRow(_:)``. Elsewhere an array is no record.
    let readsRows: Bool
    /// The names a document gives its rows' values (pandas' `orient="split"` `columns`), when it gives them.
    let rowNames: [String]?

    /// A mapper for records of `displayPath`; `recordNoun` ends the not-an-object message ("per line").
    init(
        displayPath: String, mapping: FieldMapping, recordNoun: String, cleansReplies: Bool,
        repairsEscapedUTF8: Bool = false, readsRows: Bool = false, rowNames: [String]? = nil
    ) {
        self.displayPath = displayPath
        self.mapping = mapping
        self.recordNoun = recordNoun
        self.cleansReplies = cleansReplies
        self.repairsEscapedUTF8 = repairsEscapedUTF8
        self.readsRows = readsRows
        self.rowNames = rowNames
    }

    /// Whether a JSON file's first bytes write UTF-8 as the `\u00XX` escapes of its bytes, as Facebook's and
    /// Instagram's exports do (`Ren\u00c3\u00a9`): a lead byte's escape (`\u00c2` to `\u00f4`) right before a
    /// continuation byte's (`\u0080` to `\u00bf`).
    static func escapesUTF8AsLatin1(_ prefix: [UInt8]) -> Bool {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: return byte - 0x30
            case 0x61...0x66: return byte - 0x61 + 10
            case 0x41...0x46: return byte - 0x41 + 10
            default: return nil
            }
        }
        /// The byte a `\u00XX` escape at `index` names.
        func escaped(at index: Int) -> UInt8? {
            guard index + 6 <= prefix.count, prefix[index] == 0x5C, prefix[index + 1] == 0x75,
                prefix[index + 2] == 0x30, prefix[index + 3] == 0x30, let high = hex(prefix[index + 4]),
                let low = hex(prefix[index + 5])
            else { return nil }
            return high << 4 | low
        }
        var index = 0
        while let slash = prefix[index...].firstIndex(of: 0x5C) {
            if let lead = escaped(at: slash), (0xC2...0xF4).contains(lead), let next = escaped(at: slash + 6),
                (0x80...0xBF).contains(next)
            {
                return true
            }
            index = slash + 1
        }
        return false
    }

    /// Calls `body` with the events of one parsed record at `locator`.
    mutating func map(_ value: JSONValue, locator: Locator, _ body: (ImportEvent) throws -> Void) rethrows {
        // A record wrapped in a member naming its kind (`{"ticket": {...}}`, as some APIs return each one) is what
        // it wraps, unless `--map` names paths through the wrapper.
        if case .object(let wrapper) = value, wrapper.count == 1, let inner = wrapper.members[0].value.objectValue,
            inner.count >= 2, !mapping.explicitRoots.contains(wrapper.members[0].key)
        {
            try map(.object(inner), locator: locator, body)
            return
        }
        if case .object(let typed) = value, let (kind, inner) = TypedRecord.unwrapped(typed),
            !mapping.explicitRoots.contains(kind)
        {
            if !TypedRecord.isMessage(kind, inner: inner, mapping: mapping) {
                try body(
                    .failure(
                        TypedRecord.failure(kind: kind, file: displayPath, locator: locator, raw: value.serialized)))
                return
            }
            if let inner {
                try map(.object(inner), locator: locator, body)
                return
            }
        }
        guard case .object(var object) = value else {
            if readsRows, let row = ObjectRecordMapper.positionalRow(value, names: rowNames) {
                try map(.object(row), locator: locator, body)
                return
            }
            try body(
                .failure(
                    ObjectRecordMapper.notAnObject(value, file: displayPath, locator: locator, recordNoun: recordNoun)))
            return
        }
        // Facebook's and Instagram's exports write UTF-8 bytes as `\u00c3\u00a9`: the text is read as it was written.
        var repaired = 0
        if repairsEscapedUTF8,
            case .object(let fixed) = JSONValue.object(object).repairingUTF8ReadAsLatin1(count: &repaired)
        {
            object = fixed
        }
        let listKeys = lists(of: object)
        if let segments = listKeys.segments, let joined = TextSegments.joined(object, key: segments) { object = joined }
        if let answers = listKeys.answers { object = AlternativeTexts.firstAnswer(object, key: answers) }
        if let key = listKeys.texts, let texts = AlternativeTexts.list(in: object, key: key) {
            if !alternativesNoted {
                alternativesNoted = true
                let first = locator.item("\(key)[1]").description
                try body(
                    .note(
                        "\(locator.description) and records like it give a list of texts (\(key)): each is an"
                            + " example of its own with the record's other fields (placed as \(first))"))
            }
            for (index, text) in texts.enumerated() {
                try map(
                    .object(AlternativeTexts.item(object, key: key, text: text, labelled: listKeys.labelled)),
                    locator: locator.item("\(key)[\(index + 1)]"), body)
            }
            return
        }
        let recordMapping: ResolvedMapping
        if let last, last.matches(object) {
            recordMapping = last
        } else if let known = resolved[object.keys] {
            recordMapping = known
        } else {
            recordMapping = mapping.resolve(keys: object.keys)
            if resolved.count < MappingAnnouncer.limit {
                if !resolved.values.contains(where: { $0.assignment == recordMapping.assignment }) {
                    try body(.mapping(recordMapping))
                }
                resolved[object.keys] = recordMapping
            }
        }
        last = recordMapping
        // A message holding its replies opens its own thread.
        if let thread = recordMapping.assignment[.messages], thread.count == 1, mapping.explicit[.messages] == nil,
            mapping.turnRoles == nil, let opened = MessageWithReplies.opened(object, thread: thread[0])
        {
            object = opened.record
            if let customer = opened.customer, !repliesNoted {
                repliesNoted = true
                try body(
                    .note(
                        "\(locator.description) and messages like it hold their replies (\(thread[0])): the message"
                            + " opens its thread, its author (\(customer)) taken as the customer and whoever else"
                            + " writes as the team (--role-by FIELD --agent-values NAMES says otherwise)"))
            }
        }
        switch recordMapping.draft(
            from: object, file: displayPath, locator: locator, raw: JSONValue.object(object).serialized)
        {
        case .success(var draft):
            if repaired > 0 { draft.metadata["repaired_encoding"] = "UTF-8 written as Latin-1 escapes" }
            if !severalLabelsNoted, draft.label == nil, case .array(let values)? = draft.metadata["labels"],
                case let labels = values.compactMap(\.scalarText), labels.count > 1
            {
                severalLabelsNoted = true
                try body(
                    .note(
                        "\(locator.description) has \(labels.count) labels (\(labels.joined(separator: ", "))):"
                            + " a record with several is imported without a label, its labels kept as labels in"
                            + " metadata (the audit and the fine-tune read one label an example)"))
            }
            if speakerNotes < ObjectRecordMapper.speakerNoteLimit,
                let note = ObjectRecordMapper.speakerNote(draft, thread: recordMapping.assignment[.messages]?.first)
            {
                speakerNotes += 1
                try body(.note(note))
            }
            try body(.record(cleansReplies ? draft.cleaningReplies() : draft))
        case .failure(let error): try body(.failure(error))
        }
    }

    /// The lists records with `object`'s keys may hold, decided once for each set of keys: alternative texts only
    /// where nothing else is named like an input or a thread, and `--map` names neither.
    private mutating func lists(of object: JSONObject) -> AlternativeTexts.Keys {
        if let lastLists, object.count == lastLists.keys.count,
            zip(object.members, lastLists.keys).allSatisfy({ $0.key == $1 })
        {
            return lastLists.lists
        }
        let keys = object.keys
        var found = lists[keys] ?? AlternativeTexts.keys(keys)
        if lists[keys] == nil, let texts = found.texts {
            // An entry's description (Watson's intents have one) describes it; another text is the input.
            let others = mapping.resolve(keys: keys.filter { $0 != texts && !AlternativeTexts.describes($0) })
                .assignment
            if mapping.explicit[.input] != nil || mapping.explicit[.messages] != nil || others[.input] != nil
                || others[.messages] != nil
            {
                found.texts = nil
            } else {
                found.labelled = others[.label] != nil
            }
        }
        if lists.count < MappingAnnouncer.limit { lists[keys] = found }
        lastLists = (keys, found)
        return found
    }

    /// What a record whose thread's speakers alone told the sides (its `speaker_sides`) says: who was taken for the
    /// customer, who answers, and how to say otherwise; nil for any other record.
    static func speakerNote(_ draft: ExampleDraft, thread: String?) -> String? {
        guard let sides = draft.metadata["speaker_sides"]?.objectValue,
            let customer = sides["customer"]?.scalarText, let path = sides["named_by"]?.scalarText
        else { return nil }
        let answering = sides["answering"]?.arrayValue?.compactMap(\.scalarText) ?? []
        let answers =
            switch answering.count {
            case 0: "no one answers"
            case 1: "\(answering[0]) answers"
            case 2...5: answering.joined(separator: ", ") + " answer"
            default: answering.prefix(5).joined(separator: ", ") + " and \(answering.count - 5) more answer"
            }
        return
            "\(draft.locator.description): the speakers of \(thread ?? "the thread") are told by their accounts"
            + " (\(path)) alone: \(customer), the first to write, is taken as the customer; \(answers) (if"
            + " \(customer) is the team's, --role-by \(path) --agent-values \(customer) says so)"
    }

    /// Calls `body` with the events of one record read as an object, or with why it could not be read.
    mutating func map(
        _ result: Result<JSONObject, RecordFailure>, locator: Locator, _ body: (ImportEvent) throws -> Void
    ) rethrows {
        switch result {
        case .success(let object): try map(.object(object), locator: locator, body)
        case .failure(let failure): try body(.failure(failure))
        }
    }

    /// The record's object (in a file of rows, a row of values read as ``positionalRow(_:)``), or why a record that
    /// is not one is quarantined.
    static func object(
        _ value: JSONValue, file: String, locator: Locator, recordNoun: String, readsRows: Bool = false,
        rowNames: [String]? = nil, mapping: FieldMapping? = nil
    ) -> Result<JSONObject, RecordFailure> {
        guard case .object(let object) = value else {
            if readsRows, let row = positionalRow(value, names: rowNames) { return .success(row) }
            return .failure(notAnObject(value, file: file, locator: locator, recordNoun: recordNoun))
        }
        return .success(RecordEnvelope.flattened(object, mapping: mapping) ?? object)
    }

    /// Whether a record that starts with `first` (its first byte that is not a space) opens a file of rows of
    /// values: an array.
    static func opensRows(_ first: UInt8?) -> Bool { first == UInt8(ascii: "[") }

    /// A record written as a row of values, as a CSV row without a header (CLINC150's `["how do I...", "balance"]`,
    /// pandas' `to_json(orient="values")`): its values named `column_1`, `column_2`... as a header-less CSV's
    /// columns are, the input and label then chosen by their content (``ContentMapping``); named by `names` instead
    /// where the document names its columns (as many names as values, all different). Nil for anything but a
    /// non-empty array of strings, numbers, booleans and nulls.
    static func positionalRow(_ value: JSONValue, names: [String]? = nil) -> JSONObject? {
        guard case .array(let values) = value, !values.isEmpty,
            values.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil })
        else { return nil }
        let keys =
            if let names, names.count == values.count, Set(names).count == names.count { names } else {
                CSVHeaderGuess.columnNames(values.count)
            }
        return JSONObject(membersWithDistinctKeys: zip(keys, values).map { (key: $0, value: $1) })
    }

    /// Why a record that is not a JSON object is quarantined.
    static func notAnObject(_ value: JSONValue, file: String, locator: Locator, recordNoun: String) -> RecordFailure {
        let kind =
            switch value {
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            default: "null"
            }
        return RecordFailure(
            kind: .notAnObject, file: file, locator: locator,
            message: "expected a JSON object \(recordNoun), found \(kind)", snippet: value.serialized)
    }
}
