/// What happens to an example a rule fires on.
public enum RuleAction: String, Sendable, CaseIterable, Codable {
    /// Record a flag for review.
    case flag
    /// Record a flag and replace the found text with a typed placeholder in exports.
    case redact
    /// Record a flag that asks for the example to be rejected.
    case reject
}
