import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowStore
import WinnowTrain

/// `winnow suggest`: the pending examples worth labelling next.
struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "Rank pending examples by how much labelling them should help.",
        discussion: """
            Uses an adapter (default: the newest `winnow train` wrote): its uncertainty on each pending example (the
            margin between its top two labels), the example's closeness to the cases it gets wrong (the test part of
            its split and the test cases), and how weak each training point is there. Never two examples of one
            duplicate cluster; the budget is spread over the training points in proportion to their weakness. Each
            suggestion says why.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "How many examples to suggest.")
    var budget = 20

    @Option(help: "The adapter directory (default: the one the newest `winnow train` wrote).")
    var adapter: String?

    @Option(help: "Only suggestions for this training point.")
    var point: String?

    @Option(help: "Compute threads (default: one per core).")
    var threads: Int?

    func validate() throws {
        if budget < 1 { throw ValidationError("--budget must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let directory = try Self.adapterDirectory(adapter, store: store)
            let report: SuggestReport
            do {
                let service = try TrainingService(threads: threads)
                let trained = try service.loadAdapter(at: directory)
                report = try service.suggest(
                    store: store, adapter: trained, directory: directory, budget: budget, point: point)
            } catch let error as ModelError {
                throw Failure.input(error.description)
            } catch let error as TrainingError {
                throw Failure.input(error.description)
            }
            global.emit(report.json) {
                guard !report.suggestions.isEmpty else {
                    return "No pending example to suggest (\(report.candidates) considered)."
                }
                var lines = [
                    "\(report.suggestions.count) of \(report.candidates) pending examples, best first "
                        + "(\(report.failingCases) cases failing with \(directory.lastPathComponent)):"
                ]
                for suggestion in report.suggestions {
                    lines.append(
                        "#\(suggestion.id) [\(suggestion.trainingPoint)] score "
                            + String(format: "%.3f", suggestion.score))
                    for reason in suggestion.reasons { lines.append("    \(reason)") }
                }
                lines.append("Review them with `winnow review next` or `winnow show ID`.")
                return lines.joined(separator: "\n")
            }
        }
    }
}
