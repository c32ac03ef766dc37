/// `empty`: a field that is missing (unless `missing: false`) or holds only whitespace.
struct EmptyCheck: RuleCheck {
    /// Whether a missing field counts (`missing: true`, the default) or only a present, blank one.
    let reportsMissing: Bool

    var checksMissingFields: Bool { reportsMissing }

    func hits(in text: FieldText, context: CheckContext) -> [Hit] {
        if text.isMissing { return [Hit(range: nil, message: "missing")] }
        guard text.bytes.allSatisfy(ASCII.isSpace) || text.text.allSatisfy(\.isWhitespace) else { return [] }
        return [Hit(range: nil, message: "blank")]
    }
}
