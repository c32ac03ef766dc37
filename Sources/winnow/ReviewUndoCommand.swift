import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow review undo`: revert a reviewer's last decision.
struct ReviewUndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo", abstract: "Revert your last decision (recorded as an undo; again goes further back).",
        discussion: """
            An undo that would overwrite someone else's later decision on the same example is refused. Policy
            decisions are undone with --reviewer policy:NAME.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Whose decision (default: $USER, else the login name).")
    var reviewer: String?

    @Option(help: "How many decisions to revert, newest first.")
    var count = 1

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let service = ReviewService(store: try global.openStore())
            let report: DecisionReport
            do {
                report = try service.undo(reviewer: Reviewer.resolve(reviewer), count: count)
            } catch let error as ReviewError {
                throw Failure.blocking(error.description)
            }
            global.emit(report.json) { report.undoSummary }
        }
    }
}
