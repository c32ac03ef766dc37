import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowLinalg
import WinnowTrain

/// `winnow-bench train`: LoRA fine-tuning on BANKING77 (full train set), evaluated on its test set.
struct TrainBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fine-tune MiniLM with LoRA on BANKING77 and measure test accuracy, time per epoch, examples/s.")

    @Option(
        help: """
            Training data: CSV or JSONL with a text column (`text`, `utterance`, `instruction`...) and a label column \
            (`category`, `label`, `intent`...).
            """)
    var train = "../shared/datasets/banking77/train.csv"

    @Option(help: "Test data, as the training data.")
    var test = "../shared/datasets/banking77/test.csv"

    @Option(help: "Model directory (default: the installed model, $WINNOW_HOME or the cache).")
    var model: String?

    @Option(help: "Threads for OpenBLAS and the kernels.")
    var threads = 2

    @Option(help: "Use only the first N training examples (0: all).")
    var limit = 0

    @Option(help: "Keep only the first N training examples of each label (0: all): the few-shot case.")
    var perLabel = 0

    @Option(help: "Epochs.")
    var epochs = TrainingParameters().epochs

    @Option(help: "Batch size.")
    var batchSize = 32

    @Option(help: "Peak learning rate of the LoRA matrices.")
    var learningRate: Float = 1e-3

    @Option(help: "Peak learning rate of the head (default: the LoRA rate).")
    var headLearningRate: Float?

    @Option(help: "Warm-up share of all steps.")
    var warmup: Float = 0.1

    @Option(help: "AdamW weight decay.")
    var weightDecay: Float = 0.01

    @Option(help: "LoRA rank.")
    var rank = 16

    @Option(help: "LoRA alpha.")
    var alpha: Float = 32

    @Option(help: "LoRA dropout.")
    var dropout: Float = 0

    @Option(help: "LoRA targets (peft names), comma-separated.")
    var targets = LoRATarget.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Longest token sequence.")
    var maximumLength = 128

    @ArgumentParser.Flag(help: "Head over the unit-length pooled vector (default: the plain pooled vector).")
    var normalizedHead = false

    @Option(help: "Logit scale of the head.")
    var logitScale: Float = 1

    @ArgumentParser.Flag(inversion: .prefixedNo, help: "Fit the head on frozen embeddings first (linear probing).")
    var linearProbe = true

    @Option(help: "L2 penalty of the linear probe, at least 1/examples (0: 1/examples, scikit-learn's C = 1).")
    var probeRegularization: Float = TrainingParameters().probeRegularization ?? 0

    @Option(help: "Batch order: length-sorted or shuffled.")
    var batchOrder = "length-sorted"

    @Option(help: "Seed.")
    var seed: UInt64 = 42

    @Option(help: "Write the adapter directory here.")
    var out: String?

    @ArgumentParser.Flag(
        help: "Evaluate on the test set after every epoch (for the experiments table; the kept epoch is the last).")
    var testEveryEpoch = false

    @ArgumentParser.Flag(help: "Skip the test-set evaluation (for profiling the training loop).")
    var skipTest = false

    func run() throws {
        let directory = try model.map { URL(fileURLWithPath: $0) } ?? ModelStore().locate()
        let encoder = try SentenceEncoder(modelDirectory: directory, threads: threads)
        var training = try Self.read(train)
        if limit > 0 { training = Array(training.prefix(limit)) }
        if perLabel > 0 {
            var seen: [String: Int] = [:]
            training = training.filter { example in
                seen[example.label, default: 0] += 1
                return seen[example.label, default: 0] <= perLabel
            }
        }
        let testing = try Self.read(test)
        var parameters = TrainingParameters()
        parameters.lora = LoRAConfiguration(
            rank: rank, alpha: alpha, dropout: dropout,
            targets: try targets.split(separator: ",").map { name in
                guard let target = LoRATarget(rawValue: String(name)) else {
                    throw ValidationError("unknown target \(name)")
                }
                return target
            })
        parameters.epochs = epochs
        parameters.batchSize = batchSize
        parameters.learningRate = learningRate
        parameters.headLearningRate = headLearningRate
        parameters.warmupFraction = warmup
        parameters.weightDecay = weightDecay
        parameters.maximumLength = maximumLength
        parameters.headNormalizesInput = normalizedHead
        parameters.headLogitScale = logitScale
        parameters.linearProbe = linearProbe
        parameters.probeRegularization = probeRegularization > 0 ? probeRegularization : nil
        parameters.seed = seed
        guard let order = BatchOrder(rawValue: batchOrder) else { throw ValidationError("unknown batch order") }
        parameters.batchOrder = order
        print("machine: \(MachineDescription.current); threads: \(threads)")
        print("training \(training.count) examples, testing \(testing.count); \(parameters)")
        let labels = Array(Set(training.map(\.label))).sorted()
        let trainer = LoRATrainer(base: encoder.model, tokenizer: encoder.tokenizer, parameters: parameters)
        let tokens = training.reduce(0) { $0 + trainer.tokenIDs($1.text).count }
        print("training tokens per epoch: \(tokens)")
        let cpuStart = EmbedBenchmark.processCPUSeconds()
        var lastEpoch = 0
        let result = try trainer.train(
            training,
            progress: { progress in
                if progress.epoch != lastEpoch || progress.step % 50 == 0 {
                    lastEpoch = progress.epoch
                    let line = String(
                        format: "  epoch %d step %d/%d loss %.4f %.1f examples/s, %.0f s left\n", progress.epoch,
                        progress.step, progress.totalSteps, progress.loss, progress.examplesPerSecond,
                        progress.secondsLeft)
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
                return true
            },
            epochCompleted: { record, adapter, head in
                guard testEveryEpoch else { return }
                let classifier = TextClassifier(
                    tokenizer: encoder.tokenizer, base: encoder.model, adapter: adapter, head: head, labels: labels)
                let line = String(
                    format: "epoch %d: loss %.4f, %.1f s, test accuracy %.4f\n", record.epoch, record.trainingLoss,
                    record.seconds, Self.accuracy(classifier, testing))
                FileHandle.standardOutput.write(Data(line.utf8))
            })
        let cpu = EmbedBenchmark.processCPUSeconds() - cpuStart
        print(String(format: "training: %.1f s wall, %.1f s CPU", result.seconds, cpu))
        if skipTest { return }
        for record in result.history {
            print(
                String(
                    format: "epoch %d: loss %.4f, train accuracy %.4f, %.1f s, %.1f examples/s", record.epoch,
                    record.trainingLoss, record.trainingAccuracy, record.seconds, record.examplesPerSecond))
        }
        let classifier = TextClassifier(
            tokenizer: encoder.tokenizer, base: encoder.model, adapter: result.adapter, head: result.head,
            labels: result.labels)
        let accuracy = Self.accuracy(classifier, testing)
        if let out {
            let record: JSONValue = [
                "parameters": parameters.json, "seed": .number(Double(parameters.seed)), "split": .null,
                "data": [
                    "training": TrainingService.dataRecord(
                        training.map { EvaluationExample(text: $0.text, label: $0.label) }),
                    "source": .string(URL(fileURLWithPath: train).lastPathComponent),
                ],
                "labels": .number(Double(result.labels.count)),
                "command": .string(CommandLine.arguments.dropFirst().joined(separator: " ")),
            ]
            let metrics: JSONValue = [
                "history": .array(result.history.map(\.json)), "kept_epoch": .number(Double(result.keptEpoch)),
                "stop": .string(result.stop.rawValue), "test_accuracy": .number((accuracy * 10_000).rounded() / 10_000),
                "test_file": .string(URL(fileURLWithPath: test).lastPathComponent),
            ]
            try AdapterDirectory.write(
                TrainedAdapter(
                    adapter: result.adapter, head: result.head, labels: result.labels, training: record,
                    metrics: metrics),
                to: URL(fileURLWithPath: out, isDirectory: true))
            print("adapter written to \(out)")
        }
        if let probe = result.probeHead {
            let frozen = TextClassifier(
                tokenizer: encoder.tokenizer, base: encoder.model, adapter: nil, head: probe, labels: result.labels)
            print(String(format: "linear probe alone test accuracy: %.4f", Self.accuracy(frozen, testing)))
        }
        // The baseline `winnow eval` compares with: the frozen encoder and a head fitted with L2 1/n (C = 1).
        let baseline = TrainingService(encoder: encoder, modelDirectory: directory).baseline(
            for: TrainedAdapter(
                adapter: result.adapter, head: result.head, labels: result.labels, training: .null, metrics: .null),
            training: training.map { EvaluationExample(text: $0.text, label: $0.label) })
        print(String(format: "frozen baseline (eval's, C = 1) test accuracy: %.4f", Self.accuracy(baseline, testing)))
        print(String(format: "test accuracy: %.4f", accuracy))
        print(
            String(
                format: "total %.1f s (%.1f s CPU), %.1f s per epoch", result.seconds, cpu,
                result.history.map(\.seconds).reduce(0, +) / Double(max(1, result.history.count))))
        print("machine at the end: \(MachineDescription.current)")
    }

    static func accuracy(_ classifier: TextClassifier, _ examples: [LabeledText]) -> Double {
        let predictions = classifier.predict(examples.map(\.text), top: 1)
        let correct = zip(predictions, examples).filter { $0.label == $1.label }.count
        return Double(correct) / Double(max(1, examples.count))
    }

    /// Column names a labelled data set's text goes by, in order of preference.
    static let textColumns = ["text", "utterance", "sentence", "query", "instruction", "question", "input", "content"]
    /// Column names its label goes by, in order of preference.
    static let labelColumns = ["category", "label", "intent", "class", "label_text", "intent_name"]

    /// A labelled data set: a CSV with a header, or JSONL (one object per line), whose text and label columns go by
    /// a common name (`text`/`utterance`/`instruction`..., `category`/`label`/`intent`...).
    static func read(_ path: String) throws -> [LabeledText] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read \(path)")
        }
        let expected =
            "\(path) needs a text column (\(textColumns.joined(separator: ", "))) and a label column"
            + " (\(labelColumns.joined(separator: ", ")))"
        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
            var examples: [LabeledText] = []
            for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                guard let object = (try? JSONParser.parse(String(line)))?.objectValue,
                    let textKey = textColumns.first(where: { object[$0]?.scalarText != nil }),
                    let labelKey = labelColumns.first(where: { object[$0]?.scalarText != nil }),
                    let body = object[textKey]?.scalarText, let label = object[labelKey]?.scalarText
                else { throw ValidationError(expected + "; line \(number + 1) has none") }
                examples.append(LabeledText(text: body, label: label))
            }
            return examples
        }
        let rows = CSVRows.parse(text)
        let header = rows.first?.map { $0.lowercased() } ?? []
        guard let textColumn = textColumns.lazy.compactMap(header.firstIndex(of:)).first,
            let labelColumn = labelColumns.lazy.compactMap(header.firstIndex(of:)).first
        else { throw ValidationError(expected) }
        return rows.dropFirst().compactMap { row in
            row.count > max(textColumn, labelColumn)
                ? LabeledText(text: row[textColumn], label: row[labelColumn]) : nil
        }
    }
}
