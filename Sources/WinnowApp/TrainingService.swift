import Foundation
import WinnowCore
import WinnowEncoder
import WinnowLinalg
import WinnowTrain

/// What a training run produced: the adapter as it is written to disk, and the run's record.
public struct TrainingOutcome: Sendable {
    /// The adapter, head, labels and the `training.json` / `metrics.json` records.
    public var adapter: TrainedAdapter
    /// The run: history, kept epoch, why it stopped.
    public var result: TrainingResult
}

/// Fine-tuning, evaluation and prediction with the installed model, over plain arrays of examples (the store
/// and splits are wired in by the commands).
public struct TrainingService: Sendable {
    /// The base encoder and its tokenizer.
    public let encoder: SentenceEncoder
    /// The model directory it was loaded from.
    public let modelDirectory: URL

    /// Loads the installed model (`winnow model fetch`), or the one in `modelDirectory`.
    public init(modelDirectory: URL? = nil, threads: Int? = nil) throws {
        let directory = try modelDirectory ?? ModelStore().locate()
        encoder = try SentenceEncoder(modelDirectory: directory, threads: threads)
        self.modelDirectory = directory
    }

    /// A service over an encoder already loaded.
    public init(encoder: SentenceEncoder, modelDirectory: URL) {
        self.encoder = encoder
        self.modelDirectory = modelDirectory
    }

    /// Trains an adapter and head on `training`, validating on `validation` after every epoch.
    ///
    /// `split` names the stored split the examples came from (recorded in `training.json`). `progress` returns
    /// false to stop; the last completed (or best) epoch is kept.
    public func train(
        training: [EvaluationExample], validation: [EvaluationExample] = [],
        parameters: TrainingParameters = TrainingParameters(), split: String? = nil,
        progress: ((TrainingProgress) -> Bool)? = nil
    ) throws(TrainingError) -> TrainingOutcome {
        let trainer = LoRATrainer(base: encoder.model, tokenizer: encoder.tokenizer, parameters: parameters)
        let result = try trainer.train(
            training.map { LabeledText(text: $0.text, label: $0.label) },
            validation: validation.map { LabeledText(text: $0.text, label: $0.label) }, progress: progress)
        let record: JSONValue = [
            "parameters": parameters.json, "seed": .number(Double(parameters.seed)),
            "split": split.map { .string($0) } ?? .null,
            "data": [
                "training": Self.dataRecord(training), "validation": Self.dataRecord(validation),
            ],
            "labels": .number(Double(result.labels.count)),
            "base_model": [
                "name": .string(TrainedAdapter.defaultBaseModel),
                "directory": .string(modelDirectory.lastPathComponent),
                "hidden_size": .number(Double(encoder.model.config.hiddenSize)),
                "layers": .number(Double(encoder.model.config.layerCount)),
            ],
            "created": .string(ISO8601DateFormatter().string(from: Date())),
        ]
        let metrics: JSONValue = [
            "history": .array(result.history.map(\.json)), "kept_epoch": .number(Double(result.keptEpoch)),
            "stop": .string(result.stop.rawValue), "seconds": .number((result.seconds * 10).rounded() / 10),
        ]
        let adapter = TrainedAdapter(
            adapter: result.adapter, head: result.head, labels: result.labels, training: record, metrics: metrics)
        return TrainingOutcome(adapter: adapter, result: result)
    }

    /// `{"examples": N, "sha256": …}`: a fingerprint of examples in order (text, label and training point, each
    /// framed by its byte length).
    public static func dataRecord(_ examples: [EvaluationExample]) -> JSONValue {
        var hasher = SHA256()
        for example in examples {
            for field in [example.text, example.label, example.trainingPoint] {
                let bytes = Array(field.utf8)
                var length = UInt64(bytes.count).littleEndian
                withUnsafeBytes(of: &length) { hasher.update($0) }
                hasher.update(bytes)
            }
        }
        return ["examples": .number(Double(examples.count)), "sha256": .string(hasher.finalize().hexString)]
    }

    /// Reads the adapter directory at `directory` for this model.
    public func loadAdapter(at directory: URL) throws(TrainingError) -> TrainedAdapter {
        try AdapterDirectory.read(from: directory, model: encoder.model.config)
    }

    /// The fused classifier of `adapter` (its updates merged into the base weights).
    public func classifier(_ adapter: TrainedAdapter) -> TextClassifier {
        TextClassifier(
            tokenizer: encoder.tokenizer, base: encoder.model, adapter: adapter.adapter, head: adapter.head,
            labels: adapter.labels)
    }

    /// The frozen baseline for `adapter`'s labels: the base encoder with a head fitted (softmax regression) on
    /// `training`'s embeddings, the head reading the vector as `adapter`'s does.
    public func baseline(for adapter: TrainedAdapter, training: [EvaluationExample]) -> TextClassifier {
        let index = Dictionary(uniqueKeysWithValues: adapter.labels.enumerated().map { ($1, $0) })
        let known = training.filter { index[$0.label] != nil }
        var features = TextClassifier.pooled(
            model: encoder.model, tokenIDs: known.map { encoder.tokenizer.encode($0.text) })
        if adapter.head.normalizesInput { features.normalizeRows() }
        let head = SoftmaxRegression.fit(
            features: features, labels: known.compactMap { index[$0.label] }, classes: adapter.labels.count,
            regularization: 1 / Float(max(1, known.count)), normalizesInput: adapter.head.normalizesInput,
            logitScale: adapter.head.logitScale)
        return TextClassifier(
            tokenizer: encoder.tokenizer, base: encoder.model, adapter: nil, head: head, labels: adapter.labels)
    }

    /// Evaluates `adapter` on `test` per training point, against the frozen baseline fitted on `training`.
    public func evaluate(
        _ adapter: TrainedAdapter, training: [EvaluationExample], test: [EvaluationExample], neighbours: Int = 3
    ) -> EvaluationReport {
        ClassifierEvaluation.evaluate(
            before: baseline(for: adapter, training: training), after: classifier(adapter), training: training,
            test: test, neighbours: neighbours)
    }
}
