import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowExport
import WinnowLinalg
import WinnowStore
import WinnowTrain

/// The training use cases over plain arrays, on a tiny random BERT written to disk like a real model.
@Suite("Training service")
struct TrainingServiceTests {
    /// Writes a random BERT (hidden 16, 2 layers) with a small vocabulary into a new directory.
    static func tinyModel() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "winnow-app-tests/\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let vocabulary =
            ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
            + "card lost stolen parcel late refund money back password reset where is my i want the was please"
            .split(separator: " ").map(String.init)
        var generator = SeededRandom(seed: 4)
        func matrix(_ rows: Int, _ columns: Int) -> Matrix {
            Matrix(
                rows: rows, columns: columns,
                elements: (0..<rows * columns).map { _ in Float.random(in: -0.5...0.5, using: &generator) })
        }
        func linear(_ out: Int, _ inputs: Int) -> LinearWeights {
            LinearWeights(weight: matrix(out, inputs), bias: [Float](repeating: 0.01, count: out))
        }
        let norm = LayerNormWeights(gamma: [Float](repeating: 1, count: 16), beta: [Float](repeating: 0, count: 16))
        let weights = BertWeights(
            embeddings: BertEmbeddingWeights(
                words: matrix(vocabulary.count, 16), positions: matrix(32, 16), tokenTypes: matrix(2, 16),
                layerNorm: norm),
            layers: (0..<2).map { _ in
                BertLayerWeights(
                    query: linear(16, 16), key: linear(16, 16), value: linear(16, 16), attentionOutput: linear(16, 16),
                    attentionLayerNorm: norm, intermediate: linear(32, 16), output: linear(16, 32),
                    outputLayerNorm: norm)
            })
        let json = """
            {"model_type": "bert", "hidden_act": "gelu", "hidden_size": 16, "num_hidden_layers": 2,
             "num_attention_heads": 2, "intermediate_size": 32, "vocab_size": \(vocabulary.count),
             "max_position_embeddings": 32}
            """
        try json.write(to: directory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try (vocabulary.joined(separator: "\n") + "\n").write(
            to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        try SafetensorsWriter.write(weights.tensors(), to: directory.appendingPathComponent("model.safetensors"))
        return directory
    }

    static let training = [
        ("my card was stolen", "card"), ("i lost my card", "card"), ("card stolen please", "card"),
        ("where is my parcel", "parcel"), ("my parcel is late", "parcel"), ("parcel late please", "parcel"),
        ("i want my money back", "refund"), ("refund please", "refund"), ("money back please", "refund"),
    ].map { EvaluationExample(text: $0.0, label: $0.1) }

    @Test func trainSaveLoadPredictAndEvaluate() throws {
        let service = try TrainingService(modelDirectory: Self.tinyModel(), threads: 2)
        var parameters = TrainingParameters()
        parameters.lora = LoRAConfiguration(rank: 2, alpha: 4, targets: [.query, .value])
        parameters.epochs = 3
        parameters.batchSize = 3
        parameters.learningRate = 1e-2
        let validation = [EvaluationExample(text: "card lost", label: "card")]
        var steps = 0
        let outcome = try service.train(
            training: Self.training, validation: validation, parameters: parameters, split: "main"
        ) { _ in
            steps += 1
            return true
        }
        #expect(steps == 9)
        #expect(outcome.result.history.count == 3)
        #expect(outcome.adapter.training.value(atPath: "split") == "main")
        #expect(outcome.adapter.training.value(atPath: "data.training.examples") == 9)
        #expect(outcome.adapter.training.value(atPath: "data.validation.examples") == 1)
        #expect(outcome.adapter.training.value(atPath: "parameters.lora.r") == 2)
        #expect(outcome.adapter.metrics.value(atPath: "history")?.arrayValue?.count == 3)
        // The data fingerprint depends on the examples and their order.
        #expect(
            TrainingService.dataRecord(Self.training) != TrainingService.dataRecord(Self.training.reversed()))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "winnow-app-tests/\(UUID().uuidString)/adapter", isDirectory: true)
        try AdapterDirectory.write(outcome.adapter, to: directory)
        let report = try PredictionReport(service: service, adapter: directory, texts: ["my card", "refund"], top: 2)
        #expect(report.predictions.count == 2)
        #expect(report.predictions.allSatisfy { $0.ranked.count == 2 && $0.probability >= $0.ranked[1].probability })
        #expect(report.json.value(atPath: "predictions")?.arrayValue?.count == 2)
        let direct = service.classifier(outcome.adapter).predict(["my card", "refund"], top: 2)
        #expect(report.predictions == direct)

