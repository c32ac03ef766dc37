import WinnowCore

/// One audit rule as loaded from a rule file, its parameters already checked and compiled.
public struct Rule: Sendable {
    /// Unique id (`pii-email`); a rule in a later directory with the same id overrides this one.
    public var id: String
    /// What the rule looks for, in words.
    public var description: String
    /// How serious a finding is.
    public var severity: Severity
    /// The fields it reads.
    public var fields: [RuleField]
    /// The kind of check.
    public var kind: RuleKind
    /// What happens on a finding.
    public var action: RuleAction
    /// When it applies.
    public var conditions: RuleConditions
    /// Whether it runs (`enabled: false` switches a rule off).
    public var enabled: Bool
    /// Where it was defined (for an override: the overriding definition).
    public var origin: RuleOrigin
    /// Earlier definitions it overrides, oldest first.
    public var overrides: [RuleOrigin]
    /// The compiled check.
    let check: any RuleCheck
}
