import WinnowCore

/// A check that reports phrases from fixed lists, each list a category (`out_of_office`, `internal_note`).
/// `auto_reply` and `internal_note_leak` are phrase checks with their own lists; rule files add phrases with
/// `extra_phrases` (in the phrase syntax of ``PhraseMatcher``).
struct PhraseCheck: RuleCheck {
    let matcher: PhraseMatcher
    let categories: [String]
    let describe: @Sendable (_ category: String) -> String

    /// A check over `lists` (category → phrases) plus `extra` phrases counted under `extraCategory`.
    init(
        lists: [(category: String, phrases: [String])], extra: [String], extraCategory: String,
        describe: @escaping @Sendable (String) -> String
    ) {
        var categories: [String] = []
        var entries: [(phrase: String, tag: Int)] = []
        for list in lists {
            entries += list.phrases.map { ($0, categories.count) }
            categories.append(list.category)
        }
        entries += extra.map { ($0, categories.count) }
        categories.append(extraCategory)
        matcher = PhraseMatcher(entries)
        self.categories = categories
        self.describe = describe
    }

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        matcher.matches(in: text.lower, limit: RuleEngine.maxFindingsPerField).map { match in
            let category = categories[match.phrase.tag]
            return Hit(
                range: match.range, message: describe(category),
                evidence: .evidence(["category": .string(category), "matched": .string(text.string(match.range))]))
        }
    }
}
