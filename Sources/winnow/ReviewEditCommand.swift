import ArgumentParser
import WinnowApp

/// `winnow review edit ID --input/--response TEXT`: corrected text kept beside the original.
struct ReviewEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Correct an example's input or response (the original is kept).",
        discussion: "Exports use the edited text; giving the original text again removes the edit.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The example id.")
    var id: Int64

    @Option(help: "The corrected input.")
    var input: String?

    @Option(help: "The corrected response.")
    var response: String?

    @OptionGroup var decision: DecisionOptions

    @Option(help: "Refuse unless the example is still at this version.")
    var expectVersion: Int?

    func run() throws {
        try reportingFailures {
            try DecisionRun.run(
                .edit(input: input, response: response), ids: [id], filter: nil, expectVersion: expectVersion,
                decision: decision, global: global)
        }
    }
}
