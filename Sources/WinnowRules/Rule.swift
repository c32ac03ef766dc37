import WinnowCore

/// One audit rule as loaded from a rule file, its parameters already checked and compiled.
public struct Rule: Sendable {
    /// Unique id (`pii-email`); a rule in a later directory with the same id overrides this one.
    public let id: String
    /// What the rule looks for, in words.
    public let description: String
    /// How serious a finding is.
    public let severity: Severity
    /// The fields it reads.
    public let fields: [RuleField]
    /// The kind of check.
    public let kind: RuleKind
    /// What happens on a finding.
    public let action: RuleAction
    /// When it applies.
    public let conditions: RuleConditions
    /// Whether it runs (`enabled: false` switches a rule off).
    public let enabled: Bool
    /// Where it was defined (for an override: the overriding definition).
    public let origin: RuleOrigin
    /// Earlier definitions it overrides, oldest first.
    public let overrides: [RuleOrigin]
    /// The compiled check.
    let check: any RuleCheck
}

extension Rule {
    /// The same rule running `check` instead (a `label_allowed` rule given the project's label list).
    /// The rule at another severity.
    func replacingSeverity(_ severity: Severity) -> Rule {
        Rule(
            id: id, description: description, severity: severity, fields: fields, kind: kind, action: action,
            conditions: conditions, enabled: enabled, origin: origin, overrides: overrides, check: check)
    }

    func replacingCheck(_ check: any RuleCheck) -> Rule {
        Rule(
            id: id, description: description, severity: severity, fields: fields, kind: kind, action: action,
            conditions: conditions, enabled: enabled, origin: origin, overrides: overrides, check: check)
    }
}