        let test = [
            EvaluationExample(text: "stolen card", label: "card", trainingPoint: "fraud"),
            EvaluationExample(text: "parcel where", label: "parcel"),
        ]
        let evaluation = service.evaluate(outcome.adapter, training: Self.training, test: test)
        #expect(evaluation.overall.count == 2)
        #expect(Set(evaluation.points.compactMap(\.trainingPoint)) == ["fraud", "parcel"])
        #expect(evaluation.json.value(atPath: "overall.test_cases") == 2)
    }
}

/// Training and evaluation on a stored split, recorded as runs.
@Suite("Training on a stored split")
struct StoredTrainingTests {
    @Test func trainsOnTheSplitAndRecordsTrainAndEvalRuns() throws {
        let fixture = try SplitFixture()
        try fixture.approveAll()
        // A reviewer's relabel reaches the trainer as exports write it; a rejected member is left out.
        try fixture.execute(
            "UPDATE examples SET label_override = 'Billing' WHERE id = ?", [fixture.id("T-1002")])
        let split = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "round-1")
        try fixture.execute("UPDATE examples SET status = 'rejected' WHERE id = ?", [fixture.id("T-1003")])
        let data = try TrainingData(store: fixture.store, splitName: nil)
        #expect(data.split.name == "round-1")
        let all = data.training + data.validation + data.test
        #expect(!all.contains { $0.id == fixture.id("T-1003") })
        #expect(all.first { $0.id == fixture.id("T-1002") }?.label == "Billing")
        let members: Int = split.split.counts.values.reduce(0, +)
        #expect(all.count + data.unlabelled + 1 == members)

