import WinnowCore
import WinnowStore

/// Counts for the review summary page and `review` reports: by status, label and check.
public struct ReviewSummary: Sendable, Equatable {
    /// All examples.
    public var examples: Int
    /// Examples per status, in pending, approved, rejected order.
    public var byStatus: [(status: ReviewStatus, count: Int)]
    /// Examples per effective label, most frequent first.
    public var byLabel: [(label: String, count: Int)]
    /// Flags per check with the examples they touch, most frequent first.
    public var byCheck: [(check: String, severity: Severity, flags: Int, examples: Int)]
    /// Decisions per reviewer, most first.
    public var byReviewer: [(reviewer: String, count: Int)]
    /// Pending examples with at least one flag: the queue a person works through.
    public var flaggedPending: Int
    /// Pending examples by their suggested label, largest group first.
    public var bySuggestion: [SuggestionGroup] = []

    public static func == (lhs: ReviewSummary, rhs: ReviewSummary) -> Bool {
        lhs.examples == rhs.examples && lhs.byStatus.map(\.count) == rhs.byStatus.map(\.count)
            && lhs.byLabel.map(\.label) == rhs.byLabel.map(\.label) && lhs.flaggedPending == rhs.flaggedPending
    }

    /// The counts as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["examples"] = .number(Double(examples))
        object["flagged_pending"] = .number(Double(flaggedPending))
        object["by_status"] = .object(JSONObject(byStatus.map { ($0.status.rawValue, .number(Double($0.count))) }))
        object["by_label"] = .object(JSONObject(byLabel.map { ($0.label, .number(Double($0.count))) }))
        object["by_check"] = .array(
            byCheck.map { entry in
                [
                    "check": .string(entry.check), "severity": .string(entry.severity.rawValue),
                    "flags": .number(Double(entry.flags)), "examples": .number(Double(entry.examples)),
                ]
            })
        object["by_reviewer"] = .object(JSONObject(byReviewer.map { ($0.reviewer, .number(Double($0.count))) }))
        object["pending_by_suggestion"] = SuggestionGroup.json(bySuggestion)
        return .object(object)
    }
}
