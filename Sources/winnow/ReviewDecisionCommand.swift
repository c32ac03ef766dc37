import ArgumentParser
import WinnowApp
import WinnowStore

/// A decision that needs nothing but the examples: approve, reject, reset.
protocol PlainDecision {
    static var action: ReviewAction { get }
    static var abstract: String { get }
}

/// `winnow review approve|reject|reset ID...` (or by filter): one command shape for the three plain decisions.
struct ReviewDecisionCommand<Decision: PlainDecision>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Decision.action.name, abstract: Decision.abstract, discussion: ReviewCommand.selectionHelp)
    }

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
            let filter = selection.isEmpty && flagSelection.isEmpty ? nil : flagSelection.narrowing(selection.filter)
            try DecisionRun.run(
                Decision.action, ids: ids, filter: filter, expectVersion: expectVersion, decision: decision,
                global: global)
        }
    }
}

/// `winnow review approve`.
enum ApproveDecision: PlainDecision {
    static let action = ReviewAction.approve
    static let abstract = "Approve examples: keep them for training."
}

/// `winnow review reject`.
enum RejectDecision: PlainDecision {
    static let action = ReviewAction.reject
    static let abstract = "Reject examples: leave them out of exports (nothing is deleted)."
}

/// `winnow review reset`.
enum ResetDecision: PlainDecision {
    static let action = ReviewAction.reset
    static let abstract = "Reset examples to pending, without label override or edits."
}
