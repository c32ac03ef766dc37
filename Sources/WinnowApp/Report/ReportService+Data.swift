import Foundation
import WinnowCore
import WinnowReport
import WinnowStore

/// The sections about the data as imported: overview, sources, label and training-point distributions.
extension ReportService {
    func overview(statistics: StoreStatistics, store: Store) throws -> ReportSection {
        let flagged = try store.flaggedExampleCount()
        let splits = try store.splits()
        let tiles: [(value: String, caption: String)] = [
            (ReportNumber.count(statistics.examples), "examples"),
            (ReportNumber.count(statistics.quarantined), "quarantined records"),
            (ReportNumber.count(flagged), "examples with a flag"),
            (ReportNumber.count(statistics.byStatus["approved"] ?? 0), "approved"),
            (ReportNumber.count(statistics.byStatus["rejected"] ?? 0), "rejected"),
            (ReportNumber.count(statistics.byStatus["pending"] ?? 0), "pending review"),
            (ReportNumber.count(statistics.byLabel.count), "labels"),
            (ReportNumber.count(splits.count), "splits"),
        ]
        return ReportSection(
            id: "overview", title: "Overview",
            lead: "The store at a glance: what came in, what was found, and what was decided.",
            provenance: ["tables examples, import_errors, flags, splits"], content: [.tiles(tiles)])
    }

    func sources(statistics: StoreStatistics, store: Store) throws -> ReportSection {
        let table = ReportTable(
            columns: [
                .init("file"), .init("format"), .init("records read", numeric: true),
                .init("examples", numeric: true), .init("quarantined", numeric: true), .init("sha256"),
            ],
            rows: statistics.sources.map { source in
                [
                    source.info.path, source.info.format.rawValue, ReportNumber.count(source.recordsRead),
                    ReportNumber.count(source.imported), ReportNumber.count(source.quarantined),
                    String(source.info.sha256.prefix(12)),
                ]
            },
            maximumRows: tableRows)
        var content: [HTMLFragment] = [.table(table)]
        let kinds = try store.quarantineKinds()
        if !kinds.isEmpty {
            content.append(.heading("Quarantined records by reason"))
            content.append(
                BarChart(bars: kinds.map { .init(label: $0.kind, value: Double($0.count), series: 3) })
                    .fragment(title: "Quarantined records by reason"))
            content.append(
                .paragraph("`winnow errors` lists each with its file and line, row or element.", className: "muted"))
        }
        if statistics.superseded > 0 {
            content.append(
                .paragraph(
                    "\(ReportNumber.counted(statistics.superseded, "earlier version", "earlier versions")) of tickets "
                        + "imported again with other content rejected as superseded by the latest (each with its "
                        + "decision by `import`; `winnow show ID`).", className: "muted"))
        }
        let notes = statistics.sources.flatMap { source in source.notes.map { "\(source.info.path): \($0)" } }
        for note in notes.prefix(tableRows) { content.append(.paragraph(note, className: "muted")) }
        return ReportSection(
            id: "sources", title: "Sources",
            lead:
                "\(ReportNumber.counted(statistics.sources.count, "file")) imported; every record is either an example or quarantined with "
                + "its reason.",
            provenance: ["tables sources, examples, import_errors"], content: content)
    }

    func distributions(statistics: StoreStatistics) -> ReportSection {
        let labels = BarChart(
            bars: statistics.byLabel.map { .init(label: $0.label, value: Double($0.count)) }, maximumBars: 30)
        var content: [HTMLFragment] = [
            .heading("Labels (\(statistics.byLabel.count))"), labels.fragment(title: "Examples per label"),
        ]
        if statistics.byTrainingPoint.map(\.label) != statistics.byLabel.map(\.label) {
            content.append(.heading("Training points (\(statistics.byTrainingPoint.count))"))
            content.append(
                BarChart(
                    bars: statistics.byTrainingPoint.map { .init(label: $0.label, value: Double($0.count), series: 2) },
                    maximumBars: 30
                ).fragment(title: "Examples per training point"))
        } else {
            content.append(
                .paragraph(
                    "No example names a training point of its own, so each label is its training point.",
                    className: "muted"))
        }
        return ReportSection(
            id: "distributions", title: "Labels and training points",
            lead:
                "Effective labels (a reviewer's relabel replaces the imported label) and the training points they teach.",
            provenance: ["table examples"], content: content)
    }
}