        let service = try TrainingService(modelDirectory: TrainingServiceTests.tinyModel(), threads: 2)
        var parameters = TrainingParameters()
        parameters.epochs = 2
        parameters.lora = LoRAConfiguration(rank: 2, alpha: 4, targets: [.query, .value])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-stored-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let trained = try service.train(store: fixture.store, data: data, parameters: parameters, directory: directory)
        let trainRun = try #require(try fixture.store.runs(command: "train").first)
        #expect(trainRun.id == trained.runID)
        #expect(trainRun.status == "complete")
        #expect(trainRun.summary["history"]?.arrayValue?.count == trained.outcome.result.history.count)
        #expect(trainRun.summary["split"] == "round-1")
        // The adapter names its run, and a second run into the same directory is refused without --force.
        let adapter = try service.loadAdapter(at: directory)
        #expect(adapter.training.value(atPath: "run") == .number(Double(trained.runID)))
        #expect(throws: StoredTrainingError.self) {
            try service.train(store: fixture.store, data: data, parameters: parameters, directory: directory)
        }

        let evaluation = try service.evaluate(
            store: fixture.store, adapter: adapter, directory: directory, data: data)
        #expect(evaluation.trainRun == trained.runID)
        #expect(evaluation.report.overall.count == data.test.count)
        let evalRun = try #require(try fixture.store.runs(command: "eval").first)
        #expect(evalRun.id == evaluation.runID)
        let stored = JSONValue.object(evalRun.summary)
        #expect(stored.value(atPath: "evaluation.overall.test_cases") == .number(Double(data.test.count)))
        #expect(stored.value(atPath: "evaluation.confusion.labels")?.arrayValue?.isEmpty == false)
        let testIDs = Set(data.test.compactMap(\.id))
        for failure in evaluation.report.points.flatMap(\.failures) {
            #expect(failure.id.map(testIDs.contains) == true)
        }
        #expect(evaluation.cases == nil && evaluation.together == nil)

        // With test cases, eval reports them apart and together with the test part, per training point.
        _ = try TestCaseService().add(
            TestCaseDraft(
                input: "I was charged twice for the same order", expectedLabel: "Billing", trainingPoint: "double"),
            store: fixture.store, actor: "ana")
        _ = try TestCaseService().add(
            TestCaseDraft(input: "The app will not start on my laptop", expectedLabel: "Technical"),
            store: fixture.store,
            actor: "ana")
        let withCases = try service.evaluate(store: fixture.store, adapter: adapter, directory: directory, data: data)
        let cases = try #require(withCases.cases)
        #expect(cases.overall.count == 2)
        #expect(Set(cases.points.compactMap(\.trainingPoint)) == ["double", "Technical"])
        #expect(withCases.together?.overall.count == data.test.count + 2)
        #expect(withCases.report.overall.count == data.test.count)
        let summary = JSONValue.object(try #require(try fixture.store.runs(command: "eval").first).summary)
        #expect(summary.value(atPath: "test_cases.overall.test_cases") == .number(2))
        #expect(withCases.markdown.contains("## Test cases"))
        // A split without a test part is evaluated on the cases alone.
        var noTestPart = data
        noTestPart.test = []
        let casesOnly = try service.evaluate(
            store: fixture.store, adapter: adapter, directory: directory, data: noTestPart)
        #expect(casesOnly.report.overall.count == 0)
        #expect(casesOnly.cases?.overall.count == 2)
        #expect(!casesOnly.markdown.contains("## Test part and test cases together"))

        // A second round with another seed, compared with the first on the same cases, flips counted by hand.
        parameters.seed = 7
        let second = directory.appendingPathComponent("round-2")
        let secondRun = try service.train(store: fixture.store, data: data, parameters: parameters, directory: second)
        let secondAdapter = try service.loadAdapter(at: second)
        let earlier = try TrainingService.adapterDirectory(String(trained.runID), store: fixture.store)
        #expect(earlier.path == directory.path)
        let compared = try service.evaluate(
            store: fixture.store, adapter: secondAdapter, directory: second, data: data, against: earlier)
        let comparison = try #require(compared.comparison).comparison
        let everything =
            data.test + [
                EvaluationExample(
                    text: "I was charged twice for the same order", label: "Billing", trainingPoint: "double"),
                EvaluationExample(text: "The app will not start on my laptop", label: "Technical"),
            ]
        let old = service.classifier(adapter).predict(everything.map(\.text), top: 1).map(\.label)
        let new = service.classifier(secondAdapter).predict(everything.map(\.text), top: 1).map(\.label)
        let lost = everything.indices.filter { old[$0] == everything[$0].label && new[$0] != everything[$0].label }
            .count
        let gained = everything.indices.filter { old[$0] != everything[$0].label && new[$0] == everything[$0].label }
            .count
        #expect(comparison.overall.count == everything.count)
        #expect(comparison.overall.lost.count == lost && comparison.overall.gained.count == gained)
        #expect(comparison.points.map(\.count).reduce(0, +) == everything.count)
        let comparedRun = try #require(try fixture.store.runs(command: "eval").first)
        #expect(comparedRun.parameters["against"] == .string(directory.path))
        #expect(
            JSONValue.object(comparedRun.summary).value(atPath: "comparison.overall.cases")
                == .number(Double(everything.count)))
        #expect(secondRun.runID > trained.runID)
        // An eval run id names its adapter too; a run of another kind is refused.
        #expect(try TrainingService.adapterDirectory(String(comparedRun.id), store: fixture.store).path == second.path)
        #expect(throws: StoredTrainingError.self) {
            try TrainingService.adapterDirectory(String(split.split.runID ?? 0), store: fixture.store)
        }

        // Suggestions come from the pending examples only, one per duplicate cluster, each with its reasons.
        let pendingIDs = ["T-1004", "T-1010", "T-1012", "T-1013", "T-1014"].map(fixture.id)
        try fixture.execute(
            "UPDATE examples SET status = 'pending' WHERE id IN (\(pendingIDs.map(String.init).joined(separator: ",")))"
        )
        try fixture.plantDuplicate(fixture.id("T-1010"), of: fixture.id("T-1004"))
        let suggested = try service.suggest(store: fixture.store, adapter: secondAdapter, directory: second, budget: 10)
        #expect(suggested.candidates == pendingIDs.count)
        #expect(suggested.suggestions.count == pendingIDs.count - 1)
        #expect(Set(suggested.suggestions.map(\.id)).isSubset(of: Set(pendingIDs)))
        #expect(
            !(suggested.suggestions.contains { $0.id == fixture.id("T-1004") }
                && suggested.suggestions.contains { $0.id == fixture.id("T-1010") }))
        #expect(suggested.suggestions.allSatisfy { !$0.reasons.isEmpty && $0.reasons[0].hasPrefix("uncertain:") })
        #expect(suggested.suggestions.map(\.score) == suggested.suggestions.map(\.score).sorted(by: >))
        let narrowed = try service.suggest(
            store: fixture.store, adapter: secondAdapter, directory: second, budget: 2, point: "Technical")
        #expect(narrowed.suggestions.count <= 2)
        #expect(narrowed.suggestions.allSatisfy { $0.trainingPoint == "Technical" })
    }
}
