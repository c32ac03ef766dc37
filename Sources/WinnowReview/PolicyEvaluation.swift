import WinnowCore

/// One example a policy may decide on, with its flags.
public struct PolicyCandidate: Sendable {
    /// The example (its status, label and version as stored).
    public var example: Example
    /// Its flags.
    public var flags: [Flag]
    /// The audit's measured precision of its suggested labels (for `min_estimated_precision`), when stored.
    public var fixPrecision: FixPrecisionEstimate?
    /// Its place in its duplicate cluster (for `over_represented`), when it is in one.
    public var standing: ClusterStanding?

    /// A candidate.
    public init(
        example: Example, flags: [Flag], fixPrecision: FixPrecisionEstimate? = nil, standing: ClusterStanding? = nil
    ) {
        self.example = example
        self.flags = flags
        self.fixPrecision = fixPrecision
        self.standing = standing
    }
}

/// What a policy would do to one example.
public struct PolicyProposal: Sendable, Equatable {
    /// The example.
    public var exampleID: Int64
    /// The version the proposal was made against.
    public var version: Int
    /// The rule that decided.
    public var ruleID: String
    /// What it does.
    public var action: PolicyAction
    /// The status before.
    public var fromStatus: ReviewStatus
    /// The effective label before.
    public var fromLabel: String?
    /// The new label, for a relabel.
    public var toLabel: String?
    /// Whether a relabel also approves the example.
    public var approves = false
    /// Why, in words (`near-duplicate of #3 (similarity 0.93, lexical)`).
    public var reason: String

    /// `pending -> rejected` or `Billing -> Shipping`.
    public var change: String {
        switch action {
        case .approve: return "\(fromStatus.rawValue) -> approved"
        case .reject: return "\(fromStatus.rawValue) -> rejected"
        case .relabel:
            return "\(fromLabel ?? "(none)") -> \(toLabel ?? "(none)")"
                + (approves ? ", \(fromStatus.rawValue) -> approved" : "")
        }
    }
}

extension PolicyRule {
    /// What this rule would do to `candidate`, or nil when it does not match or would change nothing.
    public func proposal(for candidate: PolicyCandidate) -> PolicyProposal? {
        let example = candidate.example
        guard statuses.contains(example.status) else { return nil }
        if unflagged, !candidate.flags.isEmpty { return nil }
        if let maxSeverity, candidate.flags.contains(where: { $0.severity > maxSeverity }) { return nil }
        var reason: String
        var label: String?
        if checks.isEmpty {
            reason =
                candidate.flags.isEmpty
                ? "no flag" : "flags at most \(candidate.flags.map(\.severity).max()?.rawValue ?? "info")"
        } else {
            var matching = candidate.flags.filter { names(check: $0.check) }
            if action == .relabel {
                matching.sort { (LabelSuggestion($0)?.confidence ?? -1) > (LabelSuggestion($1)?.confidence ?? -1) }
            }
            guard let found = firstQualifying(matching, candidate: candidate) else { return nil }
            (reason, label) = found
        }
        switch action {
        case .approve:
            if example.status == .approved { return nil }
        case .reject:
            if example.status == .rejected { return nil }
        case .relabel:
            guard let label, label != example.effectiveLabel else { return nil }
        }
        if let maxSeverity, !checks.isEmpty { reason += "; no flag above \(maxSeverity.rawValue)" }
        var proposal = PolicyProposal(
            exampleID: example.id, version: example.version, ruleID: id, action: action, fromStatus: example.status,
            fromLabel: example.effectiveLabel, toLabel: action == .relabel ? label : nil, reason: reason)
        if approve, action == .relabel, example.status != .approved {
            proposal.approves = !candidate.flags.contains { !names(check: $0.check) && $0.severity > .info }
        }
        return proposal
    }

    /// The first flag meeting the rule's flag conditions: the reason and, for label suggestions, the label.
    private func firstQualifying(_ flags: [Flag], candidate: PolicyCandidate) -> (String, String?)? {
        let exampleID = candidate.example.id
        let precision = candidate.fixPrecision
        for flag in flags {
            if onlyNonRepresentatives || copiesOnly || overRepresented != nil {
                guard let duplicate = DuplicateEvidence(flag), duplicate.representative != exampleID else { continue }
                if copiesOnly {
                    guard duplicate.isCopy, let original = duplicate.copyOf, original != exampleID else { continue }
                }
                var reason = duplicate.describe(check: flag.check)
                if let overRepresented {
                    guard let standing = candidate.standing, standing.isBeyondCap(factor: overRepresented) else {
                        continue
                    }
                    reason += "; " + standing.describe(factor: overRepresented)
                }
                return (reason, nil)
            }
            if action == .relabel || confidenceAbove != nil || minimumEstimatedPrecision != nil {
                guard let suggestion = LabelSuggestion(flag) else { continue }
                if let confidenceAbove {
                    guard let confidence = suggestion.confidence, confidence > confidenceAbove else { continue }
                }
                var reason = "\(flag.check) suggests \(suggestion.description)"
                if let minimumEstimatedPrecision {
                    guard let confidence = suggestion.confidence,
                        let threshold = precision?.threshold(minimumPrecision: minimumEstimatedPrecision),
                        confidence >= threshold,
                        let pooled = precision?.precision(from: threshold),
                        let cautious = precision?.cautiousPrecision(from: threshold),
                        let estimated = precision?.precision(at: confidence)
                    else { continue }
                    reason +=
                        "; estimated precision " + DuplicateEvidence.format(pooled) + " from confidence "
                        + DuplicateEvidence.format(threshold) + " up, " + DuplicateEvidence.format(cautious)
                        + " one standard error lower (" + DuplicateEvidence.format(estimated) + " at this confidence)"
                }
                return (reason, suggestion.label)
            }
            return ("\(flag.check): \(flag.message)", nil)
        }
        return nil
    }
}

extension ReviewPolicy {
    /// What the policy would do to `candidate`: the first rule's proposal that changes something, else nil
    /// (the example stays as it is, for a person).
    public func proposal(for candidate: PolicyCandidate) -> PolicyProposal? {
        for rule in rules {
            if let proposal = rule.proposal(for: candidate) { return proposal }
        }
        return nil
    }
}
