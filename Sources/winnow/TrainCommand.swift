import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowStore
import WinnowTrain

/// `winnow train`: LoRA fine-tuning of the encoder on a stored split.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune the encoder with LoRA and a classification head on a split's train part.",
        discussion: """
            Reads the split (default: the newest) as `winnow export` writes it: redactions, edits and relabels
            applied, rejected examples left out. Validates after every epoch on the validation part, stops early
            when it stops improving and keeps the best epoch. Writes a directory Python's peft loads
            (adapter_config.json, adapter_model.safetensors) plus head.safetensors, labels.json, training.json and
            metrics.json, and records a `train` run. Ctrl-C stops after the current step and keeps the last
            completed epoch.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The split to train on (default: the newest).")
    var split: String?

    @Option(help: "The adapter directory (default: adapters/SPLIT next to the store, numbered when taken).")
    var out: String?

    @ArgumentParser.Flag(help: "Replace the adapter in --out.")
    var force = false

    @Option(help: "Passes over the training examples.")
    var epochs = TrainingParameters().epochs

    @Option(help: "Examples per optimiser step.")
    var batchSize = TrainingParameters().batchSize

    @Option(help: "Peak learning rate.")
    var learningRate = TrainingParameters().learningRate

    @Option(help: "LoRA rank.")
    var rank = LoRAConfiguration().rank

    @Option(help: "LoRA alpha (the update is scaled by alpha / rank).")
    var alpha = LoRAConfiguration().alpha

    @Option(help: "LoRA dropout.")
    var dropout: Float = 0

    @Option(
        help: ArgumentHelp(
            "Layers to adapt, comma-separated peft names.",
            valueName: LoRATarget.allCases.map(\.rawValue).joined(separator: ",")))
    var targets = LoRATarget.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Longest token sequence; longer texts are cut.")
    var maxLength = TrainingParameters().maximumLength

    @Option(help: "Epochs without a better validation result before stopping (0: never stop early).")
    var patience = TrainingParameters().earlyStoppingPatience ?? 0

    @Option(help: "Seed of the initial weights, the batch order and dropout.")
    var seed: UInt64 = TrainingParameters().seed

    @Option(help: "Compute threads (default: one per core).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard rank > 0 else { throw ValidationError("--rank must be at least 1") }
        guard patience >= 0 else { throw ValidationError("--patience must not be negative") }
        let parameters = try parameters()
        do {
            try parameters.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func parsedTargets() throws -> [LoRATarget] {
        try targets.split(separator: ",").map { name in
            guard let target = LoRATarget(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError(
                    "unknown LoRA target '\(name)'; known: "
                        + LoRATarget.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return target
        }
    }

    func parameters() throws -> TrainingParameters {
        var parameters = TrainingParameters()
        parameters.lora = LoRAConfiguration(rank: rank, alpha: alpha, dropout: dropout, targets: try parsedTargets())
        parameters.epochs = epochs
        parameters.batchSize = batchSize
        parameters.learningRate = learningRate
        parameters.maximumLength = maxLength
        parameters.earlyStoppingPatience = patience > 0 ? patience : nil
        parameters.seed = seed
        return parameters
    }

    func run() throws {
        try reportingFailures {
            let store = try global.openStore()
            let data: TrainingData
            do {
                data = try TrainingData(store: store, splitName: split)
            } catch let error as SplitStoreError {
                throw Failure.input(error.description)
            }
            let service: TrainingService
            do {
                service = try TrainingService(threads: threads)
            } catch let error as ModelError {
                throw Failure.input(error.description)
            }
            let directory =
                try out.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? Self.defaultDirectory(store: global.storePath, split: data.split.name)
            let line = ProgressLine(enabled: ProgressLine().isEnabled && !global.json)
            let stop = InterruptFlag()
            let stored: StoredTraining
            do {
                stored = try service.train(
                    store: store, data: data, parameters: try parameters(), directory: directory, force: force
                ) { progress in
                    line.update(
                        String(
                            format: "train: epoch %d/%d, step %d/%d, loss %.4f, %.0f examples/s, %@ left",
                            progress.epoch, progress.epochs, progress.step, progress.totalSteps, progress.loss,
                            progress.examplesPerSecond, ProgressLine.formatDuration(progress.secondsLeft)))
                    return !stop.isRaised
                }
            } catch let error as StoredTrainingError {
                line.finish()
                throw Failure.input(error.description)
            } catch let error as TrainingError {
                line.finish()
                throw Failure.input(error.description)
            }
            line.finish()
            global.emit(stored.json) { Self.describe(stored) }
        }
    }

    /// `adapters/NAME` beside the store, or `adapters/NAME-2`, `-3`... when taken.
    static func defaultDirectory(store: String, split: String) throws -> URL {
        let base = URL(fileURLWithPath: store).deletingLastPathComponent().appendingPathComponent("adapters")
        let safe = String(split.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        var candidate = base.appendingPathComponent(safe, isDirectory: true)
        var number = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = base.appendingPathComponent("\(safe)-\(number)", isDirectory: true)
            number += 1
        }
        return candidate
    }

    static func describe(_ stored: StoredTraining) -> String {
        let result = stored.outcome.result
        var lines = [
            "Trained on split \"\(stored.split)\" (run \(stored.runID)): \(stored.counts.training) training and "
                + "\(stored.counts.validation) validation examples, \(result.labels.count) labels"
                + (stored.counts.unlabelled > 0 ? "; \(stored.counts.unlabelled) without a label left out" : ""),
            "",
            "EPOCH  TRAIN LOSS  TRAIN ACC  VAL LOSS  VAL ACC  SECONDS",
        ]
        for record in result.history {
            let marker = record.epoch == result.keptEpoch ? "  (kept)" : ""
            lines.append(
                String(
                    format: "%-5d  %-10.4f  %-9.3f  %-8@  %-7@  %.1f", record.epoch, record.trainingLoss,
                    record.trainingAccuracy, record.validationLoss.map { String(format: "%.4f", $0) } ?? "-",
                    record.validationAccuracy.map { String(format: "%.3f", $0) } ?? "-", record.seconds) + marker)
        }
        let why: String
        switch result.stop {
        case .completed: why = "every epoch ran"
        case .earlyStopping: why = "stopped early: validation stopped improving"
        case .interrupted: why = "interrupted; the last completed epoch is kept"
        }
        lines += [
            "",
            String(
                format: "%@ in %.1f s. Adapter: %@", why.prefix(1).uppercased() + why.dropFirst(), result.seconds,
                stored.directory.path),
            "Next: winnow eval --adapter \(stored.directory.path)",
        ]
        return lines.joined(separator: "\n")
    }
}
