import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowRules
import WinnowStore

/// `winnow check`: run the rule files and store their findings as flags.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the rule files (Rules/ plus any --rules DIR) over the examples and store flags.",
        discussion: """
            A re-run replaces the flags of the rules it ran. Exits 1 when an error-severity rule fired.
            token_length rules need the model's vocabulary (`winnow model fetch`); without it they are skipped
            and listed.

            On a PostgreSQL store, `winnow check` processes on any machines share a check: one starts the run and
            queues the examples (every one, or those the selection matches then), the others (with the same rules
            and selection) join it; each claims
            --chunk-size examples at a time for --lease seconds, and a batch whose worker died is taken over once
            its lease ends. Each reports what it stored; the last to finish writes the run's totals.
            """)

    func validate() throws {
        guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
        guard lease > 0 else { throw ValidationError("--lease must be positive") }
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("rules"), help: "A directory of extra rule files (adds rules or overrides by id).")
    var ruleDirectories: [String] = []

    @OptionGroup var selection: SelectionOptions

    @Option(help: "PostgreSQL store: this worker's name when several share the check (default: HOST:PID).")
    var worker: String?

    @Option(help: "PostgreSQL store: seconds a claimed batch stays this worker's before others may take it over.")
    var lease: Double = 300

    @Option(help: "PostgreSQL store: examples claimed and stored at a time.")
    var chunkSize = 2_000

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let service = CheckService(extra: ruleDirectories.map { URL(fileURLWithPath: $0) })
            let filter: ExampleFilter? = selection.isEmpty ? nil : selection.filter
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let started = Date()
            let report: CheckReport
            do {
                report = try service.run(
                    store: store, filter: filter, tokenCounter: CheckService.installedTokenCounter(), worker: worker,
                    chunkSize: chunkSize, lease: lease
                ) { done, total in
                    line.update(
                        "check: "
                            + ProgressLine.describe(
                                done: Double(done), total: Double(total), elapsed: Date().timeIntervalSince(started),
                                unit: "examples"))
                }
            } catch let error as RuleError {
                throw Failure.input(error.description)
            }
            line.finish()
            global.emit(report.json) { CheckCommand.describe(report) }
            if report.hasErrors {
                throw Failure.blocking("error-severity rules fired; see `winnow flags --severity error`")
            }
        }
    }

    static func describe(_ report: CheckReport) -> String {
        var lines = [
            "\(TextTable.cell("RULE", 28)) \(TextTable.cell("SEVERITY", 8)) \(TextTable.cell("ACTION", 7)) "
                + "\(TextTable.cell("HITS", 6)) EXAMPLES"
        ]
        for rule in report.rules {
            lines.append(
                "\(TextTable.cell(rule.ruleID, 28)) \(TextTable.cell(rule.severity.rawValue, 8)) "
                    + "\(TextTable.cell(rule.action, 7)) \(TextTable.cell(String(rule.hits), 6)) \(rule.examples)")
        }
        for skipped in report.unavailable { lines.append("skipped \(skipped.ruleID): \(skipped.reason)") }
        for softened in report.softened { lines.append("\(softened.ruleID) \(softened.reason)") }
        let flags = report.rules.reduce(0) { $0 + $1.hits }
        var summary = "Checked \(report.examples) examples: \(flags) flags (run \(report.runID))"
        if report.rejected > 0 { summary += ", \(report.rejected) rejected by reject rules" }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }
}
