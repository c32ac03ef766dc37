import ArgumentParser
import Foundation
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowImport
import WinnowReview
import WinnowStore
import WinnowTrain

/// `winnow-bench curation`: does curation pay off in the fine-tune? BANKING77 train with labels flipped and polite
/// copies planted (a greeting added or "please" appended), then three arms trained with the default recipe and
/// tested on the test set: raw (everything, noisy labels), curated (`winnow curate` with its defaults, no person:
/// the approved examples with their effective labels) and clean (the original rows with their true labels).
/// Before training, the curation-side counts: which planted copies and which clean rows were rejected, which flips
/// were relabelled (correctly or not), and the audit's precision estimate against the true precision.
struct CurationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curation",
        abstract: "Raw, curated and clean BANKING77 arms: what curation removes and fixes, and the test accuracy.")

    @Option(
        help: """
            Training data: CSV or JSONL with a text column (`text`, `utterance`, `instruction`...) and a label column \
            (`category`, `label`, `intent`...).
            """)
    var train = "../shared/datasets/banking77/train.csv"

    @Option(help: "Test data, as the training data.")
    var test = "../shared/datasets/banking77/test.csv"

    @Option(help: "Share of labels to flip; repeat for several noise levels, one experiment per level and seed.")
    var flip: [Double] = [0.15]

    @Option(help: "Polite copies to plant.")
    var copies = 500

    @Option(help: "Seeds of the planted data, one experiment each.")
    var seed: [UInt64] = [42]

    @Option(help: "Use only the first N training rows (0: all).")
    var trainLimit = 0

    @Option(help: "Use only the first N test rows (0: all).")
    var testLimit = 0

    @Option(help: "Where the stores go (emptied first).")
    var workDirectory = "/tmp/winnow-curation"

    @Option(help: "Compute threads.")
    var threads = 2

    @Option(
        help: """
            How flipped labels are chosen: `uniform` (any other label alike) or `confusable` (one of the three \
            labels whose examples' mean embedding is nearest the true label's, as an annotator's mistakes would be).
            """)
    var flipShape = "uniform"

    @ArgumentParser.Flag(help: "Stop after the curation-side counts (no training).")
    var skipTraining = false

    @ArgumentParser.Flag(inversion: .prefixedNo, help: "Run the rule files as `winnow curate` does.")
    var check = true

    @ArgumentParser.Flag(
        inversion: .prefixedNo,
        help: "Also curate the clean rows themselves and train on what is kept: what curation costs on clean data.")
    var curateClean = true

    @ArgumentParser.Flag(
        help: "Train only the curated arms: the raw and clean arms do not depend on the policy (same data, same seed).")
    var curatedOnly = false

    @Option(help: "Seed of every arm's training (the default recipe's is 42): how much one training run varies.")
    var trainingSeed: UInt64 = 42

    @ArgumentParser.Flag(
        help: """
            Also train on the examples the curated arm kept, with their true labels (how much of the curated arm's \
            distance from clean is wrong labels it kept, and how much the examples it left out), on as many clean \
            rows drawn at random (whether it is how many examples are left out or which), and on the kept \
            examples plus the pending ones an adapter trained on the kept ones labels at least 95% right.
            """)
    var diagnose = false

    @Option(
        help: """
            Also train on what the curated arm keeps plus the first N pending examples of the review queue settled \
            as a careful person would (a planted copy rejected, every other example approved with its true label); \
            repeat for several N. With `--review-at-random`, the same number of pending examples drawn at random \
            too (what the queue's order is worth).
            """)
    var review: [Int] = []

    @ArgumentParser.Flag(help: "With `--review`, also settle as many pending examples drawn at random.")
    var reviewAtRandom = false

    @ArgumentParser.Flag(
        help: """
            Also test the curated arm's classifier with its head's biases moved by the log of each label's share \
            among all examples curation did not reject (pending ones counted under the audit's suggestion, else \
            their label) over its share among the kept ones: a correction for the labels curation leaves out \
            unevenly.
            """)
    var priorCorrection = false

    func run() throws {
        let directory = URL(fileURLWithPath: workDirectory)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        print("machine: \(MachineDescription.current)")
        var originals = try TrainBenchmark.read(train)
        if trainLimit > 0 { originals = Array(originals.prefix(trainLimit)) }
        var testing = try TrainBenchmark.read(test)
        if testLimit > 0 { testing = Array(testing.prefix(testLimit)) }
        let embedding = try EmbeddingService(threads: threads)
        var results: [(flip: Double, seed: UInt64, raw: Arm?, curated: Arm)] = []
        var flipTargets: [String: [String]] = [:]
        switch flipShape {
        case "uniform": break
        case "confusable": flipTargets = try Self.confusableLabels(originals, encoder: embedding.encoder, count: 3)
        default: throw ValidationError("--flip-shape is uniform or confusable, not \(flipShape)")
        }
        for flip in flip {
            for seed in seed {
                if let arms = try experiment(
                    flip: flip, seed: seed, originals: originals, testing: testing, embedding: embedding,
                    flipTargets: flipTargets, in: directory)
                {
                    results.append((flip, seed, arms.raw, arms.curated))
                }
            }
        }
        if skipTraining { return }
        if curatedOnly {
            for result in results {
                print(
                    String(
                        format: "| %.0f%% | %llu | curated %.4f (%d) |", 100 * result.flip, result.seed,
                        result.curated.accuracy, result.curated.count))
            }
        }
        // The clean arm does not depend on the noise: its data and the training seed are the same every time.
        let clean =
            curatedOnly ? nil : try arm("clean", originals, testing: testing, encoder: embedding.encoder)
        var cleanCurated: Arm?
        if curateClean {
            let csv = directory.appendingPathComponent("clean.csv").path
            try DedupAuditBenchmark.writeCSV(texts: originals.map(\.text), labels: originals.map(\.label), to: csv)
            print("\nclean rows, curated: \(originals.count) rows, no flips, no copies")
            let (store, _) = try curate(csv: csv, name: "clean", embedding: embedding, in: directory)
            cleanCurated = try arm("clean, curated", kept(store), testing: testing, encoder: embedding.encoder)
        }
        guard let clean else {
            if let cleanCurated {
                print(
                    String(format: "clean rows curated: %.4f (%d examples)", cleanCurated.accuracy, cleanCurated.count))
            }
            return
        }
        print("\n| flips | seed | raw | curated | clean | recovered | curated − clean |")
        print("|---|---|---|---|---|---|---|")
        for result in results {
            guard let raw = result.raw else { continue }
            let cost = clean.accuracy - raw.accuracy
            print(
                String(
                    format: "| %.0f%% | %llu | %.4f (%d) | %.4f (%d) | %.4f (%d) | %@ | %+.2f points |",
                    100 * result.flip, result.seed, raw.accuracy, raw.count, result.curated.accuracy,
                    result.curated.count, clean.accuracy, clean.count,
                    cost > 0
                        ? String(format: "%.0f%%", 100 * (result.curated.accuracy - raw.accuracy) / cost)
                        : "no cost", 100 * (result.curated.accuracy - clean.accuracy)))
        }
        if let cleanCurated {
            print(
                String(
                    format: "clean rows curated: %.4f (%d examples) against clean %.4f: %+.2f points",
                    cleanCurated.accuracy, cleanCurated.count, clean.accuracy,
                    100 * (cleanCurated.accuracy - clean.accuracy)))
        }
    }

    struct Arm {
        var count: Int
        var accuracy: Double
    }

    func arm(_ name: String, _ examples: [LabeledText], testing: [LabeledText], encoder: SentenceEncoder) throws -> Arm
    {
        try trainedArm(name, examples, testing: testing, encoder: encoder).arm
    }

    /// Trains and tests one arm, printing its line; also returns the classifier it trained.
    func trainedArm(_ name: String, _ examples: [LabeledText], testing: [LabeledText], encoder: SentenceEncoder)
        throws -> (arm: Arm, classifier: TextClassifier)
    {
        let started = Date()
        let classifier = try trainClassifier(examples, encoder: encoder)
        let accuracy = TrainBenchmark.accuracy(classifier, testing)
        print(
            String(
                format: "  arm %@: %d training examples, test accuracy %.4f (%.0f s)", name, examples.count,
                accuracy, Date().timeIntervalSince(started)))
        return (Arm(count: examples.count, accuracy: accuracy), classifier)
    }

    /// For each label, the `count` labels whose examples' mean embedding is nearest its own (cosine).
    static func confusableLabels(_ examples: [LabeledText], encoder: SentenceEncoder, count: Int) throws -> [String:
        [String]]
    {
        let vectors = try encoder.embed(examples.map(\.text))
        var sums: [String: [Float]] = [:]
        for (example, vector) in zip(examples, vectors) {
            var sum = sums[example.label] ?? [Float](repeating: 0, count: vector.count)
            for index in vector.indices { sum[index] += vector[index] }
            sums[example.label] = sum
        }
        let centroids = sums.mapValues { sum -> [Float] in
            let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return sum.map { $0 / max(norm, 1e-12) }
        }
        var nearest: [String: [String]] = [:]
        for (label, centroid) in centroids {
            var scored: [(label: String, cosine: Float)] = []
            for (other, vector) in centroids where other != label {
                var cosine: Float = 0
                for index in vector.indices { cosine += centroid[index] * vector[index] }
                scored.append((other, cosine))
            }
            scored.sort { $0.cosine > $1.cosine || ($0.cosine == $1.cosine && $0.label < $1.label) }
            nearest[label] = scored.prefix(count).map(\.label)
        }
        return nearest
    }

    /// `classifier` with each label's bias moved by log(share among the examples not rejected / share among the
    /// kept ones), pending examples counted under the audit's suggestion (else their label); and the largest move.
    static func priorCorrected(_ classifier: TextClassifier, store: Store) throws -> (
        classifier: TextClassifier, largest: Float
    ) {
        var suggested: [Int64: String] = [:]
        for flag in try store.flags(check: "label-issue") {
            if let suggestion = LabelSuggestion(flag) { suggested[flag.exampleID] = suggestion.label }
        }
        var kept: [String: Double] = [:]
        var all: [String: Double] = [:]
        for example in try store.examples() where example.status != .rejected {
            guard let label = example.effectiveLabel else { continue }
            if example.status == .approved {
                kept[label, default: 0] += 1
                all[label, default: 0] += 1
            } else {
                all[suggested[example.id] ?? label, default: 0] += 1
            }
        }
        let keptTotal = kept.values.reduce(0, +)
        let allTotal = all.values.reduce(0, +)
        var head = classifier.head
        var largest: Float = 0
        for (index, label) in classifier.labels.enumerated() {
            guard let keptCount = kept[label], let allCount = all[label], keptCount > 0 else { continue }
            let move = Float(Foundation.log((allCount / allTotal) / (keptCount / keptTotal)))
            head.bias[index] += move
            largest = max(largest, abs(move))
        }
        return (
            TextClassifier(
                tokenizer: classifier.tokenizer, base: classifier.model, adapter: nil, head: head,
                labels: classifier.labels), largest
        )
    }

    /// The approved examples with their effective labels: what `winnow curate` lets into training.
    func kept(_ store: Store) throws -> [LabeledText] {
        try store.examples().compactMap { example -> LabeledText? in
            guard example.status == .approved, let label = example.effectiveLabel else { return nil }
            return LabeledText(text: example.input, label: label)
        }
    }

    /// Imports `csv` into a new store and runs `winnow curate` with the default policy on it.
    func curate(csv: String, name: String, embedding: EmbeddingService, in directory: URL) throws -> (
        Store, CurationReport
    ) {
        let store = try Store(path: directory.appendingPathComponent("curation-\(name).db").path)
        let imported = try ImportService().run(paths: [csv], options: ImportOptions(), store: store)
        print("  imported \(imported.imported), \(imported.skippedDuplicates) skipped as exact duplicates")
        var options = CurationOptions(policy: try ReviewPolicy.load("default"))
        options.check = check
        let started = Date()
        let report = try CurationService(options: options).run(
            store: store, embedding: embedding,
            finished: { stage, text in print("  \(stage.rawValue): \(text)") })
        print(String(format: "  curate: %.1f s", Date().timeIntervalSince(started)))
        print(
            "  rules: "
                + report.review.policy.rules.map { "\($0.id) \(report.review.proposals(of: $0).count)" }.joined(
                    separator: ", "))
        return (store, report)
    }

    func experiment(
        flip: Double, seed: UInt64, originals: [LabeledText], testing: [LabeledText], embedding: EmbeddingService,
        flipTargets: [String: [String]], in directory: URL
    ) throws -> (raw: Arm?, curated: Arm)? {
        let data = PlantedData(
            texts: originals.map(\.text), labels: originals.map(\.label), copyCount: copies, flipFraction: flip,
            seed: seed, changes: PlantedData.Change.polite, flipTargets: flipTargets)
        let name = String(format: "%.0f-%llu", 100 * flip, seed)
        let csv = directory.appendingPathComponent("noisy-\(name).csv").path
        try DedupAuditBenchmark.writeCSV(texts: data.texts, labels: data.labels, to: csv)
        print(
            "\nseed \(seed): \(originals.count) rows + \(data.copies.count) polite copies; "
                + "\(data.flipped.filter { $0 }.count) labels flipped (\(flip))")
        let (store, report) = try curate(csv: csv, name: name, embedding: embedding, in: directory)
        var rowOfID: [Int64: Int] = [:]
        for example in try store.examples() {
            if case .row(let row, _) = example.locator { rowOfID[example.id] = row - 1 }
        }
        try curationCounts(store: store, data: data, rowOfID: rowOfID, report: report)
        if skipTraining { return nil }
        let raw =
            curatedOnly
            ? nil
            : try arm(
                "raw", zip(data.texts, data.labels).map { LabeledText(text: $0, label: $1) }, testing: testing,
                encoder: embedding.encoder)
        let keptExamples = try kept(store)
        let (curated, classifier) = try trainedArm(
            "curated", keptExamples, testing: testing, encoder: embedding.encoder)
        if priorCorrection {
            let corrected = try Self.priorCorrected(classifier, store: store)
            print(
                String(
                    format: "  arm curated, prior-corrected: test accuracy %.4f (biases moved by %.3f at most)",
                    TrainBenchmark.accuracy(corrected.classifier, testing), corrected.largest))
        }
        if diagnose {
            try diagnose(
                store: store, data: data, rowOfID: rowOfID, classifier: classifier, kept: keptExamples,
                originals: originals, seed: seed, testing: testing, encoder: embedding.encoder)
        }
        if !review.isEmpty {
            try reviewed(
                store: store, data: data, rowOfID: rowOfID, kept: keptExamples, seed: seed, testing: testing,
                encoder: embedding.encoder)
        }
        return (raw, curated)
    }

    /// Trains on the kept examples plus pending ones settled as a careful person would: the first N of the review
    /// queue (`winnow review next`'s order), and with ``reviewAtRandom`` as many drawn at random from the pending.
    func reviewed(
        store: Store, data: PlantedData, rowOfID: [Int64: Int], kept: [LabeledText], seed: UInt64,
        testing: [LabeledText], encoder: SentenceEncoder
    ) throws {
        let copyRows = Set(data.copies.map(\.row))
        let queue = try store.reviewQueue(ExampleFilter(status: .pending)).map(\.example)
        var random = SeededRandom(seed: seed)
        let shuffled = queue.shuffled(using: &random)
        print(
            "  review queue: \(queue.count) pending (flips \(queue.filter { rowOfID[$0.id].map { data.flipped[$0] } ?? false }.count))"
        )
        for count in review {
            var orders = [("first \(count) of the queue", Array(queue.prefix(count)))]
            if reviewAtRandom { orders.append(("\(count) pending at random", Array(shuffled.prefix(count)))) }
            for (name, settled) in orders {
                var added: [LabeledText] = []
                var fixed = 0
                var rejected = 0
                for example in settled {
                    guard let row = rowOfID[example.id] else { continue }
                    if copyRows.contains(row) {
                        rejected += 1
                        continue
                    }
                    if example.effectiveLabel != data.trueLabels[row] { fixed += 1 }
                    added.append(LabeledText(text: example.input, label: data.trueLabels[row]))
                }
                print(
                    "  a person settles the \(name): \(added.count) approved (\(fixed) relabelled), \(rejected) copies rejected"
                )
                _ = try arm("curated + \(name)", kept + added, testing: testing, encoder: encoder)
            }
        }
    }

    /// What the policy did to the planted copies, the clean rows and the flips, and the precision estimate against
    /// the truth.
    func curationCounts(store: Store, data: PlantedData, rowOfID: [Int64: Int], report: CurationReport) throws {
        let planted = Set(data.copies.map(\.row))
        var copiesRejected = 0
        var originalsRejected = 0
        var flipsFixed = 0
        var flipsWrong = 0
        var cleanRelabelled = 0
        var flipsApproved = 0
        var flipsPending = 0
        var flipsRejected = 0
        let examples = try store.examples()
        for example in examples {
            guard let row = rowOfID[example.id] else { continue }
            let relabelled = example.labelOverride != nil
            if example.status == .rejected {
                if planted.contains(row) { copiesRejected += 1 } else { originalsRejected += 1 }
            }
            if data.flipped[row] {
                if relabelled {
                    if example.effectiveLabel == data.trueLabels[row] { flipsFixed += 1 } else { flipsWrong += 1 }
                }
                switch example.status {
                case .approved: if !relabelled { flipsApproved += 1 }
                case .pending: flipsPending += 1
                case .rejected: flipsRejected += 1
                }
            } else if relabelled {
                cleanRelabelled += 1
            }
        }
        let paraphrases = try store.flags(check: "near-duplicate").filter { $0.evidence["kind"] == "paraphrase" }
        print(
            "  copies: \(copiesRejected) of \(planted.count) planted copies rejected; \(originalsRejected) original "
                + "rows rejected (their own retypes); \(paraphrases.count) paraphrase flags kept at info")
        print(
            "  flips: \(flipsFixed) relabelled to the true label, \(flipsWrong) relabelled wrongly, "
                + "\(flipsApproved) approved with the flipped label, \(flipsPending) left pending, "
                + "\(flipsRejected) rejected; \(cleanRelabelled) clean rows relabelled")
        let relabels = flipsFixed + flipsWrong + cleanRelabelled
        print(
            "  relabel precision: "
                + (relabels > 0
                    ? String(format: "%.1f%% of %d", 100 * Double(flipsFixed) / Double(relabels), relabels)
                    : "no relabels"))
        guard let estimate = report.review.fixPrecision else {
            print("  no precision estimate stored")
            return
        }
        print(
            "  estimated precision by confidence: \(estimate.summary) (\(estimate.provenance); "
                + "\(data.flipped.filter { $0 }.count) flipped by the benchmark)")
        var truth = [(suggestions: Int, correct: Int)](repeating: (0, 0), count: estimate.bands.count)
        for flag in try store.flags(check: "label-issue") {
            guard let index = rowOfID[flag.exampleID], let suggestion = LabelSuggestion(flag),
                let confidence = suggestion.confidence
            else { continue }
            let band = FixPrecisionEstimate.bandIndex(of: confidence)
            truth[band].suggestions += 1
            if data.flipped[index], suggestion.label == data.trueLabels[index] { truth[band].correct += 1 }
        }
        print(
            "  true precision by confidence:      "
                + FixPrecisionEstimate(
                    bands: zip(estimate.bands, truth).map { band, count in
                        FixPrecisionEstimate.Band(
                            lower: band.lower, upper: band.upper, suggestions: count.suggestions,
                            correct: count.correct)
                    }, planted: 0, estimatedWrongLabels: 0
                ).bandsSummary)
        print(
            "  relabel threshold: "
                + (report.review.fixThreshold.map { String(format: "confidence %.2f", $0) } ?? "none"))
        if estimate.plantedLikeConfusions {
            // What the estimate would relabel if it could set a threshold, against the truth.
            var unguarded = estimate
            unguarded.plantedLikeConfusions = false
            let pooled = truth.indices.map { band in
                truth[band...].reduce((0, 0)) { ($0.0 + $1.suggestions, $0.1 + $1.correct) }
            }
            print(
                "  planted like the audit's confusions; its threshold would be "
                    + (unguarded.threshold(minimumPrecision: 0.95).map { threshold in
                        let band = FixPrecisionEstimate.bandIndex(of: threshold)
                        return String(
                            format: "confidence %.2f: %d relabels, %.1f%% right", threshold, pooled[band].0,
                            100 * Double(pooled[band].1) / Double(max(pooled[band].0, 1)))
                    } ?? "none"))
        }
    }

    /// Where the curated arm's distance from clean goes: the kept examples with their true labels (the cost of the
    /// wrong labels kept), as many clean rows drawn at random (the cost of having fewer examples, whichever they
    /// are), and what an adapter trained on the kept examples predicts for those left pending (they
    /// were not in its training data): how often it is right, alone and where it agrees with the audit's suggestion,
    /// and an arm with the pending examples it predicts under the most inclusive rule that is at least 95% right.
    func diagnose(
        store: Store, data: PlantedData, rowOfID: [Int64: Int], classifier: TextClassifier, kept: [LabeledText],
        originals: [LabeledText], seed: UInt64, testing: [LabeledText], encoder: SentenceEncoder
    ) throws {
        let examples = try store.examples()
        let truthful = examples.compactMap { example -> LabeledText? in
            guard example.status == .approved, let row = rowOfID[example.id] else { return nil }
            return LabeledText(text: example.input, label: data.trueLabels[row])
        }
        _ = try arm("curated, true labels", truthful, testing: testing, encoder: encoder)
        var random = SeededRandom(seed: seed)
        let sample = Array(originals.shuffled(using: &random).prefix(truthful.count))
        _ = try arm("clean rows, as many drawn at random", sample, testing: testing, encoder: encoder)
        let pending = examples.compactMap { example -> (example: Example, row: Int)? in
            guard example.status == .pending, let row = rowOfID[example.id] else { return nil }
            return (example, row)
        }
        let suggestions = try store.flags(check: "label-issue").reduce(into: [Int64: LabelSuggestion]()) {
            if let suggestion = LabelSuggestion($1) { $0[$1.exampleID] = suggestion }
        }
        let predictions = classifier.predict(pending.map(\.example.input), top: 1)
        struct Rule {
            var name: String
            typealias Test = (
                _ probability: Double, _ label: String, _ suggestion: LabelSuggestion?, _ given: String?
            ) -> Bool
            var accepts: Test
        }
        var rules: [Rule] = []
        for threshold in [0.5, 0.7, 0.8, 0.9, 0.95, 0.99] {
            rules.append(Rule(name: String(format: "adapter p >= %.2f", threshold)) { p, _, _, _ in p >= threshold })
            rules.append(
                Rule(name: String(format: "adapter p >= %.2f and agrees with the audit", threshold)) { p, label, s, _ in
                    p >= threshold && s?.label == label
                })
            rules.append(
                Rule(name: String(format: "adapter p >= %.2f, agrees with the audit or the given label", threshold)) {
                    p, label, s, given in p >= threshold && (s?.label == label || given == label)
                })
        }
        print("  pending: \(pending.count) (flips \(pending.filter { data.flipped[$0.row] }.count))")
        var best: (rule: String, chosen: [LabeledText])?
        for rule in rules {
            var chosen: [LabeledText] = []
            var right = 0
            for ((example, row), prediction) in zip(pending, predictions) {
                guard
                    rule.accepts(
                        Double(prediction.probability), prediction.label, suggestions[example.id], example.label)
                else { continue }
                chosen.append(LabeledText(text: example.input, label: prediction.label))
                if prediction.label == data.trueLabels[row] { right += 1 }
            }
            let precision = Double(right) / Double(max(1, chosen.count))
            print(String(format: "    %@: %d taken, %.1f%% right", rule.name, chosen.count, 100 * precision))
            if precision >= 0.95, chosen.count > (best?.chosen.count ?? 0) { best = (rule.name, chosen) }
        }
        if let best {
            print("  adding the pending examples taken by \(best.rule)")
            _ = try arm("curated + adapter's labels", kept + best.chosen, testing: testing, encoder: encoder)
        }
    }

    func trainClassifier(_ examples: [LabeledText], encoder: SentenceEncoder) throws -> TextClassifier {
        var parameters = TrainingParameters()
        parameters.seed = trainingSeed
        let trainer = LoRATrainer(base: encoder.model, tokenizer: encoder.tokenizer, parameters: parameters)
        let result = try trainer.train(examples) { progress in
            if progress.step % 100 == 0 {
                print(
                    String(
                        format: "    epoch %d step %d/%d loss %.4f, %.0f s left", progress.epoch, progress.step,
                        progress.totalSteps, progress.loss, progress.secondsLeft))
            }
            return true
        }
        return TextClassifier(
            tokenizer: encoder.tokenizer, base: encoder.model, adapter: result.adapter, head: result.head,
            labels: result.labels)
    }
}
