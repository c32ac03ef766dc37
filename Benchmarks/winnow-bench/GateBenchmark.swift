import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowStore
import WinnowTrain

/// `winnow-bench gate`: does `eval --against … --fail-on-regression` catch a damaged round and pass an honest one?
///
/// A first round trains on `--per-intent` BANKING77 rows per intent. A damaged round trains on the same rows with
/// the labels of two intents swapped; an honest re-run trains on the same rows with another seed. Both are compared
/// with the first on the whole test file as test cases (paired exact test per training point, Holm-corrected, as
/// `winnow eval --against` does): the damaged round must be refused naming exactly the two intents, the re-run must
/// pass.
struct GateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "The regression gate on BANKING77: a round with two intents' labels swapped, and an honest re-run.")

    @Option(
        help: """
            Training data: CSV or JSONL with a text column (`text`, `utterance`, `instruction`...) and a label column \
            (`category`, `label`, `intent`...).
            """)
    var train = "../shared/datasets/banking77/train.csv"

    @Option(help: "Test data, as the training data (all of it becomes test cases).")
    var test = "../shared/datasets/banking77/test.csv"

    @Option(help: "Training rows per intent (the first ones of each).")
    var perIntent = 20

    @Option(help: "The two intents whose training labels the damaged round swaps (default: the first two labels).")
    var swap: [String] = []

    @Option(help: "Compute threads.")
    var threads = 2

    func run() throws {
        print("machine: \(MachineDescription.current)")
        var taken: [String: Int] = [:]
        let rows = try TrainBenchmark.read(train).filter { row in
            taken[row.label, default: 0] += 1
            return taken[row.label, default: 0] <= perIntent
        }
        let cases = try TrainBenchmark.read(test).enumerated().map { index, row in
            EvaluationExample(text: row.text, label: row.label, trainingPoint: row.label, id: Int64(index + 1))
        }
        let labels = Array(Set(rows.map(\.label))).sorted()
        let swapped = swap.isEmpty ? Array(labels.prefix(2)) : swap
        guard swapped.count == 2, swapped.allSatisfy(labels.contains) else {
            throw ValidationError("--swap needs two labels of the training file")
        }
        let embedding = try EmbeddingService(threads: threads)
        let service = TrainingService(encoder: embedding.encoder, modelDirectory: try ModelStore().locate())
        func examples(swapping: Bool) -> [EvaluationExample] {
            rows.map { row in
                var label = row.label
                if swapping, label == swapped[0] {
                    label = swapped[1]
                } else if swapping, label == swapped[1] {
                    label = swapped[0]
                }
                return EvaluationExample(text: row.text, label: label, trainingPoint: label)
            }
        }
        func predictions(_ training: [EvaluationExample], seed: UInt64, name: String) throws -> [String] {
            var parameters = TrainingParameters()
            parameters.seed = seed
            let started = Date()
            let outcome = try service.train(training: training, parameters: parameters)
            let predicted = service.classifier(outcome.adapter).predict(cases.map(\.text), top: 1).map(\.label)
            let right = zip(predicted, cases).filter { $0 == $1.label }.count
            print(
                String(
                    format: "%@: %d training examples, seed %llu, %.4f on %d test cases (%.0f s)", name,
                    training.count, seed, Double(right) / Double(cases.count), cases.count,
                    Date().timeIntervalSince(started)))
            return predicted
        }
        print("\(rows.count) training rows, \(cases.count) test cases; the damaged round swaps \(swapped)")
        let first = try predictions(examples(swapping: false), seed: 42, name: "round 1")
        let damaged = try predictions(examples(swapping: true), seed: 42, name: "damaged round")
        let honest = try predictions(examples(swapping: false), seed: 43, name: "honest re-run")
        for (name, after) in [("damaged round", damaged), ("honest re-run", honest)] {
            let comparison = AdapterComparison.compare(cases: cases, before: first, after: after)
            let names = comparison.regressions.map { $0.trainingPoint ?? "all cases" }
            let gate = names.isEmpty ? "passes (exit 0)" : "fails (exit 1) naming \(names.joined(separator: ", "))"
            print("\(name) against round 1: the gate \(gate)")
            for point in comparison.regressions {
                print(
                    String(
                        format: "  %@: %.3f -> %.3f, %d cases lost, %d gained, p = %.2g",
                        point.trainingPoint ?? "all cases", point.accuracyBefore, point.accuracyAfter,
                        point.lost.count, point.gained.count, point.regressionP))
            }
            let worst = comparison.points.min { $0.regressionP < $1.regressionP }
            if let worst, names.isEmpty {
                print(
                    String(
                        format: "  smallest p: %@ (%.3f -> %.3f, p = %.2g, not significant after Holm over %d)",
                        worst.trainingPoint ?? "", worst.accuracyBefore, worst.accuracyAfter, worst.regressionP,
                        comparison.points.count + 1))
            }
        }
    }
}
