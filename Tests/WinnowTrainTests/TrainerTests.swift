import Foundation
import Testing
import WinnowCore
import WinnowEncoder
import WinnowLinalg

@testable import WinnowTrain

/// The training loop on the tiny model: it learns, repeats itself with a seed, stops and keeps what it should.
@Suite("LoRA trainer")
struct TrainerTests {
    static let intents: [(String, [String])] = [
        ("card", ["my card was stolen", "i lost my card", "card stolen please help", "can you help my card is lost"]),
        ("parcel", ["where is my parcel", "my order not arrived", "the delivery is late", "when is my parcel"]),
        ("refund", ["i want my money back", "refund please", "can i get a refund", "money back for my order"]),
        ("login", ["reset my password", "i can not login", "how do i change my password", "login not working"]),
    ]

    static var examples: [LabeledText] {
        intents.flatMap { label, texts in texts.map { LabeledText(text: $0, label: label) } }
    }

    static func trainer(_ configure: (inout TrainingParameters) -> Void = { _ in }) throws -> LoRATrainer {
        var parameters = TrainingParameters()
        parameters.lora = LoRAConfiguration(rank: 4, alpha: 8)
        parameters.epochs = 6
        parameters.batchSize = 4
        parameters.learningRate = 1e-2
        parameters.linearProbe = false
        configure(&parameters)
        return LoRATrainer(base: TinyBert.model(), tokenizer: try TinyBert.tokenizer(), parameters: parameters)
    }

    @Test func trainingForwardPassMatchesTheFusedInferenceModel() throws {
        let adapter = TinyBert.randomAdapter(LoRAConfiguration(rank: 3, alpha: 6))
        let base = TinyBert.model()
        let encoder = TrainableEncoder(base: base, adapter: adapter)
        let tokenizer = try TinyBert.tokenizer()
        let texts = ["my card was stolen", "where", "i want my money back please"]
        let ids = texts.map(tokenizer.encode)
        var tape = ForwardTape()
        var generator = SeededRandom(seed: 1)
        encoder.forward(ids, tape: &tape, generator: &generator)
        let fused = BertModel(config: base.config, weights: adapter.merged(into: base.weights))
        let expected = fused.forward(ids).hiddenStates
        #expect(zip(tape.output.elements, expected.elements).allSatisfy { abs($0 - $1) < 1e-5 })
        // Packed batches: a text's states do not depend on its neighbours.
        var alone = ForwardTape()
        encoder.forward([ids[1]], tape: &alone, generator: &generator)
        let rows = tape.sequences[1]
        #expect(zip(alone.output.elements, tape.output.rows(rows).elements).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func learnsTheTrainingExamples() throws {
        let result = try Self.trainer {
            $0.epochs = 10; $0.learningRate = 3e-2
        }.train(Self.examples)
        #expect(result.history.count == 10)
        #expect(result.stop == .completed)
        #expect(result.keptEpoch == 10)
        let first = try #require(result.history.first)
        let last = try #require(result.history.last)
        #expect(last.trainingLoss < first.trainingLoss / 2)
        let classifier = TextClassifier(
            tokenizer: try TinyBert.tokenizer(), base: TinyBert.model(), adapter: result.adapter, head: result.head,
            labels: result.labels)
        let predictions = classifier.predict(Self.examples.map(\.text))
        let correct = zip(predictions, Self.examples).filter { $0.label == $1.label }.count
        #expect(correct >= 14)
        #expect(result.labels == ["card", "login", "parcel", "refund"])
        #expect(
            predictions.allSatisfy {
                abs($0.ranked.reduce(0) { $0 + $1.probability } - 1) < 1e-4 || $0.ranked.count < 4
            })
    }

    @Test func aSeedMakesARunRepeatable() throws {
        let trainer = try Self.trainer {
            $0.epochs = 2; $0.lora = LoRAConfiguration(rank: 2, alpha: 4, dropout: 0.1)
        }
        let first = try trainer.train(Self.examples)
        let second = try trainer.train(Self.examples)
        #expect(first.adapter == second.adapter)
        #expect(first.head == second.head)
        let other = try Self.trainer {
            $0.epochs = 2; $0.seed = 7; $0.lora = LoRAConfiguration(rank: 2, alpha: 4, dropout: 0.1)
        }
        .train(Self.examples)
        #expect(other.adapter != first.adapter)
    }

    @Test func stoppingKeepsTheLastCompletedEpoch() throws {
        let trainer = try Self.trainer { $0.epochs = 3 }
        let stepsPerEpoch = 4
        var reports: [TrainingProgress] = []
        let stopped = try trainer.train(Self.examples) { progress in
            reports.append(progress)
            return progress.step < stepsPerEpoch + 2
        }
        #expect(stopped.stop == .interrupted)
        #expect(stopped.history.count == 1)
        #expect(stopped.keptEpoch == 1)
        #expect(reports.map(\.step) == Array(1...6))
        #expect(reports.map(\.epoch) == [1, 1, 1, 1, 2, 2])
        #expect(reports.allSatisfy { $0.totalSteps == 12 && $0.examplesPerSecond > 0 && $0.loss > 0 })
        let early = #expect(throws: TrainingError.self) { try trainer.train(Self.examples) { _ in false } }
        #expect(early?.kind == .stoppedBeforeFirstEpoch)
    }

    @Test func validationPicksTheBestEpochAndStopsEarly() throws {
        // A validation set the model cannot fit (labels shuffled): validation stops improving quickly.
        let validation = Self.examples.enumerated().map { index, example in
            LabeledText(text: example.text, label: Self.intents[(index + 1) % 4].0)
        }
        let result = try Self.trainer {
            $0.epochs = 12; $0.earlyStoppingPatience = 2
        }.train(
            Self.examples, validation: validation)
        #expect(result.history.allSatisfy { $0.validationAccuracy != nil && $0.validationLoss != nil })
        let records = result.history
        let best = try #require(
            records.max {
                ($0.validationAccuracy ?? 0, -($0.validationLoss ?? 0)) < (
                    $1.validationAccuracy ?? 0, -($1.validationLoss ?? 0)
                )
            })
        #expect(result.keptEpoch == best.epoch)
        if result.stop == .earlyStopping {
            #expect(records.count == result.keptEpoch + 2)
        }
        #expect(result.stop == .earlyStopping)
    }

    @Test func cachingFrozenLowerLayersGivesTheSameTraining() throws {
        func run(_ cache: Bool) throws -> TrainingResult {
            try Self.trainer {
                $0.epochs = 2
                $0.lora = LoRAConfiguration(rank: 2, alpha: 4, layers: [1])
                $0.cacheFrozenLayers = cache
            }.train(Self.examples)
        }
        let cached = try run(true)
        let computed = try run(false)
        for (key, module) in cached.adapter.modules {
            let other = try #require(computed.adapter.modules[key])
            #expect(zip(module.a.elements, other.a.elements).allSatisfy { abs($0 - $1) < 1e-4 })
            #expect(zip(module.b.elements, other.b.elements).allSatisfy { abs($0 - $1) < 1e-4 })
        }
        #expect(cached.adapter.modules.keys.allSatisfy { $0.layer == 1 })
    }

    @Test func linearProbingStartsFromAFittedHead() throws {
        let result = try Self.trainer {
            $0.linearProbe = true; $0.epochs = 1; $0.learningRate = 1e-6
        }.train(Self.examples)
        let probe = try #require(result.probeHead)
        #expect(probe.weight.elements.contains { $0 != 0 })
        // With a tiny learning rate, one epoch leaves the head close to the probe.
        #expect(zip(probe.weight.elements, result.head.weight.elements).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func badInputIsRefused() throws {
        let trainer = try Self.trainer()
        #expect(throws: TrainingError.self) { try trainer.train([]) }
        let one = #expect(throws: TrainingError.self) { try trainer.train([LabeledText(text: "card", label: "card")]) }
        #expect(one?.kind == .unusableData)
        let unknown = #expect(throws: TrainingError.self) {
            try trainer.train(Self.examples, validation: [LabeledText(text: "hello", label: "weather")])
        }
        #expect(unknown?.kind == .unknownLabel)
        #expect(unknown?.message.contains("weather") == true)
        let bad = #expect(throws: TrainingError.self) { try Self.trainer { $0.epochs = 0 }.train(Self.examples) }
        #expect(bad?.kind == .invalidParameters)
    }
}

