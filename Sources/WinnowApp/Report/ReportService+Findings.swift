import Foundation
import WinnowCore
import WinnowReport
import WinnowRules
import WinnowStore

/// The sections about what was wrong with the data: rule flags, duplicate clusters, label-audit findings.
extension ReportService {
    func flags(store: Store, runs: [RunInfo]) throws -> ReportSection {
        let counts = try store.flagCounts()
        let checks = Array(Set(counts.map(\.check))).sorted()
        let severities = Severity.allCases
        let rows = checks.map { check in
            StackedBarChart.Row(
                label: check,
                values: severities.map { severity in
                    Double(counts.first { $0.check == check && $0.severity == severity }?.flags ?? 0)
                })
        }.sorted { $0.total > $1.total }
        var content: [HTMLFragment] = [
            StackedBarChart(segments: severities.map(\.rawValue), rows: rows, colours: severities.map(Self.colour))
                .fragment(title: "Flags per check and severity")
        ]
        let samples = try store.sampleFlags(perCheck: examplesPerCheck)
        var redactions: [Int64: [RedactionSpan]] = [:]
        for id in Set(samples.map(\.example.id)) {
            redactions[id] = ExampleRedaction.spans(in: try store.flags(exampleID: id))
        }
        if !samples.isEmpty {
            content.append(.heading("Examples of each finding"))
            content.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("check"), .init("severity"), .init("example", numeric: true), .init("finding"),
                            .init("in context"),
                        ],
                        cells: samples.map { sample in
                            [
                                .text(sample.flag.check), .text(sample.flag.severity.rawValue),
                                .text("#\(sample.example.id)"), .text(sample.flag.message),
                                Self.context(
                                    of: sample.flag, in: sample.example, redactions: redactions[sample.example.id] ?? []
                                ),
                            ]
                        },
                        maximumRows: 200, quotedColumns: [4])))
        }
        let checkRuns = runs.filter { $0.command == "check" && $0.status == "complete" }.prefix(3)
        let total = counts.reduce(0) { $0 + $1.flags }
        return ReportSection(
            id: "flags", title: "Flags",
            lead:
                "\(ReportNumber.counted(total, "finding")) by \(ReportNumber.counted(checks.count, "check")) (rules, "
                + "duplicates, label audits), "
                + "most frequent first.",
            provenance: ["table flags"] + checkRuns.map(Self.describe), content: content)
    }

    /// The flagged text in its field with the span marked, or the start of the field when the flag has no span.
    ///
    /// A report is a file people mail around, so personal data and secrets never appear in it: every span that a
    /// `redact` rule flagged in the example (`redactions`) is shown as its placeholder type, as exports write it.
    static func context(
        of flag: Flag, in example: Example, redactions: [RedactionSpan], radius: Int = 50
    ) -> ReportTable.Cell {
        let field = flag.field ?? "input"
        guard let text = FlagContext.text(of: field, in: example) else { return .text("") }
        let characters = Array(text)
        let hidden = redactions.filter { $0.field == field }.sorted { $0.span.start < $1.span.start }
        func shown(_ range: Range<Int>) -> String {
            var result = ""
            var cursor = range.lowerBound
            for redaction in hidden where redaction.span.end > cursor && redaction.span.start < range.upperBound {
                if redaction.span.start > cursor { result += String(characters[cursor..<redaction.span.start]) }
                result += "[\(redaction.type)]"
                cursor = min(range.upperBound, redaction.span.end)
            }
            if cursor < range.upperBound { result += String(characters[cursor..<range.upperBound]) }
            return result.replacingOccurrences(of: "\n", with: " ")
        }
        guard let span = flag.span else {
            return .text(ReportText.clip(shown(0..<min(characters.count, 4 * radius)), 2 * radius))
        }
        let start = max(0, min(span.start, characters.count))
        let end = max(start, min(span.end, characters.count))
        let from = max(0, start - radius)
        let to = min(characters.count, end + radius)
        return .marked(
            before: (from > 0 ? "…" : "") + shown(from..<start), marked: shown(start..<end),
            after: shown(end..<to) + (to < characters.count ? "…" : ""))
    }

    func duplicates(store: Store, runs: [RunInfo]) throws -> ReportSection {
        let clusters = try store.duplicateClusters()
        let dedupRun = Self.latest("dedup", in: runs)
        guard !clusters.isEmpty else {
            return ReportSection(
                id: "duplicates", title: "Duplicate clusters",
                lead: dedupRun == nil
                    ? "No duplicate search has run yet: `winnow dedup` finds exact, lexical and semantic duplicates."
                    : "The duplicate search found no duplicates.",
                provenance: dedupRun.map { [Self.describe($0)] } ?? [], content: [])
        }
        var bySize: [Int: Int] = [:]
        for cluster in clusters { bySize[cluster.size, default: 0] += 1 }
        let sizeBars = bySize.keys.sorted().map { size in
            BarChart.Bar(label: "\(size) examples", value: Double(bySize[size] ?? 0), detail: "clusters of this size")
        }
        var tierCounts: [String: Int] = [:]
        for cluster in clusters {
            for tier in cluster.tiers { tierCounts[tier, default: 0] += 1 }
        }
        let duplicates = clusters.reduce(0) { $0 + $1.size - 1 }
        let largest = Array(clusters.prefix(tableRows))
        let representatives = Dictionary(
            largest.map { ($0.representative, (try? Self.shownInput(of: $0.representative, store: store)) ?? "") },
            uniquingKeysWith: { first, _ in first })
        var content: [HTMLFragment] = [
            .tiles(
                [
                    (ReportNumber.count(clusters.count), "clusters"),
                    (ReportNumber.count(duplicates), "duplicates flagged (one example of each cluster is kept)"),
                ]
                    + tierCounts.keys.sorted().map {
                        (ReportNumber.count(tierCounts[$0] ?? 0), "clusters with \($0) matches")
                    }),
            .heading("Clusters by size"),
            BarChart(bars: sizeBars, maximumBars: 20).fragment(title: "Duplicate clusters by size"),
            .heading("Largest clusters"),
            .table(
                ReportTable(
                    columns: [
                        .init("cluster", numeric: true), .init("size", numeric: true), .init("kept example"),
                        .init("tiers"), .init("lowest similarity", numeric: true), .init("kept text"),
                    ],
                    rows: largest.map { cluster in
                        [
                            String(cluster.cluster), String(cluster.size), "#\(cluster.representative)",
                            cluster.tiers.joined(separator: ", "),
                            cluster.lowestSimilarity.map { ReportNumber.value($0) } ?? "",
                            ReportText.clip(representatives[cluster.representative] ?? "", 120),
                        ]
                    },
                    omittedRows: clusters.count - largest.count, quotedColumns: [5])),
        ]
        if let canned = dedupRun?.summary["canned_replies"]?.arrayValue, !canned.isEmpty {
            content.append(.heading("Canned replies"))
            content.append(
                .paragraph(
                    "\(canned.count) agent responses recur across many tickets; see `winnow dedup --json` for the "
                        + "texts.", className: "muted"))
        }
        return ReportSection(
            id: "duplicates", title: "Duplicate clusters",
            lead:
                "Near-duplicates inflate a training set and leak between train and test. Each cluster keeps one "
                + "example; the others are flagged.",
            provenance: ["flags exact-duplicate, near-duplicate"] + (dedupRun.map { [Self.describe($0)] } ?? []),
            content: content)
    }

    func labelAudit(store: Store, runs: [RunInfo]) throws -> ReportSection {
        let (findings, total, byCheck) = try store.labelFindings(limit: tableRows)
        let auditRun = Self.latest("audit", in: runs)
        guard total > 0 else {
            return ReportSection(
                id: "label-audit", title: "Label audit",
                lead: auditRun == nil
                    ? "No label audit has run yet: `winnow audit` finds mislabelled examples and suggests labels."
                    : "The label audit found nothing to question.",
                provenance: auditRun.map { [Self.describe($0)] } ?? [], content: [])
        }
        let suggestions = findings.filter { $0.flag.evidence["suggested_label"]?.scalarText != nil }
        var content: [HTMLFragment] = [
            BarChart(
                bars: byCheck.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                    .init(label: $0.key, value: Double($0.value), series: 4)
                }
            ).fragment(title: "Label-audit findings per check")
        ]
        if !suggestions.isEmpty {
            content.append(.heading("Suggested relabels, most confident first"))
            content.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("example", numeric: true), .init("label"), .init("suggested"),
                            .init("confidence", numeric: true), .init("evidence"), .init("text"),
                        ],
                        rows: suggestions.map { finding in
                            let evidence = finding.flag.evidence
                            return [
                                "#\(finding.flag.exampleID)", finding.label ?? "(none)",
                                evidence["suggested_label"]?.scalarText ?? "",
                                Self.number(evidence["confidence"]).map { ReportNumber.percent($0) } ?? "",
                                finding.flag.message,
                                ReportText.clip(
                                    (try? Self.shownInput(of: finding.flag.exampleID, store: store)) ?? "", 120),
                            ]
                        },
                        omittedRows: max(0, total - findings.count), quotedColumns: [5])))
        }
        return ReportSection(
            id: "label-audit", title: "Label audit",
            lead:
                "\(ReportNumber.counted(total, "finding")) about labels: suspected wrong labels with a suggested one, "
                + "conflicts inside duplicate clusters, and taxonomy problems.",
            provenance: ["flags label-*"] + (auditRun.map { [Self.describe($0)] } ?? []), content: content)
    }

    /// The chart colour of a severity: blue for information, orange for warnings, vermillion for errors.
    static func colour(_ severity: Severity) -> Int {
        switch severity {
        case .info: return 0
        case .warning: return 1
        case .error: return 3
        }
    }

    /// An example's input as exports write it: edited text and redactions applied.
    static func shownInput(of id: Int64, store: Store) throws -> String {
        let example = try store.example(id: id)
        return ExampleRedaction.texts(of: example, flags: try store.flags(exampleID: id))["input"] ?? example.input
    }

    /// The number in `value`, if it is one.
    static func number(_ value: JSONValue?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }
}
