import Foundation
import WinnowCore
import WinnowReport
import WinnowStore

/// The sections about what was decided: review progress and the splits made from the approved examples.
extension ReportService {
    func review(statistics: StoreStatistics, store: Store) throws -> ReportSection {
        let activity = try store.reviewerActivity()
        let relabelled = try store.relabelledCount()
        let totals = try store.decisionTotals()
        let statuses = ReviewStatus.allCases.map(\.rawValue)
        var content: [HTMLFragment] = [
            .tiles(
                statuses.map { (ReportNumber.count(statistics.byStatus[$0] ?? 0), $0) }
                    + [(ReportNumber.count(relabelled), "relabelled")]),
            StackedBarChart(
                segments: statuses,
                rows: [.init(label: "examples", values: statuses.map { Double(statistics.byStatus[$0] ?? 0) })],
                normalised: true, colours: ReviewStatus.allCases.map(Self.colour)
            ).fragment(title: "Review status of all examples"),
        ]
        if !activity.isEmpty {
            let actions = Array(Set(activity.flatMap(\.byAction.keys))).sorted {
                (Self.actionOrder($0), $0) < (Self.actionOrder($1), $1)
            }
            content.append(.heading("Decisions by reviewer"))
            content.append(
                StackedBarChart(
                    segments: actions,
                    rows: activity.map { reviewer in
                        .init(label: reviewer.reviewer, values: actions.map { Double(reviewer.byAction[$0] ?? 0) })
                    }
                ).fragment(title: "Decisions by reviewer and action"))
        }
        let decisions = totals.byAction.values.reduce(0, +)
        return ReportSection(
            id: "review", title: "Review",
            lead:
                "\(ReportNumber.counted(decisions, "decision")) recorded by "
                + "\(ReportNumber.counted(activity.count, "reviewer or policy", "reviewers and policies")); "
                + "nothing is deleted, and exports apply the decisions.",
            provenance: ["table decisions" + (totals.lastID.map { " (up to decision #\($0))" } ?? "")],
            content: content)
    }

    /// The chart colour of a review status: grey pending, green approved, vermillion rejected.
    static func colour(_ status: ReviewStatus) -> Int {
        switch status {
        case .pending: return 8
        case .approved: return 2
        case .rejected: return 3
        }
    }

    private static func actionOrder(_ action: String) -> Int {
        ["approve": 0, "reject": 1, "relabel": 2, "edit": 3, "reset": 4, "undo": 5][action] ?? 6
    }

    func splits(store: Store) throws -> ReportSection {
        let splits = try store.splits()
        guard !splits.isEmpty else {
            return ReportSection(
                id: "splits", title: "Splits",
                lead: "No split yet: `winnow split` makes a leak-free train/validation/test split.", content: [])
        }
        var content: [HTMLFragment] = [
            .table(
                ReportTable(
                    columns: [
                        .init("split"), .init("train", numeric: true), .init("validation", numeric: true),
                        .init("test", numeric: true), .init("stratified by"),
                        .init("highest train–test cosine", numeric: true),
                        .init("made"),
                    ],
                    rows: splits.map { split in
                        let similarity = split.summary["highest_train_test_similarity"]?.objectValue
                        return [
                            split.name, ReportNumber.count(split.counts[.train] ?? 0),
                            ReportNumber.count(split.counts[.validation] ?? 0),
                            ReportNumber.count(split.counts[.test] ?? 0),
                            split.parameters["stratify"]?.scalarText ?? "",
                            Self.number(similarity?["score"]).map { ReportNumber.value($0) } ?? "not measured",
                            ISO8601DateFormatter().string(from: split.createdAt),
                        ]
                    },
                    maximumRows: tableRows))
        ]
        if let latest = splits.first {
            let counts = try store.splitLabelCounts(splitID: latest.id)
            var byLabel: [String: [SplitPart: Int]] = [:]
            for entry in counts { byLabel[entry.label ?? "(none)", default: [:]][entry.part] = entry.count }
            let parts = SplitPart.allCases
            let rows = byLabel.map { label, values in
                StackedBarChart.Row(label: label, values: parts.map { Double(values[$0] ?? 0) })
            }.sorted { ($0.total, $1.label) > ($1.total, $0.label) }
            content.append(.heading("Label balance in \(latest.name)"))
            content.append(
                StackedBarChart(segments: parts.map(\.rawValue), rows: rows, normalised: true)
                    .fragment(title: "Share of each label's examples per part of \(latest.name)"))
        }
        return ReportSection(
            id: "splits", title: "Splits",
            lead:
                "Splits are made from approved examples, keep every duplicate cluster and ticket thread in one part, "
                + "and never change once made.",
            provenance: ["tables splits, split_members"]
                + splits.prefix(3).compactMap { split in
                    split.runID.map { "split \(split.name): run #\($0)" }
                }, content: content)
    }

    /// The training sections: one per stored evaluation (newest first), or a note that none ran yet.
    func training(store: Store, runs: [RunInfo]) throws -> [ReportSection] {
        [
            ReportSection(
                id: "training", title: "Training",
                lead: "No training run yet: `winnow train` fine-tunes the encoder on a split, `winnow eval` tests it.",
                content: [])
        ]
    }
}