/// The optimiser, the schedule and the batches.
@Suite("Optimiser and schedule")
struct OptimiserTests {
    @Test func adamWMatchesPyTorchsUpdate() {
        // torch.optim.AdamW(lr=0.1, weight_decay=0.01) on p = [1, -2] with gradients [0.5, 0.1] then [-0.3, 0.2]:
        // after step 1: [0.899, -2.098], after step 2: [0.8789513, -2.1924202] (computed with torch 2.15).
        var optimizer = AdamW()
        var parameter = Matrix(rows: 1, columns: 2, elements: [1, -2])
        optimizer.beginStep()
        optimizer.update(
            &parameter, gradient: Matrix(rows: 1, columns: 2, elements: [0.5, 0.1]), slot: 0, learningRate: 0.1,
            weightDecay: 0.01)
        #expect(abs(parameter[0, 0] - 0.899) < 1e-5 && abs(parameter[0, 1] + 2.098) < 1e-5)
        optimizer.beginStep()
        optimizer.update(
            &parameter, gradient: Matrix(rows: 1, columns: 2, elements: [-0.3, 0.2]), slot: 0, learningRate: 0.1,
            weightDecay: 0.01)
        #expect(abs(parameter[0, 0] - 0.8789513) < 1e-5 && abs(parameter[0, 1] + 2.1924202) < 1e-5)
    }

    @Test func warmUpThenLinearDecay() {
        let schedule = LearningRateSchedule(peak: 1, warmupSteps: 4, totalSteps: 12)
        #expect(
            (0..<12).map { schedule.rate(at: $0) } == [
                0.25, 0.5, 0.75, 1, 1, 0.875, 0.75, 0.625, 0.5, 0.375, 0.25, 0.125,
            ])
    }

    @Test func lengthSortedBatchesGroupSimilarLengths() {
        var generator = SeededRandom(seed: 1)
        let lengths = (0..<100).map { ($0 * 37) % 50 + 3 }
        let batches = TrainingBatches.make(lengths: lengths, size: 10, order: .lengthSorted, generator: &generator)
        #expect(batches.count == 10)
        #expect(Set(batches.flatMap { $0 }).count == 100)
        for batch in batches {
            let values = batch.map { lengths[$0] }
            #expect((values.max() ?? 0) - (values.min() ?? 0) <= 5)
        }
        let again = TrainingBatches.make(lengths: lengths, size: 10, order: .lengthSorted, generator: &generator)
        #expect(again != batches)
        let shuffled = TrainingBatches.make(lengths: lengths, size: 32, order: .shuffled, generator: &generator)
        #expect(shuffled.map(\.count) == [32, 32, 32, 4])
    }
}
