import WinnowCore
import WinnowReview
import WinnowStore

/// An example next to one it duplicates, with the word differences between them.
public struct DuplicateComparison: Sendable, Equatable {
    /// How the other example relates to this one.
    public enum Role: String, Sendable {
        /// The other is the cluster's kept example; this one is a copy.
        case representative
        /// The other is a copy of this one, which the cluster keeps.
        case member
    }

    /// The other example.
    public var other: Example
    /// How it relates to this one.
    public var role: Role
    /// The duplicate check (`exact-duplicate`, `near-duplicate`).
    public var check: String
    /// The flag's evidence.
    public var evidence: DuplicateEvidence
    /// From the other example's input (removed runs) to this one's (inserted runs).
    public var inputDiff: [DiffSegment]
    /// The same for the responses.
    public var responseDiff: [DiffSegment]
}

/// Everything a reviewer looks at for one example.
public struct ExampleDetail: Sendable, Equatable {
    /// The example.
    public var example: Example
    /// Its flags, most severe first.
    public var flags: [Flag]
    /// Its history, oldest first.
    public var history: [DecisionRecord]
    /// The examples it duplicates or that duplicate it.
    public var duplicates: [DuplicateComparison]
    /// The most confident label suggested by its flags.
    public var suggestion: LabelSuggestion?

    /// The most severe flag's severity, nil when unflagged.
    public var maxSeverity: Severity? { flags.map(\.severity).max() }

    /// The flags with a span in `field`, with their indices in ``flags``.
    public func spans(in field: String) -> [(index: Int, span: TextSpan)] {
        flags.enumerated().compactMap { index, flag in
            guard flag.field == field, let span = flag.span else { return nil }
            return (index, span)
        }
    }
}
