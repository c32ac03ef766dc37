import Foundation
import WinnowCore
import WinnowEncoder
import WinnowLinalg

/// A text with its class label.
public struct LabeledText: Sendable, Equatable, Hashable {
    /// The text.
    public var text: String
    /// Its label.
    public var label: String

    /// A labelled text.
    public init(text: String, label: String) {
        self.text = text
        self.label = label
    }
}

/// What a training run produced.
public struct TrainingResult: Sendable {
    /// The kept adapter (the best epoch's with validation, else the last completed epoch's).
    public var adapter: LoRAAdapter
    /// The kept head.
    public var head: ClassificationHead
    /// The head fitted on the frozen encoder before fine-tuning (with linear probing; the frozen baseline).
    public var probeHead: ClassificationHead?
    /// Class names by class index.
    public var labels: [String]
    /// One record per completed epoch.
    public var history: [EpochRecord]
    /// The epoch whose weights were kept, from 1.
    public var keptEpoch: Int
    /// Why the run ended.
    public var stop: TrainingStop
    /// The parameters of the run.
    public var parameters: TrainingParameters
    /// Seconds from start to end, validation and linear probing included.
    public var seconds: Double
}

/// Fine-tunes a BERT encoder with LoRA and a linear head on labelled texts (softmax cross-entropy, AdamW,
/// warm-up then linear decay, global gradient-norm clipping), on the CPU with OpenBLAS.
///
/// Batches are packed (no padding); their composition follows ``TrainingParameters/batchOrder``. With the same
/// seed, examples and thread count a run is repeatable bit for bit: the products split their work the same way
/// every time, and all randomness comes from one ``SeededRandom``.
public struct LoRATrainer: Sendable {
    /// The frozen base encoder.
    public let base: BertModel
    /// Its tokenizer.
    public let tokenizer: WordPieceTokenizer
    /// The configuration.
    public let parameters: TrainingParameters

    /// A trainer for `base` with `parameters`.
    public init(base: BertModel, tokenizer: WordPieceTokenizer, parameters: TrainingParameters = TrainingParameters()) {
        self.base = base
        self.tokenizer = tokenizer
        self.parameters = parameters
    }

    /// The token ids the trainer feeds for `text`: `[CLS] … [SEP]`, cut to ``TrainingParameters/maximumLength``.
    public func tokenIDs(_ text: String) -> [Int] {
        let ids = tokenizer.encode(text)
        guard ids.count > parameters.maximumLength else { return ids }
        return Array(ids.prefix(parameters.maximumLength - 1)) + [tokenizer.separatorID]
    }

    /// Trains on `training`, validating on `validation` after every epoch.
    ///
    /// - Parameters:
    ///   - labels: the class names in class order (default: the training labels, sorted).
    ///   - progress: called after every step; return `false` to stop. A stopped run keeps the best completed
    ///     epoch (with validation) or the last completed one; stopping before the first epoch ends throws.
    ///   - epochCompleted: called after every epoch with its record and the weights it ended with.
    public func train(
        _ training: [LabeledText], validation: [LabeledText] = [], labels: [String]? = nil,
        progress: ((TrainingProgress) -> Bool)? = nil,
        epochCompleted: ((EpochRecord, LoRAAdapter, ClassificationHead) -> Void)? = nil
    ) throws(TrainingError) -> TrainingResult {
        try parameters.validate()
        let started = Date()
        let labels = labels ?? Array(Set(training.map(\.label))).sorted()
        guard !training.isEmpty else { throw TrainingError(.unusableData, "there are no training examples") }
        guard labels.count >= 2 else {
            throw TrainingError(.unusableData, "training needs at least two labels, found \(labels.count)")
        }
        let classIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        func indices(_ examples: [LabeledText], _ role: String) throws(TrainingError) -> [Int] {
            var result: [Int] = []
            for (position, example) in examples.enumerated() {
                guard let index = classIndex[example.label] else {
                    throw TrainingError(
                        .unknownLabel, "\(role) example \(position + 1) has label '\(example.label)', not a class")
                }
                result.append(index)
            }
            return result
        }
        let trainingLabels = try indices(training, "training")
        let validationLabels = try indices(validation, "validation")
        let trainingIDs = training.map { tokenIDs($0.text) }
        let validationIDs = validation.map { tokenIDs($0.text) }

        var run = Run(
            trainer: self, labels: labels, trainingIDs: trainingIDs, trainingLabels: trainingLabels,
            validationIDs: validationIDs, validationLabels: validationLabels, started: started)
        return try run.execute(epochCompleted: epochCompleted, progress: progress)
    }
}

