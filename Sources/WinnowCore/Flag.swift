/// How serious a finding is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A range inside a field, in `Character` offsets of the field's text: `start` inclusive, `end` exclusive.
public struct TextSpan: Sendable, Equatable, Hashable, Codable {
    /// First character (0-based).
    public var start: Int
    /// One past the last character.
    public var end: Int

    /// A span from `start` to `end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// One finding about one example.
public struct Flag: Sendable, Equatable {
    /// Row id in the store (nil before it is stored).
    public var id: Int64?
    /// The example it is about.
    public var exampleID: Int64
    /// What found it: a rule id, `near-duplicate`, `label-issue`, ...
    public var check: String
    /// How serious it is.
    public var severity: Severity
    /// The field it concerns (`input`, `response`, `label`, ...), when one.
    public var field: String?
    /// What was found, in words.
    public var message: String
    /// Where in the field, when it is a span.
    public var span: TextSpan?
    /// Supporting facts: the related example, a suggested label, a score, matched text...
    public var evidence: JSONObject
    /// The run that made it.
    public var runID: Int64?

    /// A finding.
    public init(
        id: Int64? = nil, exampleID: Int64, check: String, severity: Severity, field: String? = nil, message: String,
        span: TextSpan? = nil, evidence: JSONObject = JSONObject(), runID: Int64? = nil
    ) {
        self.id = id
        self.exampleID = exampleID
        self.check = check
        self.severity = severity
        self.field = field
        self.message = message
        self.span = span
        self.evidence = evidence
        self.runID = runID
    }
}
