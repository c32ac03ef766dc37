import WinnowCore

/// Counts per rule over a `winnow check` run, fed batch by batch: the table the command prints, and whether an
/// error-severity rule fired (exit status 1).
public struct CheckSummary: Sendable, Equatable {
    /// One rule's row.
    public struct Row: Sendable, Equatable {
        /// The rule's id.
        public var ruleID: String
        /// The rule's severity.
        public var severity: Severity
        /// The rule's action.
        public var action: RuleAction
        /// Examples with at least one finding of this rule.
        public var examples: Int
        /// Findings of this rule.
        public var findings: Int
    }

    /// One row per running rule, in rule order (rules that found nothing have zero counts).
    public private(set) var rows: [Row]
    /// Examples checked so far.
    public private(set) var examplesChecked = 0
    private var rowIndex: [String: Int]

    /// An empty summary for the rules `engine` runs.
    public init(engine: RuleEngine) {
        rows = engine.runningRules.map {
            Row(ruleID: $0.id, severity: $0.severity, action: $0.action, examples: 0, findings: 0)
        }
        rowIndex = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($0.element.ruleID, $0.offset) })
    }

    /// Adds the findings of one example.
    public mutating func add(_ findings: [Finding]) {
        examplesChecked += 1
        var counted: Set<String> = []
        for finding in findings {
            guard let index = rowIndex[finding.ruleID] else { continue }
            rows[index].findings += 1
            if counted.insert(finding.ruleID).inserted { rows[index].examples += 1 }
        }
    }

    /// Adds the findings of a batch of examples (one list per example).
    public mutating func add(batch: [[Finding]]) {
        for findings in batch { add(findings) }
    }

    /// Whether an error-severity rule found something: `winnow check` then exits 1.
    public var hasErrors: Bool { rows.contains { $0.severity == .error && $0.findings > 0 } }

    /// Whether both counted the same.
    public static func == (lhs: CheckSummary, rhs: CheckSummary) -> Bool {
        lhs.rows == rhs.rows && lhs.examplesChecked == rhs.examplesChecked
    }
}
