import WinnowCore

/// One thing a rule found in one field of one example.
public struct Finding: Sendable, Equatable {
    /// The rule that found it.
    public var ruleID: String
    /// The rule's severity.
    public var severity: Severity
    /// The field, as named in flags: `input`, `response`, `label`, `messages.2`, `metadata.from`.
    public var field: String
    /// Where in the field (`Character` offsets); nil when the finding is about the whole field.
    public var span: TextSpan?
    /// What was found, in words.
    public var message: String
    /// Supporting facts: `kind`, `action`, the PII `type`, `matched` text (never for personal data), `suggestion`,
    /// and `redact_as` (the placeholder type) for redactions.
    public var evidence: JSONObject
    /// The rule's action.
    public var action: RuleAction

    /// A finding.
    public init(
        ruleID: String, severity: Severity, field: String, span: TextSpan?, message: String,
        evidence: JSONObject = JSONObject(), action: RuleAction
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.field = field
        self.span = span
        self.message = message
        self.evidence = evidence
        self.action = action
    }

    /// The type of placeholder this finding redacts to (`EMAIL`), when its rule redacts.
    public var redactionType: String? { action == .redact ? evidence["redact_as"]?.scalarText : nil }

    /// The finding as a flag on example `exampleID` made by run `runID`.
    public func flag(exampleID: Int64, runID: Int64? = nil) -> Flag {
        Flag(
            exampleID: exampleID, check: ruleID, severity: severity, field: field, message: message, span: span,
            evidence: evidence, runID: runID)
    }
}
