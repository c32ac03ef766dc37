import WinnowCore

/// A compiled rule kind: finds hits in one field's text.
protocol RuleCheck: Sendable {
    /// Whether the check also runs on a field the example lacks (only `empty` does).
    var checksMissingFields: Bool { get }
    /// Whether the check needs the token counter.
    var needsTokenCounter: Bool { get }
    /// Whether the check needs the project's label list (a `label_allowed` rule without a list of its own).
    var needsProjectLabels: Bool { get }
    /// Hits in `text` (byte ranges), in order.
    func hits(in text: FieldText, context: CheckContext) -> [Hit]
}

extension RuleCheck {
    var checksMissingFields: Bool { false }
    var needsTokenCounter: Bool { false }
    var needsProjectLabels: Bool { false }
}

/// What a check may consult besides the field it reads.
struct CheckContext {
    /// The example's input, for checks that compare a field with it.
    let input: FieldText
    /// Counts WordPiece tokens, when the engine has a tokenizer.
    let tokenCounter: (@Sendable (String) -> Int)?
}

/// One hit of a check: where (bytes of the field's UTF-8), what, and the evidence to keep.
struct Hit {
    /// Byte range in the field; nil for a finding about the whole field.
    var range: Range<Int>?
    /// What was found, in words.
    var message: String
    /// Supporting facts (merged into the finding's evidence).
    var evidence: JSONObject = JSONObject()
    /// The placeholder type when the rule redacts (`EMAIL`).
    var redactAs: String?
}
