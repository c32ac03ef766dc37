import WinnowCore
import WinnowReview
import WinnowStore

extension ReviewService {
    /// Applies `policy` to every example no person has decided on; with `dryRun`, only says what would change.
    /// Decisions are recorded by reviewer `policy:NAME` with the rule and the reason as the note; a real run is
    /// recorded in `runs` (command `review auto`).
    public func apply(_ policy: ReviewPolicy, dryRun: Bool) throws -> PolicyReport {
        let people = try store.examplesDecidedByPeople()
        var statuses: [ReviewStatus] = []
        for rule in policy.rules {
            for status in rule.statuses where !statuses.contains(status) { statuses.append(status) }
        }
        var ids: [Int64] = []
        var decidedByPeople = 0
        for status in statuses {
            for id in try store.exampleIDs(ExampleFilter(status: status)) {
                if people.contains(id) { decidedByPeople += 1 } else { ids.append(id) }
            }
        }
        ids.sort()
        var report = PolicyReport(
            policy: policy, dryRun: dryRun, considered: ids.count, decidedByPeople: decidedByPeople, proposals: [:],
            stale: [], leftPending: 0, runID: nil)
        let flagged = Set(try store.flagCounts().map(\.check))
        for check in policy.rules.flatMap(\.checks)
        where !check.hasSuffix("*") && !flagged.contains(check) && !report.checksWithoutFlags.contains(check) {
            report.checksWithoutFlags.append(check)
        }
        if policy.rules.contains(where: { $0.minimumEstimatedPrecision != nil }) {
            report.fixPrecision = try AuditService.latestFixPrecision(store: store)
            let minimum = policy.rules.compactMap(\.minimumEstimatedPrecision).min() ?? 1
            report.fixThreshold = report.fixPrecision?.threshold(minimumPrecision: minimum)
        }
        var standings: [Int64: ClusterStanding] = [:]
        if policy.rules.contains(where: { $0.overRepresented != nil }) {
            standings = try clusterStandings()
        }
        var runID: Int64?
        if !dryRun {
            var parameters = JSONObject()
            parameters["policy"] = .string(policy.name)
            parameters["origin"] = .string(policy.origin)
            runID = try store.startRun(command: "review auto", parameters: parameters)
        }
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = Array(ids[start..<min(start + 1000, ids.count)])
            let examples = try store.examples(ids: chunk)
            let flags = try store.flags(ofExamples: chunk)
            var requests: [DecisionRequest] = []
            var proposed: [Int64: PolicyProposal] = [:]
            for example in examples {
                let candidate = PolicyCandidate(
                    example: example, flags: flags[example.id] ?? [], fixPrecision: report.fixPrecision,
                    standing: standings[example.id])
                guard let proposal = policy.proposal(for: candidate) else {
                    if example.status == .pending { report.holdBack(candidate.flags) }
                    continue
                }
                if proposal.action == .relabel, !proposal.approves, example.status == .pending {
                    report.holdBack(candidate.flags)
                }
                proposed[example.id] = proposal
                if dryRun {
                    report.proposals[proposal.ruleID, default: []].append(proposal)
                } else {
                    requests.append(Self.request(for: proposal, example: example))
                }
            }
            for outcome in try store.record(requests, reviewer: policy.reviewer) {
                switch outcome {
                case .applied(let record):
                    if let proposal = proposed[record.exampleID] {
                        report.proposals[proposal.ruleID, default: []].append(proposal)
                    }
                case .unchanged: break
                case .stale(let stale): report.stale.append(stale)
                }
            }
        }
        let pendingNow = try store.count(ExampleFilter(status: .pending))
        let leaving = report.allProposals.filter { $0.fromStatus == .pending && ($0.action != .relabel || $0.approves) }
            .count
        report.leftPending = dryRun ? pendingNow - leaving : pendingNow
        if let runID {
            report.runID = runID
            var summary = JSONObject()
            summary["policy"] = .string(policy.name)
            summary["considered"] = .number(Double(report.considered))
            summary["decided_by_people"] = .number(Double(decidedByPeople))
            summary["changes"] = .object(
                JSONObject(policy.rules.map { ($0.id, .number(Double(report.proposals(of: $0).count))) }))
            summary["stale"] = .number(Double(report.stale.count))
            summary["left_pending"] = .number(Double(report.leftPending))
            summary["held_back_by"] = report.heldBackJSON
            let changes = report.allProposals
            summary["actions"] = .object(JSONObject(policy.rules.map { ($0.id, .string($0.action.rawValue)) }))
            summary["approved"] = .number(Double(changes.filter { $0.action == .approve || $0.approves }.count))
            summary["rejected"] = .number(Double(changes.filter { $0.action == .reject }.count))
            summary["relabelled"] = .number(Double(changes.filter { $0.action == .relabel }.count))
            summary["fix_threshold"] = report.fixThreshold.map(JSONValue.number) ?? .null
            try store.finishRun(runID, summary: summary)
        }
        return report
    }

    /// Every example's place in its duplicate cluster, from the stored duplicate flags.
    private func clusterStandings() throws -> [Int64: ClusterStanding] {
        var duplicates: [Int64: DuplicateEvidence] = [:]
        for check in DuplicateEvidence.checks {
            for flag in try store.flags(check: check) {
                if let evidence = DuplicateEvidence(flag) { duplicates[flag.exampleID] = evidence }
            }
        }
        guard !duplicates.isEmpty else { return [:] }
        let examples = try store.examples().map { ($0.id, $0.effectiveLabel) }
        return ClusterStanding.compute(examples: examples, duplicates: duplicates)
    }

    private static func request(for proposal: PolicyProposal, example: Example) -> DecisionRequest {
        var state = ReviewState(of: example)
        switch proposal.action {
        case .approve: state.status = .approved
        case .reject: state.status = .rejected
        case .relabel:
            state.labelOverride = proposal.toLabel == example.label ? nil : proposal.toLabel
            if proposal.approves { state.status = .approved }
        }
        return DecisionRequest(
            exampleID: example.id, basedOn: proposal.version, action: proposal.action.rawValue, after: state,
            note: "rule \(proposal.ruleID): \(proposal.reason)")
    }
}
