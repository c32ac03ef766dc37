import Foundation
import WinnowCore
import WinnowReport
import WinnowStore

/// The section about what the last review policy run (`winnow curate` or `winnow review auto`) did.
extension ReportService {
    func curation(runs: [RunInfo]) -> ReportSection {
        guard let run = Self.latest("review auto", in: runs) else {
            return ReportSection(
                id: "curation", title: "What curation did",
                lead: "No review policy has run yet: `winnow curate` runs the whole pipeline.", content: [])
        }
        let summary = run.summary
        func count(_ key: String) -> Int { summary[key]?.scalarText.flatMap { Int($0) } ?? 0 }
        var content: [HTMLFragment] = [
            .tiles([
                (ReportNumber.count(count("approved")), "kept (approved)"),
                (ReportNumber.count(count("relabelled")), "relabelled"),
                (ReportNumber.count(count("rejected")), "rejected"),
                (ReportNumber.count(count("left_pending")), "left for a person"),
            ])
        ]
        let actions = summary["actions"]?.objectValue ?? JSONObject()
        if case .object(let changes)? = summary["changes"] {
            content.append(.heading("Decisions by rule (the rule names the reason)"))
            content.append(
                .table(
                    ReportTable(
                        columns: [.init("rule"), .init("action"), .init("examples", numeric: true)],
                        rows: changes.map { rule, value in
                            [
                                rule, actions[rule]?.scalarText ?? "",
                                ReportNumber.count(value.scalarText.flatMap { Int($0) } ?? 0),
                            ]
                        })))
        }
        if case .object(let heldBack)? = summary["held_back_by"], !heldBack.isEmpty {
            content.append(.heading("Left for a person, by the check that holds them back"))
            content.append(
                .table(
                    ReportTable(
                        columns: [.init("check"), .init("pending examples with its warning or error", numeric: true)],
                        rows: heldBack.map { check, value in
                            [check, ReportNumber.count(value.scalarText.flatMap { Int($0) } ?? 0)]
                        })))
        }
        var provenance = [Self.describe(run)]
        if let audit = Self.latest("audit", in: runs), let value = audit.summary["fix_precision"],
            let estimate = FixPrecisionEstimate(json: value)
        {
            provenance.append(Self.describe(audit))
            let threshold = summary["fix_threshold"]?.scalarText.flatMap { Double($0) }
            content.append(
                .heading(
                    "The audit's measured precision of its label fixes (\(estimate.provenance))"
                        + (threshold.map { String(format: "; relabelled from confidence %.2f up", $0) }
                            ?? (estimate.caution ?? estimate.unmeasured.map { "not measured: " + $0 }).map {
                                "; nothing relabelled: " + $0
                            } ?? "")))
            content.append(
                .table(
                    ReportTable(
                        columns: [
                            .init("confidence"), .init("suggestions", numeric: true),
                            .init("expected correct", numeric: true), .init("precision", numeric: true),
                            .init("precision from here up", numeric: true),
                            .init("one standard error lower", numeric: true),
                        ],
                        rows: estimate.bands.reversed().filter { $0.suggestions > 0 }.map { band in
                            [
                                String(format: "%.2f–%.2f", band.lower, band.upper),
                                ReportNumber.count(band.suggestions),
                                ReportNumber.count(band.correct),
                                band.precision.map { String(format: "%.3f", $0) } ?? "",
                                estimate.precision(from: band.lower).map { String(format: "%.3f", $0) } ?? "",
                                estimate.cautiousPrecision(from: band.lower).map { String(format: "%.3f", $0) } ?? "",
                            ]
                        })))
        }
        let policy = summary["policy"]?.scalarText ?? "?"
        return ReportSection(
            id: "curation", title: "What curation did",
            lead:
                "Policy \(policy) considered \(ReportNumber.counted(count("considered"), "example")): what it kept, "
                + "relabelled and rejected, by rule, and what it left for a person and why.",
            provenance: provenance, content: content)
    }
}
