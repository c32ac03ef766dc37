import ArgumentParser
import Foundation
import WinnowApp
import WinnowAudit
import WinnowCore
import WinnowDedup
import WinnowImport
import WinnowStore
import WinnowTrain

/// `winnow-bench dedup-audit`: BANKING77 train with 10% of labels flipped and near-duplicates planted, run through
/// import, embed, dedup and audit; precision, recall and F1 for label issues and duplicates, with the time of
/// each step, next to cleanlab's `find_label_issues` on the same labels and the same embeddings.
struct DedupAuditBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup-audit",
        abstract: "Duplicates and label issues on BANKING77 with planted truth, against cleanlab in the same run.")

    @Option(help: "BANKING77 train CSV (`text`, `category`).")
    var csv = "../shared/datasets/banking77/train.csv"

    @Option(help: "Near-duplicate copies to plant.")
    var copies = 500

    @Option(help: "Share of labels to flip.")
    var flip = 0.1

    @Option(help: "Seed for the planted copies and the flips.")
    var seed: UInt64 = 42

    @Option(help: "Where the store and the files for the Python side go (emptied first).")
    var workDirectory = "/tmp/winnow-dedup-audit"

    @Option(help: "Python with cleanlab and scikit-learn for the side-by-side run (empty: skip it).")
    var python = "/work/py/bin/python"

    @Option(help: "cleanlab's LogisticRegression C, one run per value (scikit-learn's default is 1).")
    var cleanlabC: [Double] = [1.0]

    @Option(help: "Compute threads.")
    var threads = 2

    func run() throws {
        let directory = URL(fileURLWithPath: workDirectory)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        print("machine: \(MachineDescription.current)")

        // The data: read, plant, write as CSV.
        let rows = try TrainBenchmark.read(csv).map { (text: $0.text, label: $0.label) }
        let data = PlantedData(
            texts: rows.map(\.text), labels: rows.map(\.label), copyCount: copies, flipFraction: flip, seed: seed)
        let csvPath = directory.appendingPathComponent("noisy.csv").path
        try Self.writeCSV(texts: data.texts, labels: data.labels, to: csvPath)
        print(
            "data: \(rows.count) BANKING77 rows + \(data.copies.count) planted copies = \(data.texts.count) rows; "
                + "\(data.flipped.filter { $0 }.count) labels flipped (seed \(seed))")

        // Import and embed.
        let store = try Store(path: directory.appendingPathComponent("bench.db").path)
        let importReport = try timed("import") {
            try ImportService().run(paths: [csvPath], options: ImportOptions(), store: store)
        }
        let examples = try store.examples()
        var rowOfID: [Int64: Int] = [:]
        for example in examples {
            if case .row(let row, _) = example.locator { rowOfID[example.id] = row - 1 }
        }
        let idOfRow = Dictionary(uniqueKeysWithValues: rowOfID.map { ($1, $0) })
        print("  imported \(importReport.imported), \(importReport.skippedDuplicates) skipped as exact duplicates")
        let embedding = try EmbeddingService(threads: threads)
        let embedded = try timed("embed") { try embedding.embedPending(store: store) }
        print("  \(embedded.embedded) texts, \(Int(Double(embedded.embedded) / max(embedded.seconds, 1e-9))) texts/s")

        // Dedup.
        let dedup = try timed("dedup") { try DedupService().run(store: store, modelID: embedding.modelID) }
        for stage in dedup.result.stageSeconds { print(String(format: "    %@ %.2f s", stage.stage, stage.seconds)) }
        try reportDuplicates(store: store, data: data, idOfRow: idOfRow, rowOfID: rowOfID)

        // Audit.
        let audit = try timed("audit") { try AuditService().run(store: store, modelID: embedding.modelID) }
        for stage in audit.result.stageSeconds { print(String(format: "    %@ %.2f s", stage.stage, stage.seconds)) }
        let truth = audit.exampleIDs.map { id in rowOfID[id].map { data.flipped[$0] } ?? false }
        print(
            "label issues: \(truth.filter { $0 }.count) flipped among \(audit.examples) audited examples; "
                + "out-of-fold model accuracy \(String(format: "%.3f", audit.result.modelAccuracy)) (against the noisy labels)"
        )
        let flagged = Set(try store.flags(check: "label-issue").map(\.exampleID))
        let rowsFlagged = audit.exampleIDs.map { flagged.contains($0) }
        print(Self.scoreLine("winnow audit (label-issue)", predicted: rowsFlagged, truth: truth))
        let neighboursOnly = Set(try store.flags(check: "label-doubt").map(\.exampleID))
        print(
            Self.scoreLine(
                "  label-doubt (not counted above)",
                predicted: audit.exampleIDs.map { neighboursOnly.contains($0) },
                truth: truth))
        try evidenceBreakdown(store: store, ids: audit.exampleIDs, truth: truth)
        try ablations(audit: audit, truth: truth)

        // cleanlab on the same labels and embeddings.
        guard !python.isEmpty else { return }
        let matrix = try store.embeddings(model: embedding.modelID, exampleIDs: audit.exampleIDs)
        precondition(matrix.exampleIDs == audit.exampleIDs, "the audit's rows are the stored embeddings' rows")
        let embeddingsPath = directory.appendingPathComponent("embeddings.f32")
        try matrix.values.withUnsafeBytes { Data($0) }.write(to: embeddingsPath)
        let labelsPath = directory.appendingPathComponent("labels.json")
        try JSONValue.object(
            JSONObject([
                ("dimension", .number(Double(matrix.dimension))),
                ("labels", .array(audit.result.givenLabels.map(JSONValue.string))),
                ("flipped", .array(truth.map(JSONValue.bool))),
            ])
        ).serialized.write(to: labelsPath, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python/cleanlab_issues.py").path
        for c in cleanlabC {
            let outputPath = directory.appendingPathComponent("cleanlab-C\(c).json")
            let started = Date()
            let status = try Self.runProcess(
                python, [script, embeddingsPath.path, labelsPath.path, outputPath.path, "--C", String(c)])
            let elapsed = Date().timeIntervalSince(started)
            guard status == 0, let text = try? String(contentsOf: outputPath, encoding: .utf8),
                let result = try? JSONParser.parse(text).objectValue
            else {
                print("cleanlab: the Python side failed (exit \(status)); see the output above")
                continue
            }
            let issues = Set((result["issues"]?.arrayValue ?? []).compactMap { $0.scalarText.flatMap { Int($0) } })
            print(String(format: "step cleanlab (C=%g): %.1f s wall", c, elapsed))
            print(
                Self.scoreLine(
                    "cleanlab find_label_issues (prune_by_noise_rate, LogisticRegression C=\(c))",
                    predicted: audit.exampleIDs.indices.map { issues.contains($0) }, truth: truth))
        }
    }

    /// Precision and recall of the duplicate flags against the planted copies.
    func reportDuplicates(store: Store, data: PlantedData, idOfRow: [Int: Int64], rowOfID: [Int64: Int]) throws {
        var clusterOf: [Int64: Int] = [:]
        var flags: [WinnowCore.Flag] = []
        for check in DedupService.checks { flags += try store.flags(check: check) }
        for flag in flags {
            guard let cluster = flag.evidence["cluster"]?.scalarText.flatMap({ Int($0) }),
                let representative = flag.evidence["representative"]?.scalarText.flatMap({ Int64($0) })
            else { continue }
            clusterOf[flag.exampleID] = cluster
            clusterOf[representative] = cluster
        }
        var partner: [Int: Int] = [:]
        for copy in data.copies {
            partner[copy.row] = copy.original
            partner[copy.original] = copy.row
        }
        var found: [PlantedData.Change: (found: Int, total: Int)] = [:]
        for copy in data.copies {
            guard let copyID = idOfRow[copy.row], let originalID = idOfRow[copy.original] else { continue }
            let together = clusterOf[copyID] != nil && clusterOf[copyID] == clusterOf[originalID]
            found[copy.change, default: (0, 0)].found += together ? 1 : 0
            found[copy.change, default: (0, 0)].total += 1
        }
        var correct = 0
        var natural = 0
        var byTier: [String: (flags: Int, correct: Int)] = [:]
        let normalized = data.texts.map { TextNormalizer.normalize($0) }
        for flag in flags {
            guard let representative = flag.evidence["representative"]?.scalarText.flatMap({ Int64($0) }),
                let row = rowOfID[flag.exampleID], let representativeRow = rowOfID[representative]
            else { continue }
            let tier = flag.evidence["tier"]?.scalarText ?? "?"
            let planted = partner[row] == representativeRow
            if planted { correct += 1 } else if normalized[row] == normalized[representativeRow] { natural += 1 }
            byTier[tier, default: (0, 0)].flags += 1
            byTier[tier, default: (0, 0)].correct += planted ? 1 : 0
        }
        let total = found.values.reduce(0) { $0 + $1.total }
        let recovered = found.values.reduce(0) { $0 + $1.found }
        let precision = flags.isEmpty ? 0 : Double(correct) / Double(flags.count)
        let recall = total == 0 ? 0 : Double(recovered) / Double(total)
        print(
            String(
                format: "duplicates: %d flags; precision %.3f, recall %.3f, F1 %.3f against the %d planted copies",
                flags.count,
                precision, recall, Self.f1(precision, recall), total))
        print(
            "  \(natural) of the \(flags.count - correct) other flags pair texts that are identical after normalisation "
                + "in BANKING77 itself (real duplicates, counted as false positives)")
        for change in PlantedData.Change.allCases {
            let entry = found[change] ?? (0, 0)
            print(String(format: "  recall, %@: %d of %d", change.rawValue, entry.found, entry.total))
        }
        for (tier, entry) in byTier.sorted(by: { $0.key < $1.key }) {
            print("  tier \(tier): \(entry.flags) flags, \(entry.correct) of them planted copies")
        }
    }

    /// How often each combination of evidence hits a flipped label.
    func evidenceBreakdown(store: Store, ids: [Int64], truth: [Bool]) throws {
        let flipped = Dictionary(uniqueKeysWithValues: zip(ids, truth))
        var counts: [String: (flags: Int, flipped: Int)] = [:]
        for check in ["label-issue", "label-doubt"] {
            for flag in try store.flags(check: check) {
                var kinds = (flag.evidence["kinds"]?.arrayValue ?? []).compactMap(\.scalarText).sorted()
                if flag.evidence["cluster_copy"] == .bool(false) {
                    kinds = kinds.map { $0 == "cluster-conflict" ? "cluster-conflict (paraphrase)" : $0 }
                }
                let key = "\(check): " + kinds.joined(separator: " + ")
                counts[key, default: (0, 0)].flags += 1
                counts[key, default: (0, 0)].flipped += flipped[flag.exampleID] == true ? 1 : 0
            }
        }
        for (key, entry) in counts.sorted(by: { $0.value.flags > $1.value.flags }) {
            print(
                String(
                    format: "  %@: %d flags, %.2f of them flipped", key, entry.flags,
                    Double(entry.flipped) / Double(max(entry.flags, 1))))
        }
    }

    /// Confident learning variants on the same probabilities, for the record.
    func ablations(audit: AuditReport, truth: [Bool]) throws {
        let result = audit.result
        for (name, probabilities) in [
            ("regression alone", result.modelProbabilities), ("blended", result.probabilities),
        ] {
            for selection in ConfidentLearning.Selection.allCases {
                let issues = ConfidentLearning.findIssues(
                    probabilities: probabilities, labels: result.labels, selection: selection)
                var predicted = [Bool](repeating: false, count: truth.count)
                for issue in issues.issues { predicted[issue.row] = true }
                print(
                    Self.scoreLine(
                        "  confident learning, \(name), \(selection.rawValue)", predicted: predicted, truth: truth))
            }
        }
    }

    static func scoreLine(_ name: String, predicted: [Bool], truth: [Bool]) -> String {
        let truePositives = zip(predicted, truth).filter { $0 && $1 }.count
        let flagged = predicted.filter { $0 }.count
        let positives = truth.filter { $0 }.count
        let precision = flagged == 0 ? 0 : Double(truePositives) / Double(flagged)
        let recall = positives == 0 ? 0 : Double(truePositives) / Double(positives)
        return String(
            format: "%@: %d flagged, precision %.3f, recall %.3f, F1 %.3f", name, flagged, precision, recall,
            f1(precision, recall))
    }

    static func f1(_ precision: Double, _ recall: Double) -> Double {
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    func timed<Result>(_ step: String, _ body: () throws -> Result) rethrows -> Result {
        let started = Date()
        let cpu = EmbedBenchmark.processCPUSeconds()
        let result = try body()
        print(
            String(
                format: "step %@: %.2f s wall, %.2f s CPU", step, Date().timeIntervalSince(started),
                EmbedBenchmark.processCPUSeconds() - cpu))
        return result
    }

    static func writeCSV(texts: [String], labels: [String], to path: String) throws {
        func quoted(_ field: String) -> String { "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var output = "text,category\n"
        for (text, label) in zip(texts, labels) { output += quoted(text) + "," + quoted(label) + "\n" }
        try output.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func runProcess(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        fflush(nil)  // all streams: our buffered lines come before the child's
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
