import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowReport

/// `winnow report`: one self-contained HTML page about the curation round.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: data, findings, decisions, splits and training results.",
        discussion: """
            The file has inline CSS and SVG charts and makes no external request: it opens from disk in any \
            browser. Every number is read from the store, and each section names the stored run it comes from. \
            Charts aggregate and tables show their first rows, so the file stays small for any store.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The HTML file to write.")
    var out = "report.html"

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out must name a file") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let outcome: ReportOutcome
            do {
                outcome = try ReportService().write(store: store, to: URL(fileURLWithPath: out))
            } catch let error as ReportWriteError {
                throw Failure.input(error.description)
            }
            global.emit(outcome.json) {
                "Wrote \(outcome.path) (\(ReportNumber.count(outcome.bytes / 1024)) KB, "
                    + "\(outcome.sections.count) sections, run \(outcome.runID))."
            }
        }
    }
}
