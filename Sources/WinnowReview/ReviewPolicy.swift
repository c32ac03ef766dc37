import WinnowCore

/// What a policy rule does to the examples it matches.
public enum PolicyAction: String, Sendable, CaseIterable {
    /// Set the status to approved.
    case approve
    /// Set the status to rejected.
    case reject
    /// Set the label override to the label the matching flag suggests.
    case relabel
}

/// One rule of a review policy: which examples it matches and what it does to them.
public struct PolicyRule: Sendable, Equatable {
    /// Unique within the policy; names the rule in dry runs and decision notes.
    public var id: String
    /// What the rule does, in words.
    public var description: String
    /// What it does.
    public var action: PolicyAction
    /// Only examples in these states (default: pending).
    public var statuses: [ReviewStatus]
    /// The example needs a flag of one of these checks (a trailing `*` matches a prefix); empty: no such need.
    public var checks: [String]
    /// The matching flag must be a duplicate flag whose representative is another example.
    public var onlyNonRepresentatives: Bool
    /// The matching flag must be a duplicate flag saying its example copies another kept example (a paraphrase
    /// does not match).
    public var copiesOnly: Bool
    /// The matching flag must be a duplicate flag of a cluster holding more than this many times its label's
    /// typical cluster size, and the example must fall outside the sample of that size the cluster keeps
    /// (``ClusterStanding``): a grossly over-represented meaning is capped.
    public var overRepresented: Double?
    /// The matching flag must suggest a label with a confidence above this.
    public var confidenceAbove: Double?
    /// The matching flag must suggest a label at a confidence where the audit's estimated precision
    /// (``FixPrecisionEstimate``), pooled from that confidence up and one standard error below the estimate, is at
    /// least this, with no band there under ``FixPrecisionEstimate/bandFloor(minimumPrecision:)`` on its own; without
    /// a stored estimate nothing matches.
    public var minimumEstimatedPrecision: Double?
    /// A relabel also approves the example when none of its other flags (of checks the rule does not name) is
    /// above info.
    public var approve: Bool
    /// Every flag of the example must be at most this severe (an unflagged example qualifies).
    public var maxSeverity: Severity?
    /// The example must have no flag at all.
    public var unflagged: Bool

    /// A rule; see the properties.
    public init(
        id: String, description: String, action: PolicyAction, statuses: [ReviewStatus] = [.pending],
        checks: [String] = [], onlyNonRepresentatives: Bool = false, copiesOnly: Bool = false,
        overRepresented: Double? = nil, confidenceAbove: Double? = nil, minimumEstimatedPrecision: Double? = nil,
        approve: Bool = false,
        maxSeverity: Severity? = nil, unflagged: Bool = false
    ) {
        self.id = id
        self.description = description
        self.action = action
        self.statuses = statuses
        self.checks = checks
        self.onlyNonRepresentatives = onlyNonRepresentatives
        self.copiesOnly = copiesOnly
        self.overRepresented = overRepresented
        self.confidenceAbove = confidenceAbove
        self.minimumEstimatedPrecision = minimumEstimatedPrecision
        self.approve = approve
        self.maxSeverity = maxSeverity
        self.unflagged = unflagged
    }

    /// Whether `check` is one of the rule's checks.
    public func names(check: String) -> Bool {
        checks.contains { pattern in
            pattern.hasSuffix("*") ? check.hasPrefix(pattern.dropLast()) : check == pattern
        }
    }

    /// The conditions in words: `pending; a flag of exact-duplicate or near-duplicate that is not its cluster's
    /// representative`.
    public var conditions: String {
        var parts = [statuses.map(\.rawValue).joined(separator: " or ")]
        if !checks.isEmpty {
            var flag = "a flag of " + checks.joined(separator: " or ")
            if onlyNonRepresentatives { flag += " whose representative is another example" }
            if copiesOnly { flag += " copying another kept example" }
            if let overRepresented {
                let factor =
                    overRepresented.rounded() == overRepresented
                    ? String(Int(overRepresented)) : DuplicateEvidence.format(overRepresented)
                flag +=
                    " in a cluster above \(factor) times its label's typical size, outside the sample of that size it keeps"
            }
            if let confidenceAbove {
                flag += " suggesting a label with confidence above " + DuplicateEvidence.format(confidenceAbove)
            }
            if let minimumEstimatedPrecision {
                flag +=
                    " suggesting a label where the audit's estimated precision, from that confidence up and one standard error"
                    + " lower, is at least "
                    + DuplicateEvidence.format(minimumEstimatedPrecision) + " (no band there under "
                    + DuplicateEvidence.format(
                        FixPrecisionEstimate.bandFloor(minimumPrecision: minimumEstimatedPrecision))
                    + " on its own)"
            }
            parts.append(flag)
        }
        if approve { parts.append("approved too when no other flag is above info") }
        if unflagged { parts.append("no flag") }
        if let maxSeverity { parts.append("no flag above \(maxSeverity.rawValue)") }
        return parts.joined(separator: "; ")
    }
}

/// A named, ordered list of rules that `winnow review auto` applies: for each example a person has not decided,
/// the first rule that matches and would change something decides.
public struct ReviewPolicy: Sendable, Equatable {
    /// The name; decisions are recorded by reviewer `policy:NAME`.
    public var name: String
    /// What the policy is for.
    public var description: String
    /// The rules, in order.
    public var rules: [PolicyRule]
    /// Where it was read from (`built-in` or a file path).
    public var origin: String

    /// A policy.
    public init(name: String, description: String, rules: [PolicyRule], origin: String) {
        self.name = name
        self.description = description
        self.rules = rules
        self.origin = origin
    }

    /// The reviewer name its decisions are recorded under.
    public var reviewer: String { "policy:" + name }
}
