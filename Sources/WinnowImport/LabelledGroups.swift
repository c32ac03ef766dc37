import WinnowCore

/// A JSON document whose top-level members are named by the label of the examples each holds: SNIPS's
/// `{"AddToPlaylist": [{"data": [...]}, ...], "BookRestaurant": [...]}`, or lists of texts
/// (`{"greeting": ["hi there", "good morning"], "refund": ["I want my money back"]}`). Each element is a record
/// labelled by its member's name, placed in it (`record 3 of AddToPlaylist`).
///
/// Not where the members are a data set's splits (`train`, `validation`, `test`), where the records name a label
/// of their own, or where the members are named like fields (a record's `messages` or `tags`).
enum LabelledGroups {
    /// A group's records, its name the label, and whether they were written as bare texts.
    struct Group {
        var label: String
        var records: [JSONObject]
        var texts: Bool
    }

    /// Words of a split's name (`train`, `oos_val`, `test_set`): such members are splits, not labels.
    static let splitWords: Set<String> = [
        "train", "training", "val", "valid", "validation", "dev", "test", "testing", "eval", "evaluation", "holdout",
    ]

    /// Whether the arrays `candidates` (a survey's arrays of objects) are labelled groups: at least two, members of
    /// the top-level object, holding only objects whose first has the same keys in each, keys that name a text and
    /// no label.
    static func areGroups(_ candidates: [JSONDocumentSurvey.Candidate], mapping: FieldMapping) -> Bool {
        guard candidates.count >= 2, candidates.allSatisfy({ $0.path.count == 1 && $0.objects == $0.elements }),
            let keys = candidates.first?.firstKeys, !keys.isEmpty,
            candidates.allSatisfy({ Set($0.firstKeys) == Set(keys) })
        else { return false }
        let assignment = mapping.resolve(keys: keys).assignment
        let lists = AlternativeTexts.keys(keys)
        // Records with a text (SNIPS's pieces), not a list of people or settings.
        let holdsText = assignment[.input] != nil || lists.segments != nil || lists.texts != nil
        return holdsText && assignment[.label] == nil && names(candidates.map { $0.path[0] }, mapping)
    }

    /// Whether `names` could be labels: none a split's name, none named like a field.
    private static func names(_ names: [String], _ mapping: FieldMapping) -> Bool {
        guard Set(names).count == names.count else { return false }
        if names.contains(where: { name in
            FieldMapping.normaliseKey(name).split(separator: "_").contains { splitWords.contains(String($0)) }
        }) {
            return false
        }
        return mapping.resolve(keys: names).assignment.isEmpty
    }

    /// The groups of `object` (a document's top-level object), each element a record with its group's name as
    /// `label` (a bare text as `text`); nil when `object` is not labelled groups: at least two members, each a
    /// non-empty array either of objects that name no label (all with the same keys as the first) or of texts,
    /// half of them at least two words long.
    static func records(_ object: JSONObject, mapping: FieldMapping) -> [Group]? {
        guard object.count >= 2, names(object.keys, mapping) else { return nil }
        var groups: [Group] = []
        var texts = 0
        var phrases = 0
        var firstKeys: Set<String>?
        for member in object.members {
            guard case .array(let values) = member.value, !values.isEmpty else { return nil }
            var records: [JSONObject] = []
            var bare = false
            for value in values {
                switch value {
                case .string(let text):
                    texts += 1
                    if WordCount.of(text) >= 2 { phrases += 1 }
                    records.append(
                        JSONObject(membersWithDistinctKeys: [("text", value), ("label", .string(member.key))]))
                    bare = true
                case .object(let record):
                    if firstKeys == nil {
                        guard mapping.resolve(keys: record.keys).assignment[.label] == nil else { return nil }
                        firstKeys = Set(record.keys)
                    }
                    guard Set(record.keys) == firstKeys, record["label"] == nil else { return nil }
                    var labelled = record
                    labelled["label"] = .string(member.key)
                    records.append(labelled)
                default:
                    return nil
                }
            }
            // One group of texts, another of objects: no such data set.
            if let previous = groups.last, previous.texts != bare { return nil }
            groups.append(Group(label: member.key, records: records, texts: bare))
        }
        guard texts == 0 || phrases * 2 >= texts else { return nil }
        return groups
    }
}