/// The state of one training run.
private struct Run {
    let trainer: LoRATrainer
    let labels: [String]
    let trainingIDs: [[Int]]
    let trainingLabels: [Int]
    let validationIDs: [[Int]]
    let validationLabels: [Int]
    let started: Date
    var parameters: TrainingParameters { trainer.parameters }

    init(
        trainer: LoRATrainer, labels: [String], trainingIDs: [[Int]], trainingLabels: [Int], validationIDs: [[Int]],
        validationLabels: [Int], started: Date
    ) {
        self.trainer = trainer
        self.labels = labels
        self.trainingIDs = trainingIDs
        self.trainingLabels = trainingLabels
        self.validationIDs = validationIDs
        self.validationLabels = validationLabels
        self.started = started
    }

    /// The head fitted on the frozen encoder's pooled vectors of the training examples.
    func probe() -> ClassificationHead {
        var features = TextClassifier.pooled(model: trainer.base, tokenIDs: trainingIDs, batchSize: 64)
        if parameters.headNormalizesInput { features.normalizeRows() }
        return SoftmaxRegression.fit(
            features: features, labels: trainingLabels, classes: labels.count,
            regularization: max(parameters.probeRegularization ?? 0, 1 / Float(max(1, trainingIDs.count))),
            normalizesInput: parameters.headNormalizesInput, logitScale: parameters.headLogitScale)
    }

    /// Mean loss and accuracy of `adapter` and `head` on the validation examples.
    func validate(adapter: LoRAAdapter, head: ClassificationHead) -> (loss: Float, accuracy: Float) {
        let model = BertModel(config: trainer.base.config, weights: adapter.merged(into: trainer.base.weights))
        let pooled = TextClassifier.pooled(model: model, tokenIDs: validationIDs, batchSize: 64)
        let result = HeadLoss(head: head, pooled: pooled, labels: validationLabels)
        return (result.loss, Float(result.correct) / Float(max(1, validationIDs.count)))
    }

