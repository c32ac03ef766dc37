import ArgumentParser
import Foundation
import WinnowApp
import WinnowEncoder
import WinnowTrain

/// `winnow predict --adapter DIR TEXT...`: classify texts with a trained adapter (no store needed).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify texts with a trained adapter: the most probable labels and their probabilities.",
        discussion: """
            The adapter (a directory written by training: adapter_config.json, adapter_model.safetensors,
            head.safetensors, labels.json) is merged into the installed model's weights; no store is used.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The adapter directory.")
    var adapter: String

    @Option(help: "How many labels to show per text.")
    var top = 3

    @Option(help: "Compute threads (default: one per core).")
    var threads: Int?

    @Argument(help: "The texts to classify.")
    var texts: [String]

    func validate() throws {
        guard !texts.isEmpty else { throw ValidationError("give at least one text to classify") }
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try reportingFailures {
            let service: TrainingService
            do {
                service = try TrainingService(threads: threads)
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            let report: PredictionReport
            do {
                report = try PredictionReport(
                    service: service, adapter: URL(fileURLWithPath: adapter, isDirectory: true), texts: texts, top: top)
            } catch {
                throw Failure.input("\(error)")
            }
            global.emit(report.json) { report.text }
        }
    }
}
