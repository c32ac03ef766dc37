import WinnowCore

/// A label a flag suggests instead of the example's: from a label audit (`label-issue`: evidence `suggested_label`
/// and `confidence` in [0, 1]) or from a rule such as `label-allowed` (evidence `suggestion`, no confidence).
public struct LabelSuggestion: Sendable, Equatable {
    /// The suggested label.
    public var label: String
    /// How sure the audit is, in [0, 1], when it says.
    public var confidence: Double?
    /// The check that suggested it.
    public var check: String

    /// The suggestion a flag makes; nil when it makes none. Only checks whose id starts with `label-` suggest labels.
    public init?(_ flag: Flag) {
        guard flag.check.hasPrefix("label-") else { return nil }
        let value = flag.evidence["suggested_label"] ?? flag.evidence["suggestion"]
        guard case .string(let label)? = value, !label.isEmpty else { return nil }
        self.label = label
        self.check = flag.check
        if case .number(let confidence)? = flag.evidence["confidence"], (0...1).contains(confidence) {
            self.confidence = confidence
        }
    }

    /// The most confident suggestion among `flags` (a suggestion without a confidence ranks lowest); with `label`,
    /// the most confident of those naming it, else nil.
    public static func best(in flags: [Flag], naming label: String? = nil) -> LabelSuggestion? {
        flags.compactMap(LabelSuggestion.init).filter { label == nil || $0.label == label }
            .max { ($0.confidence ?? -1) < ($1.confidence ?? -1) }
    }

    /// Where the suggestion comes from: `label-issue, confidence 0.97`.
    public var basis: String {
        check + (confidence.map { ", confidence " + DuplicateEvidence.format($0) } ?? "")
    }

    /// `Billing (label-issue, confidence 0.97)`.
    public var description: String { "\(label) (\(basis))" }
}
