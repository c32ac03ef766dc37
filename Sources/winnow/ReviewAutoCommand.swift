import ArgumentParser
import WinnowApp
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

    func run() throws {
        try reportingFailures {
            let loaded: ReviewPolicy
            do {
                loaded = try ReviewPolicy.load(policy)
            } catch let error as PolicyError {
                throw Failure.input(error.description)
            }
            let report = try ReviewService(store: try global.openStore()).apply(loaded, dryRun: dryRun)
            global.emit(report.json) { ReviewAutoCommand.describe(report) }
        }
    }

    static func describe(_ report: PolicyReport) -> String {
        let policy = report.policy
        var lines = ["Policy \(policy.name) (\(policy.origin)): \(policy.description)"]
        for (index, rule) in policy.rules.enumerated() {
            lines.append("  \(index + 1). \(rule.id): \(rule.action.rawValue) when \(rule.conditions)")
        }
        lines.append(report.dryRun ? "Dry run: nothing is changed." : "Decisions recorded as \(policy.reviewer).")
        lines.append("")
        for rule in policy.rules {
            let changes = report.proposals(of: rule)
            let verb = report.dryRun ? "would change" : "changed"
            lines.append("\(rule.id): \(verb) \(changes.count) example\(changes.count == 1 ? "" : "s")")
            for change in changes.prefix(50) {
                lines.append(
                    "  \(TextTable.cell("#\(change.exampleID)", 6)) \(TextTable.cell(change.change, 24)) \(change.reason)"
                )
            }
            if changes.count > 50 { lines.append("  ... \(changes.count - 50) more (--json lists all)") }
        }
        for stale in report.stale { lines.append("refused: \(stale.description)") }
        lines.append("")
        var summary =
            "Considered \(report.considered) examples; \(report.leftPending) pending left for a person"
        if report.decidedByPeople > 0 { summary += "; \(report.decidedByPeople) decided by a person, left alone" }
        if let run = report.runID { summary += " (run \(run))" }
        lines.append(summary + ".")
        return lines.joined(separator: "\n")
    }
}
