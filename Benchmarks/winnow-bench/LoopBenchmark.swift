import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowImport
import WinnowStore
import WinnowTrain

/// `winnow-bench loop`: the training-point loop on BANKING77, `winnow suggest` against random choice.
///
/// Each seed starts from `--start` labelled examples per intent (approved); the rest of the train file is imported
/// as pending examples without labels (the label is revealed only when an example is chosen for review). The test
/// file is cut in two halves by a fixed shuffle: one imported as test cases (what `suggest` looks at), the other
/// held out (never seen by Winnow). Both arms run `embed` and `dedup` like a user would, then go round `--rounds`
/// times: train on every approved example with the default recipe, measure, choose `--budget` pending examples (by
/// `suggest`, or at random), reveal their labels as a reviewer's relabel and approval.
struct LoopBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loop",
        abstract: "Rounds of train, test and review on BANKING77: `winnow suggest` against random choice.")

    @Option(
        help: """
            Training data: CSV or JSONL with a text column (`text`, `utterance`, `instruction`...) and a label column \
            (`category`, `label`, `intent`...).
            """)
    var train = "../shared/datasets/banking77/train.csv"

    @Option(help: "Test data, as the training data.")
    var test = "../shared/datasets/banking77/test.csv"

    @Option(help: "Labelled examples per intent to start from.")
    var start = 5

    @Option(help: "Examples reviewed per round.")
    var budget = 385

    @Option(help: "Rounds of review after the first training.")
    var rounds = 2

    @Option(help: "Seeds: which examples start labelled, and the random arm's choices.")
    var seed: [UInt64] = [1, 2, 3]

    @Option(help: "The arms to run: suggest, random (the random arm does not depend on the ranker).")
    var arm: [String] = ["suggest", "random"]

    @Option(help: "Where the stores and adapters go (emptied first).")
    var workDirectory = "/tmp/winnow-loop"

    @Option(help: "Compute threads.")
    var threads = 2

    struct Measure {
        var labels: Int
        var cases: Double
        var heldOut: Double
    }

    func run() throws {
        let directory = URL(fileURLWithPath: workDirectory)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        print("machine: \(MachineDescription.current)")
        let originals = try TrainBenchmark.read(train)
        var testing = try TrainBenchmark.read(test)
        var shuffler = SeededRandom(seed: 1000)
        testing.shuffle(using: &shuffler)
        let cases = Array(testing.prefix(testing.count / 2))
        let heldOut = Array(testing.dropFirst(testing.count / 2))
        let casesCSV = directory.appendingPathComponent("cases.csv").path
        try DedupAuditBenchmark.writeCSV(texts: cases.map(\.text), labels: cases.map(\.label), to: casesCSV)
        print("\(originals.count) train rows; \(cases.count) test cases, \(heldOut.count) held-out test rows")
        let embedding = try EmbeddingService(threads: threads)
        let training = TrainingService(encoder: embedding.encoder, modelDirectory: try ModelStore().locate())

        var results: [String: [[Measure]]] = ["suggest": [], "random": []]
        for seed in seed {
            let seedDirectory = directory.appendingPathComponent("seed-\(seed)")
            try FileManager.default.createDirectory(at: seedDirectory, withIntermediateDirectories: true)
            let truth = try prepare(
                seed: seed, originals: originals, casesCSV: casesCSV, embedding: embedding, in: seedDirectory)
            for arm in arm {
                let path = seedDirectory.appendingPathComponent("\(arm).db")
                for suffix in ["", "-wal"] {
                    let base = seedDirectory.appendingPathComponent("base.db" + suffix)
                    if FileManager.default.fileExists(atPath: base.path) {
                        try FileManager.default.copyItem(
                            at: base, to: URL(fileURLWithPath: path.path + suffix))
                    }
                }
                let store = try Store(path: path.path)
                var random = SeededRandom(seed: seed &+ 77)
                var measures: [Measure] = []
                for round in 0...rounds {
                    let adapterDirectory = seedDirectory.appendingPathComponent("\(arm)-\(round)")
                    let started = Date()
                    // What a split's train part would take: approved, not bound to a test case.
                    let bound = try store.examplesBoundToTestCases()
                    let approved = try store.examples(ExampleFilter(status: .approved)).compactMap {
                        example -> EvaluationExample? in
                        guard !bound.contains(example.id), let label = example.effectiveLabel else { return nil }
                        return EvaluationExample(text: example.effectiveInput, label: label, trainingPoint: label)
                    }
                    let outcome = try training.train(training: approved)
                    try AdapterDirectory.write(outcome.adapter, to: adapterDirectory)
                    let classifier = training.classifier(outcome.adapter)
                    let measure = Measure(
                        labels: approved.count, cases: TrainBenchmark.accuracy(classifier, cases),
                        heldOut: TrainBenchmark.accuracy(classifier, heldOut))
                    measures.append(measure)
                    let trained = Date()
                    var line = String(
                        format: "seed %llu %@ round %d: %d labelled, cases %.4f, held out %.4f (train+test %.0f s)",
                        seed, arm, round, measure.labels, measure.cases, measure.heldOut,
                        trained.timeIntervalSince(started))
                    if round < rounds {
                        let chosen: [Int64]
                        if arm == "suggest" {
                            chosen = try training.suggest(
                                store: store, adapter: outcome.adapter, directory: adapterDirectory, budget: budget
                            ).suggestions.map(\.id)
                        } else {
                            let pending = try store.exampleIDs(ExampleFilter(status: .pending)).filter {
                                !bound.contains($0)
                            }
                            chosen = Array(pending.shuffled(using: &random).prefix(budget))
                        }
                        try reveal(chosen, truth: truth, store: store)
                        line += String(
                            format: "; chose %d (%.0f s)", chosen.count, Date().timeIntervalSince(trained))
                    }
                    print(line)
                }
                results[arm, default: []].append(measures)
            }
        }
        summarize(results)
    }

    /// The seed's base store: the starting examples approved, the rest pending without labels, the test cases,
    /// embeddings and duplicate flags. Returns the true label of each pending example by id.
    func prepare(
        seed: UInt64, originals: [LabeledText], casesCSV: String, embedding: EmbeddingService, in directory: URL
    ) throws -> [Int64: String] {
        var generator = SeededRandom(seed: seed)
        let order = Array(originals.indices).shuffled(using: &generator)
        var taken: [String: Int] = [:]
        var labelled: [Int] = []
        var hidden: [Int] = []
        for index in order {
            if taken[originals[index].label, default: 0] < start {
                taken[originals[index].label, default: 0] += 1
                labelled.append(index)
            } else {
                hidden.append(index)
            }
        }
        let labelledCSV = directory.appendingPathComponent("labelled.csv").path
        try DedupAuditBenchmark.writeCSV(
            texts: labelled.map { originals[$0].text }, labels: labelled.map { originals[$0].label }, to: labelledCSV)
        let hiddenCSV = directory.appendingPathComponent("pending.csv").path
        var text = "text\n"
        for index in hidden {
            text += "\"" + originals[index].text.replacingOccurrences(of: "\"", with: "\"\"") + "\"\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: hiddenCSV))

        let store = try Store(path: directory.appendingPathComponent("base.db").path)
        _ = try ImportService().run(paths: [labelledCSV], options: ImportOptions(), store: store)
        _ = try ReviewService(store: store).decide(
            .approve, filter: ExampleFilter(status: .pending), reviewer: "loop-benchmark")
        _ = try ImportService().run(paths: [hiddenCSV], options: ImportOptions(), store: store)
        var truth: [Int64: String] = [:]
        let hiddenPath = URL(fileURLWithPath: hiddenCSV).lastPathComponent
        for example in try store.examples(ExampleFilter(status: .pending)) {
            guard case .row(let row, _) = example.locator, example.sourcePath.hasSuffix(hiddenPath) else { continue }
            truth[example.id] = originals[hidden[row - 1]].label
        }
        _ = try TestCaseService().importCases(
            path: casesCSV, format: nil, mapping: FieldMapping(), store: store, actor: "loop-benchmark")
        _ = try embedding.embedPending(store: store)
        _ = try DedupService().run(store: store, modelID: embedding.modelID)
        print(
            "seed \(seed): \(labelled.count) labelled, \(truth.count) pending with hidden labels, "
                + "\(try store.testCases().count) test cases")
        return truth
    }

    /// A reviewer labels the chosen examples with their true labels and approves them.
    func reveal(_ ids: [Int64], truth: [Int64: String], store: Store) throws {
        let review = ReviewService(store: store)
        var byLabel: [String: [Int64]] = [:]
        for id in ids {
            guard let label = truth[id] else { throw ValidationError("example \(id) has no hidden label") }
            byLabel[label, default: []].append(id)
        }
        for (label, group) in byLabel.sorted(by: { $0.key < $1.key }) {
            _ = try review.decide(.relabel(label), ids: group, reviewer: "loop-benchmark")
        }
        _ = try review.decide(.approve, ids: ids, reviewer: "loop-benchmark")
    }

    func summarize(_ results: [String: [[Measure]]]) {
        guard let suggest = results["suggest"], let random = results["random"], !suggest.isEmpty, !random.isEmpty
        else { return }
        print("\n| round | labels | suggest: cases | random: cases | suggest: held out | random: held out |")
        print("|---|---|---|---|---|---|")
        func meanAndSpread(_ values: [Double]) -> String {
            let mean = values.reduce(0, +) / Double(values.count)
            guard values.count > 1 else { return String(format: "%.4f", mean) }
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            // A 95% interval of the mean over seeds (t with n-1 degrees of freedom, up to 5 seeds).
            let t = [12.706, 4.303, 3.182, 2.776][min(values.count - 2, 3)]
            return String(format: "%.4f ± %.4f", mean, t * (variance / Double(values.count)).squareRoot())
        }
        for round in 0...rounds {
            let labels = suggest.map { $0[round].labels }.reduce(0, +) / suggest.count
            print(
                "| \(round) | \(labels) | \(meanAndSpread(suggest.map { $0[round].cases })) | "
                    + "\(meanAndSpread(random.map { $0[round].cases })) | "
                    + "\(meanAndSpread(suggest.map { $0[round].heldOut })) | "
                    + "\(meanAndSpread(random.map { $0[round].heldOut })) |")
        }
        print("\nper seed, suggest − random (points), cases / held out:")
        for round in 1...rounds {
            let differences = zip(suggest, random).map {
                String(
                    format: "%+.2f / %+.2f", 100 * ($0[round].cases - $1[round].cases),
                    100 * ($0[round].heldOut - $1[round].heldOut))
            }
            print("  round \(round): " + differences.joined(separator: ", "))
        }
    }
}
