import WinnowCore
import WinnowReview
import WinnowStore

/// One page of the review queue.
public struct QueuePage: Sendable, Equatable {
    /// The entries, ranked by impact.
    public var entries: [QueueEntry]
    /// How many examples match the filter in all.
    public var total: Int
    /// The newest decision id when the page was read (bulk actions refuse examples decided after it).
    public var asOfDecision: Int64
    /// The most confident label suggestion of each entry that has one (of those naming the filter's suggestion, when
    /// it names one).
    public var suggestions: [Int64: LabelSuggestion]
}

extension ReviewService {
    /// The examples matching `filter`, ranked by impact (most severe flag, then number of warning and error flags,
    /// then the most confident label suggestion, then number of flags), one page.
    public func queue(_ filter: ExampleFilter) throws -> QueuePage {
        let asOf = try store.lastDecisionID()
        let entries = try store.reviewQueue(filter)
        let flags = try store.flags(ofExamples: entries.map(\.example.id))
        return QueuePage(
            entries: entries, total: try store.count(filter.unpaged), asOfDecision: asOf,
            suggestions: flags.compactMapValues { LabelSuggestion.best(in: $0, naming: filter.suggestion) })
    }

    /// The highest-ranked example matching `filter` that is not in `skipping`.
    public func next(_ filter: ExampleFilter, skipping: Set<Int64> = []) throws -> ExampleDetail? {
        guard let id = try store.reviewQueueIDs(filter.unpaged).first(where: { !skipping.contains($0) }) else {
            return nil
        }
        return try detail(id: id)
    }

    /// The examples before and after `id` in `filter`'s queue order (nil at either end or when `id` is not in it).
    public func neighbours(of id: Int64, in filter: ExampleFilter) throws -> (previous: Int64?, next: Int64?) {
        let ids = try store.reviewQueueIDs(filter.unpaged)
        guard let index = ids.firstIndex(of: id) else { return (nil, ids.first) }
        return (index > 0 ? ids[index - 1] : nil, index + 1 < ids.count ? ids[index + 1] : nil)
    }

    /// One example with its flags, history, duplicates (with word differences) and suggested label.
    public func detail(id: Int64) throws -> ExampleDetail {
        let example = try store.example(id: id)
        let flags = try store.flags(exampleID: id)
        var duplicates: [DuplicateComparison] = []
        var seen = Set<Int64>()
        for flag in flags {
            guard let evidence = DuplicateEvidence(flag), evidence.representative != id,
                seen.insert(evidence.representative).inserted,
                let other = try? store.example(id: evidence.representative)
            else { continue }
            duplicates.append(comparison(of: example, with: other, role: .representative, check: flag.check, evidence))
        }
        for flag in try store.flags(checks: DuplicateEvidence.checks, evidence: "representative", equals: id)
        where flag.exampleID != id && duplicates.count < 6 {
            guard let evidence = DuplicateEvidence(flag), seen.insert(flag.exampleID).inserted,
                let other = try? store.example(id: flag.exampleID)
            else { continue }
            duplicates.append(comparison(of: example, with: other, role: .member, check: flag.check, evidence))
        }
        return ExampleDetail(
            example: example, flags: flags, history: try store.decisions(exampleID: id), duplicates: duplicates,
            suggestion: LabelSuggestion.best(in: flags))
    }

    private func comparison(
        of example: Example, with other: Example, role: DuplicateComparison.Role, check: String,
        _ evidence: DuplicateEvidence
    ) -> DuplicateComparison {
        DuplicateComparison(
            other: other, role: role, check: check, evidence: evidence,
            inputDiff: TextDiff.words(from: other.effectiveInput, to: example.effectiveInput),
            responseDiff: TextDiff.words(from: other.effectiveResponse ?? "", to: example.effectiveResponse ?? ""))
    }

    /// Counts by status, label, check and reviewer, and the pending examples by suggested label.
    public func summary() throws -> ReviewSummary {
        let statistics = try store.statistics()
        return ReviewSummary(
            examples: statistics.examples,
            byStatus: ReviewStatus.allCases.map { ($0, statistics.byStatus[$0.rawValue] ?? 0) },
            byLabel: statistics.byLabel,
            byCheck: try store.flagCounts().sorted {
                $0.flags > $1.flags || ($0.flags == $1.flags && $0.check < $1.check)
            },
            byReviewer: try store.decisionCounts(),
            flaggedPending: try store.count(ExampleFilter(status: .pending, flagged: true)),
            bySuggestion: try suggestionGroups().groups)
    }
}
