import ArgumentParser
import WinnowApp
import WinnowCore

/// `winnow review next`: the interactive review loop.
struct ReviewNextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next", abstract: "Review flagged pending examples one at a time, most impact first.",
        discussion: """
            Keys: a approve, r reject, l relabel (suggested label as default), e edit, s skip, u undo, q quit,
            ? help. When standard input is not a terminal, one command per line: a, r, l [LABEL],
            e input|response TEXT, s, u, q.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var flagSelection: FlagSelectionOptions

    @Option(help: "Who decides (default: $USER, else the login name).")
    var reviewer: String?

    func run() throws {
        try reportingFailures {
            let service = ReviewService(store: try global.openStore())
            let filter = flagSelection.narrowing(selection.filter)
            let terminal = TerminalConsole.isAvailable ? TerminalConsole() : nil
            defer { terminal?.close() }
            let console: any ReviewConsole = terminal ?? LineConsole()
            do {
                try InteractiveReview(
                    service: service, reviewer: Reviewer.resolve(reviewer), filter: filter, console: console
                ).run()
            } catch let error as ReviewError {
                throw Failure.input(error.description)
            }
        }
    }
}