    mutating func execute(
        epochCompleted: ((EpochRecord, LoRAAdapter, ClassificationHead) -> Void)?,
        progress: ((TrainingProgress) -> Bool)?
    ) throws(TrainingError) -> TrainingResult {
        let config = trainer.base.config
        var generator = SeededRandom(seed: parameters.seed)
        var encoder = TrainableEncoder(
            base: trainer.base,
            adapter: LoRAAdapter(configuration: parameters.lora, model: config, seed: parameters.seed))
        let probeHead = parameters.linearProbe ? probe() : nil
        var head =
            probeHead
            ?? ClassificationHead(
                classes: labels.count, hidden: config.hiddenSize, normalizesInput: parameters.headNormalizesInput,
                logitScale: parameters.headLogitScale, seed: parameters.seed &+ 1)
        let lengths = trainingIDs.map(\.count)
        let cache =
            parameters.cacheFrozenLayers && encoder.lowestLayer > 0 && encoder.lowestLayer < config.layerCount
            ? FrozenLayerCache(base: trainer.base, sequences: trainingIDs, layer: encoder.lowestLayer) : nil
        var cachedBatch = Matrix(rows: 0, columns: 0)
        let stepsPerEpoch = (trainingIDs.count + parameters.batchSize - 1) / parameters.batchSize
        let totalSteps = stepsPerEpoch * parameters.epochs
        let schedule = LearningRateSchedule(
            peak: parameters.learningRate, warmupSteps: Int(parameters.warmupFraction * Float(totalSteps)),
            totalSteps: totalSteps)
        let headRatio = (parameters.headLearningRate ?? parameters.learningRate) / parameters.learningRate
        var optimizer = AdamW()
        var tape = ForwardTape()
        var workspace = BackwardWorkspace()
        var gradients = encoder.makeGradients()
        var history: [EpochRecord] = []
        var kept: (adapter: LoRAAdapter, head: ClassificationHead, epoch: Int)?
        var best: (accuracy: Float, loss: Float)?
        var epochsWithoutImprovement = 0
        var stop = TrainingStop.completed
        var step = 0
        var trainingSeconds = 0.0
        var examplesSeen = 0
        training: for epoch in 1...parameters.epochs {
            let epochStart = Date()
            var lossSum: Double = 0
            var correct = 0
            var batchesDone = 0
            var rate: Float = 0
            let batches = TrainingBatches.make(
                lengths: lengths, size: parameters.batchSize, order: parameters.batchOrder, generator: &generator)
            for batch in batches {
                if let cache {
                    cache.gather(batch, lengths: lengths, into: &cachedBatch)
                    encoder.forward(
                        batch.map { trainingIDs[$0] }, cached: cachedBatch, firstLayer: cache.layer, tape: &tape,
                        generator: &generator)
                } else {
                    encoder.forward(batch.map { trainingIDs[$0] }, tape: &tape, generator: &generator)
                }
                let result = HeadLoss(head: head, pooled: tape.meanPooled(), labels: batch.map { trainingLabels[$0] })
                tape.unpool(result.pooledGradient, into: &workspace.hidden)
                encoder.backward(tape, into: &gradients, workspace: &workspace)
                let scale = clippingScale(gradients: gradients, head: result)
                rate = schedule.rate(at: step)
                optimizer.beginStep()
                for slot in encoder.modules.indices {
                    optimizer.update(
                        &encoder.modules[slot].a, gradient: gradients[slot].a, slot: 2 * slot, learningRate: rate,
                        weightDecay: parameters.weightDecay, gradientScale: scale)
                    optimizer.update(
                        &encoder.modules[slot].b, gradient: gradients[slot].b, slot: 2 * slot + 1, learningRate: rate,
                        weightDecay: parameters.weightDecay, gradientScale: scale)
                }
                let headSlot = 2 * encoder.modules.count
                optimizer.update(
                    &head.weight, gradient: result.weightGradient, slot: headSlot, learningRate: rate * headRatio,
                    weightDecay: parameters.weightDecay, gradientScale: scale)
                var bias = Matrix(rows: 1, columns: head.bias.count, elements: head.bias)
                optimizer.update(
                    &bias, gradient: Matrix(rows: 1, columns: head.bias.count, elements: result.biasGradient),
                    slot: headSlot + 1, learningRate: rate * headRatio, weightDecay: 0, gradientScale: scale)
                head.bias = bias.elements
                encoder.refreshMergedWeights()
                step += 1
                batchesDone += 1
                lossSum += Double(result.loss)
                correct += result.correct
                examplesSeen += batch.count
                let elapsed = trainingSeconds + Date().timeIntervalSince(epochStart)
                let report = TrainingProgress(
                    epoch: epoch, epochs: parameters.epochs, step: step, totalSteps: totalSteps,
                    loss: Float(lossSum / Double(batchesDone)), examplesPerSecond: Double(examplesSeen) / elapsed,
                    secondsLeft: elapsed / Double(step) * Double(totalSteps - step))
                if let progress, !progress(report) {
                    stop = .interrupted
                    break training
                }
            }
            let seconds = Date().timeIntervalSince(epochStart)
            trainingSeconds += seconds
            var record = EpochRecord(
                epoch: epoch, trainingLoss: Float(lossSum / Double(max(1, batchesDone))),
                trainingAccuracy: Float(correct) / Float(trainingIDs.count), validationLoss: nil,
                validationAccuracy: nil, seconds: seconds, examplesPerSecond: Double(trainingIDs.count) / seconds,
                learningRate: rate)
            let adapter = encoder.adapter
            if validationIDs.isEmpty {
                kept = (adapter, head, epoch)
            } else {
                let (loss, accuracy) = validate(adapter: adapter, head: head)
                record.validationLoss = loss
                record.validationAccuracy = accuracy
                if let best, (accuracy, -loss) <= (best.accuracy, -best.loss) {
                    epochsWithoutImprovement += 1
                } else {
                    best = (accuracy, loss)
                    kept = (adapter, head, epoch)
                    epochsWithoutImprovement = 0
                }
            }
            history.append(record)
            epochCompleted?(record, adapter, head)
            if let patience = parameters.earlyStoppingPatience, !validationIDs.isEmpty,
                epochsWithoutImprovement >= patience, epoch < parameters.epochs
            {
                stop = .earlyStopping
                break
            }
        }
        guard let kept else {
            throw TrainingError(.stoppedBeforeFirstEpoch, "training was stopped before the first epoch completed")
        }
        return TrainingResult(
            adapter: kept.adapter, head: kept.head, probeHead: probeHead, labels: labels, history: history,
            keptEpoch: kept.epoch, stop: stop, parameters: parameters, seconds: Date().timeIntervalSince(started))
    }

    /// The factor that brings the global gradient norm (LoRA matrices and head) down to the limit, or 1.
    func clippingScale(gradients: [LoRAGradient], head: HeadLoss) -> Float {
        guard let limit = parameters.maximumGradientNorm else { return 1 }
        var sum: Double = 0
        func add(_ values: [Float]) { for value in values { sum += Double(value) * Double(value) } }
        for gradient in gradients {
            add(gradient.a.elements)
            add(gradient.b.elements)
        }
        add(head.weightGradient.elements)
        add(head.biasGradient)
        let norm = Float(sum.squareRoot())
        return min(1, limit / (norm + 1e-6))
    }
}
