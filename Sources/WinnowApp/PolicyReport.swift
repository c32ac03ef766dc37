import WinnowCore
import WinnowReview
import WinnowStore

/// What `winnow review auto` did (or, in a dry run, would do), rule by rule.
public struct PolicyReport: Sendable, Equatable {
    /// The policy applied.
    public var policy: ReviewPolicy
    /// Whether nothing was written.
    public var dryRun: Bool
    /// Examples the policy looked at (in a state one of its rules covers, and not decided by a person).
    public var considered: Int
    /// Examples left alone because a person decided on them.
    public var decidedByPeople: Int
    /// Per rule, in policy order: what it changes (changed, in a real run).
    public var proposals: [String: [PolicyProposal]]
    /// Proposals refused because the example changed while the policy ran.
    public var stale: [StaleDecision]
    /// Pending examples left for a person after the run (projected in a dry run).
    public var leftPending: Int
    /// The run recorded in `runs` (nil in a dry run).
    public var runID: Int64?
    /// Checks the policy's rules name that have no flag in the store (has `dedup` or `audit` run yet?).
    public var checksWithoutFlags: [String] = []
    /// The audit's measured precision of its suggested labels, when a rule needs it and an audit stored it.
    public var fixPrecision: FixPrecisionEstimate?
    /// The lowest confidence the policy relabels at (from `fixPrecision` and the rules' minimum precision).
    public var fixThreshold: Double?
    /// For the pending examples no rule moved on, how many carry a warning or error flag of each check: what holds
    /// them back for a person.
    public var heldBackBy: [String: Int] = [:]

    /// Counts `flags` (of one example left pending) in ``heldBackBy``: each check above info once.
    mutating func holdBack(_ flags: [Flag]) {
        for check in Set(flags.filter { $0.severity > .info }.map(\.check)) { heldBackBy[check, default: 0] += 1 }
    }

    /// ``heldBackBy``, most examples first.
    public var heldBack: [(check: String, examples: Int)] {
        heldBackBy.map { ($0.key, $0.value) }.sorted {
            $0.examples > $1.examples || ($0.examples == $1.examples && $0.check < $1.check)
        }
    }

    /// ``heldBack`` as a JSON object in that order.
    var heldBackJSON: JSONValue {
        .object(JSONObject(heldBack.map { ($0.check, JSONValue.number(Double($0.examples))) }))
    }

    /// The proposals of `rule`.
    public func proposals(of rule: PolicyRule) -> [PolicyProposal] { proposals[rule.id] ?? [] }

    /// Every proposal, in rule order.
    public var allProposals: [PolicyProposal] { policy.rules.flatMap { proposals(of: $0) } }

    /// The report as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        object["policy"] = .string(policy.name)
        object["origin"] = .string(policy.origin)
        object["reviewer"] = .string(policy.reviewer)
        object["dry_run"] = .bool(dryRun)
        object["considered"] = .number(Double(considered))
        object["decided_by_people"] = .number(Double(decidedByPeople))
        object["rules"] = .array(
            policy.rules.map { rule in
                var entry = JSONObject()
                entry["id"] = .string(rule.id)
                entry["description"] = .string(rule.description)
                entry["action"] = .string(rule.action.rawValue)
                entry["when"] = .string(rule.conditions)
                let changes = proposals(of: rule)
                entry["count"] = .number(Double(changes.count))
                entry["changes"] = .array(
                    changes.map { proposal in
                        var change = JSONObject()
                        change["example"] = .number(Double(proposal.exampleID))
                        change["action"] = .string(proposal.action.rawValue)
                        change["from_status"] = .string(proposal.fromStatus.rawValue)
                        change["from_label"] = proposal.fromLabel.map(JSONValue.string) ?? .null
                        change["to_label"] = proposal.toLabel.map(JSONValue.string) ?? .null
                        change["reason"] = .string(proposal.reason)
                        return .object(change)
                    })
                return .object(entry)
            })
        object["stale"] = .array(stale.map { .string($0.description) })
        object["left_pending"] = .number(Double(leftPending))
        object["run"] = runID.map { .number(Double($0)) } ?? .null
        object["checks_without_flags"] = .array(checksWithoutFlags.map(JSONValue.string))
        object["held_back_by"] = heldBackJSON
        object["fix_precision"] = fixPrecision?.json ?? .null
        object["fix_threshold"] = fixThreshold.map(JSONValue.number) ?? .null
        return .object(object)
    }
}
