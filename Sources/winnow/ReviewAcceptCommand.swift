import ArgumentParser
import WinnowApp
import WinnowStore

/// `winnow review accept ID...` (or by filter): take the label each example's flags suggest and approve it.
struct ReviewAcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept the suggested label: relabel each example to it and approve it.",
        discussion: ReviewCommand.selectionHelp
            + "\n"
                + """

                The suggestion is the most confident one the example's label flags make (the label audit's, or a \
                rule's such as label-allowed); examples without one are left alone and listed. To settle a group at \
                once, look at it first: `winnow list --suggestion LABEL` or the web queue's Suggested filter, then \
                `winnow review accept --suggestion LABEL` (add --min-confidence to take only the surer ones).
                """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Example ids (or select by filter instead).")
    var ids: [Int64] = []

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var flagSelection: FlagSelectionOptions

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Refuse unless the example is still at this version (one id only).")
    var expectVersion: Int?

    func run() throws {
        try reportingFailures {
            let service = ReviewService(store: try global.openStore())
            let reviewer = decision.reviewerName
            let report: AcceptReport
            let filter = selection.isEmpty && flagSelection.isEmpty ? nil : flagSelection.narrowing(selection.filter)
            do {
                switch try DecisionRun.selection(ids: ids, filter: filter, expectVersion: expectVersion) {
                case .ids(let ids, let versions):
                    report = try service.acceptSuggestions(
                        ids: ids, reviewer: reviewer, note: decision.note, versions: versions)
                case .filter(let filter):
                    report = try service.acceptSuggestions(filter: filter, reviewer: reviewer, note: decision.note)
                }
            } catch let error as ReviewError {
                throw Failure.input(error.description)
            }
            global.emit(report.json) { report.summary }
            try DecisionRun.failIfRefused(report.decisions.stale.count)
        }
    }
}
