import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowStore
import WinnowTrain

/// `winnow eval`: per-training-point results of an adapter on a split's test part, before and after training.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Test an adapter per training point: accuracy before and after training, with intervals.",
        discussion: """
            Before: the frozen encoder with a head fitted on the same train part (the honest baseline). After: the
            adapter. For every training point (the `training_point` field, else the label): test cases, accuracy
            before and after, the change with a 95% interval, each failing test case with its predicted label and
            the nearest training examples. Overall accuracy, macro-F1 and the confusion matrix. Prints Markdown
            (or JSON with --json), and records an `eval` run that `winnow report` draws.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The adapter directory (default: the one the newest `winnow train` wrote).")
    var adapter: String?

    @Option(help: "The split whose test part is used (default: the split the adapter was trained on).")
    var split: String?

    @Option(help: "Also write the evaluation here: Markdown, or JSON when the name ends in .json.")
    var out: String?

    @Option(help: "Compare with an earlier adapter: an eval or train run id, or an adapter directory.")
    var against: String?

    @ArgumentParser.Flag(
        help: "With --against: exit 1 when a training point (or the whole) got significantly worse.")
    var failOnRegression = false

    @Option(help: "Compute threads (default: one per core).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if failOnRegression && against == nil { throw ValidationError("--fail-on-regression needs --against") }
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let directory = try Self.adapterDirectory(adapter, store: store)
            let service: TrainingService
            do {
                service = try TrainingService(threads: threads)
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            let stored: StoredEvaluation
            do {
                let trained = try service.loadAdapter(at: directory)
                let splitName = split ?? trained.training.objectValue?["split"]?.scalarText
                let data = try TrainingData(store: store, splitName: splitName)
                let earlier = try against.map { try TrainingService.adapterDirectory($0, store: store) }
                stored = try service.evaluate(
                    store: store, adapter: trained, directory: directory, data: data, against: earlier)
            } catch let error as SplitStoreError {
                throw Failure.input(error.description)
            } catch let error as StoredTrainingError {
                throw Failure.input(error.description)
            } catch let error as TrainingError {
                throw Failure.input(error.description)
            }
            if let out {
                let url = URL(fileURLWithPath: out)
                let text = url.pathExtension.lowercased() == "json" ? stored.json.serialized : stored.markdown
                do {
                    try Data(text.utf8).write(to: url, options: .atomic)
                } catch {
                    throw Failure.input("cannot write \(out): \((error as NSError).localizedDescription)")
                }
            }
            global.emit(stored.json) {
                "Evaluated \(stored.adapter.path) on the test part of split \"\(stored.split)\" "
                    + "(run \(stored.runID))" + (stored.cases.map { " and on \($0.overall.count) test cases" } ?? "")
                    + ".\n\n" + stored.markdown
            }
            if failOnRegression, let comparison = stored.comparison, !comparison.comparison.regressions.isEmpty {
                let names = comparison.comparison.regressions.map { $0.trainingPoint ?? "all cases" }
                throw Failure.blocking(
                    "regression against \(comparison.against.path): " + names.joined(separator: ", "))
            }
        }
    }
}

extension ParsableCommand {
    /// The adapter directory `--adapter` names, else the one the newest `winnow train` wrote.
    static func adapterDirectory(_ option: String?, store: Store) throws -> URL {
        guard
            let directory = try option.map({ URL(fileURLWithPath: $0, isDirectory: true) })
                ?? TrainingService.latestAdapter(in: store)
        else {
            throw Failure.input("no adapter: run `winnow train` first, or give --adapter DIR")
        }
        return directory
    }
}
