import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowReview
import WinnowStore

/// `winnow review auto`: apply a review policy.
struct ReviewAutoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto",
        abstract: "Apply a review policy (built-in `default`, or a YAML file) to undecided examples.",
        discussion: """
            Examples a person decided are never changed by a policy. Decisions are recorded by policy:NAME and can
            be undone with `winnow review undo --reviewer policy:NAME --count N`. See `winnow review policy`.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "A built-in policy name or a policy file.")
    var policy = "default"

    @ArgumentParser.Flag(help: "Show what would change, rule by rule, without changing anything.")
    var dryRun = false

    @Option(help: "List at most this many changes per rule in the text output (0: all; --json always lists all).")
    var show = 50

    func validate() throws {
        guard show >= 0 else { throw ValidationError("--show must not be negative") }
    }

    func run() throws {
        try reportingFailures {
            let loaded = try DecisionRun.policy(policy)
            let report = try ReviewService(store: try global.openStore()).apply(loaded, dryRun: dryRun)
            global.emit(report.json) { ReviewAutoCommand.describe(report, show: show) }
        }
    }

    static func describe(_ report: PolicyReport, show: Int) -> String {
        let policy = report.policy
        var lines = ["Policy \(policy.name) (\(policy.origin)): \(policy.description)"]
        for (index, rule) in policy.rules.enumerated() {
            lines.append("  \(index + 1). \(rule.id): \(rule.action.rawValue) when \(rule.conditions)")
        }
        lines.append(report.dryRun ? "Dry run: nothing is changed." : "Decisions recorded as \(policy.reviewer).")
        if !report.checksWithoutFlags.isEmpty {
            lines.append(
                "Note: no example has a flag of " + report.checksWithoutFlags.joined(separator: ", ")
                    + " yet (run `winnow dedup` and `winnow audit` first, or rules needing them match nothing).")
        }
        if policy.rules.contains(where: { $0.minimumEstimatedPrecision != nil }) {
            if let estimate = report.fixPrecision, let unmeasured = estimate.unmeasured {
                lines.append("No relabel: the audit's fix precision was not measured: \(unmeasured).")
            } else if let estimate = report.fixPrecision {
                lines.append("Audit's measured precision of its label fixes, by confidence: \(estimate.summary)")
                lines.append(
                    report.fixThreshold.map { threshold in
                        String(format: "Relabels from confidence %.2f up (", threshold)
                            + estimate.describe(threshold: threshold) + ")."
                    }
                        ?? "No relabel: "
                        + (estimate.caution ?? "no confidence reaches the precision the policy asks for") + ".")
            } else {
                lines.append("Note: the last audit stored no precision estimate (run `winnow audit`): no relabel.")
            }
        }
        lines.append("")
        for rule in policy.rules {
            let changes = report.proposals(of: rule)
            let verb = report.dryRun ? "would change" : "changed"
            lines.append("\(rule.id): \(verb) \(changes.count) example\(changes.count == 1 ? "" : "s")")
            let shown = show == 0 ? changes.count : show
            for change in changes.prefix(shown) {
                lines.append(
                    "  \(TextTable.cell("#\(change.exampleID)", 6)) \(TextTable.cell(change.change, 24)) \(change.reason)"
                )
            }
            if changes.count > shown {
                lines.append("  ... and \(changes.count - shown) more (--show 0 or --json lists all)")
            }
        }
        for stale in report.stale { lines.append("refused: \(stale.description)") }
        lines.append("")
        var summary =
            "Considered \(report.considered) examples; \(report.leftPending) pending left for a person"
        if report.decidedByPeople > 0 { summary += "; \(report.decidedByPeople) decided by a person, left alone" }
        if let run = report.runID { summary += " (run \(run))" }
        lines.append(summary + ".")
        let heldBack = report.heldBack
        if !heldBack.isEmpty {
            lines.append(
                "Held back by (pending examples with a warning or error of each check): "
                    + heldBack.map { "\($0.check) \($0.examples)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
