import ArgumentParser
import WinnowApp
import WinnowCore
import WinnowStore

/// `winnow review relabel ID... --label L`: a reviewer's label, kept beside the imported one.
struct ReviewRelabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relabel", abstract: "Give examples a new label (the imported label is kept beside it).",
        discussion: ReviewCommand.selectionHelp
            + "\nHere --label is the new label; select by the current label with --from.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Example ids (or select by filter instead).")
    var ids: [Int64] = []

    @Option(help: "The new label (the imported one again removes the override).")
    var label: String

    @Option(help: "Only examples whose current label is this.")
    var from: String?

    @Option(help: "Only examples with this review status: pending, approved or rejected.")
    var status: String?

    @Option(help: "Only examples from this source file (path or its ending).")
    var source: String?

    @OptionGroup var flagSelection: FlagSelectionOptions

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Refuse unless the example is still at this version (one id only).")
    var expectVersion: Int?

    func validate() throws {
        try SelectionOptions.validate(status: status)
    }

    func run() throws {
        try reportingFailures {
            let selected = from != nil || status != nil || source != nil || !flagSelection.isEmpty
            let filter = flagSelection.narrowing(
                ExampleFilter(status: status.flatMap(ReviewStatus.init(rawValue:)), label: from, source: source))
            try DecisionRun.run(
                .relabel(label), ids: ids, filter: selected ? filter : nil, expectVersion: expectVersion,
                decision: decision, global: global)
        }
    }
}
