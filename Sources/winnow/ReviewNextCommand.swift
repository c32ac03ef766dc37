import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowTrain

/// `winnow review next`: the interactive review loop.
struct ReviewNextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next", abstract: "Review flagged pending examples one at a time, most impact first.",
        discussion: """
            Keys: a approve, r reject, l relabel (suggested label as default), e edit, t make it a test case,
            s skip, u undo, q quit, ? help. When standard input is not a terminal, one command per line: a, r,
            l [LABEL], e input|response TEXT, t, s, u, q. --suggested walks the examples `winnow suggest` ranks
            first (one per duplicate cluster, weak training points first) instead of the flagged queue.
            """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var selection: SelectionOptions

    @OptionGroup var flagSelection: FlagSelectionOptions

    @Option(help: "Who decides (default: $USER, else the login name).")
    var reviewer: String?

    @ArgumentParser.Flag(help: "Walk the examples `winnow suggest` ranks first instead of the flagged queue.")
    var suggested = false

    @Option(help: "With --suggested: how many.")
    var budget = 20

    @Option(help: "With --suggested: the adapter (default: the one the newest `winnow train` wrote).")
    var adapter: String?

    func validate() throws {
        if budget < 1 { throw ValidationError("--budget must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let service = ReviewService(store: store)
            let filter = flagSelection.narrowing(selection.filter)
            var order: [Int64]?
            if suggested {
                let directory = try Self.adapterDirectory(adapter, store: store)
                do {
                    let training = try TrainingService()
                    order = try training.suggest(
                        store: store, adapter: try training.loadAdapter(at: directory), directory: directory,
                        budget: budget, point: flagSelection.trainingPoint
                    ).suggestions.map(\.id)
                } catch let error as ModelError {
                    throw Failure.input(error.description)
                } catch let error as TrainingError {
                    throw Failure.input(error.description)
                }
            }
            let terminal = TerminalConsole.isAvailable ? TerminalConsole() : nil
            defer { terminal?.close() }
            let console: any ReviewConsole = terminal ?? LineConsole()
            do {
                try InteractiveReview(
                    service: service, reviewer: Reviewer.resolve(reviewer), filter: filter, console: console,
                    order: order
                ).run()
            } catch let error as ReviewError {
                throw Failure.input(error.description)
            }
        }
    }
}
