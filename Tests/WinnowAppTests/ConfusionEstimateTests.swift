import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowImport
import WinnowReport
import WinnowReview
import WinnowStore

/// Wrong labels that are mistakes between similar labels, through the store: the audit stores an estimate planted
/// like its confusions, the default policy relabels nothing unattended from it, and the report says why.
@Suite("Precision estimate for confused labels")
struct ConfusionEstimateTests {
    /// 24 synthetic intents in 12 dimensions, 120 examples each; 15% of the labels moved to one of the two intents
    /// whose centre is nearest the true one.
    static func confusedData(seed: UInt64) -> (texts: [String], labels: [String], vectors: [[Float]]) {
        let classes = 24
        let perClass = 120
        let dimension = 12
        var random = SeededRandom(seed: seed)
        func unit(_ vector: [Float]) -> [Float] {
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return vector.map { $0 / max(norm, 1e-12) }
        }
        let centres = (0..<classes).map { _ in
            unit((0..<dimension).map { _ in Float.random(in: -1...1, using: &random) })
        }
        var vectors: [[Float]] = []
        var truth: [Int] = []
        for label in 0..<classes {
            for _ in 0..<perClass {
                vectors.append(unit(centres[label].map { $0 + 0.45 * Float.random(in: -1...1, using: &random) }))
                truth.append(label)
            }
        }
        func cosine(_ a: Int, _ b: Int) -> Float { zip(centres[a], centres[b]).reduce(0) { $0 + $1.0 * $1.1 } }
        let nearest = (0..<classes).map { label in
            Array((0..<classes).filter { $0 != label }.sorted { cosine(label, $0) > cosine(label, $1) }.prefix(2))
        }
        var labels = truth
        var rows = Array(truth.indices)
        rows.shuffle(using: &random)
        for row in rows.prefix(truth.count * 15 / 100) { labels[row] = nearest[truth[row]][Int(random.next() % 2)] }
        return (truth.indices.map { "synthetic ticket \($0)" }, labels.map { "intent-\($0)" }, vectors)
    }

    @Test("the audit stores an estimate planted like its confusions; the policy relabels nothing and says why")
    func confusedLabels() throws {
        let data = Self.confusedData(seed: 41)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("confused.csv")
        let body = zip(data.texts, data.labels).map { "\($0),\($1)" }.joined(separator: "\n")
        try ("text,category\n" + body + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let store = try Store()
        let imported = try ImportService().run(paths: [csv.path], options: ImportOptions(), store: store)
        #expect(imported.imported == data.texts.count)
        let vectorOfText = Dictionary(uniqueKeysWithValues: zip(data.texts, data.vectors))
        let pending = try store.pendingEmbeddings(model: "synthetic")
        try store.saveEmbeddings(pending.map { ($0, vectorOfText[$0.text] ?? []) }, model: "synthetic")

        let audit = try AuditService().run(store: store, modelID: "synthetic")
        let estimate = try #require(audit.fixPrecision)
        #expect(estimate.plantedLikeConfusions)
        let stored = try #require(try AuditService.latestFixPrecision(store: store))
        #expect(stored == estimate)
        let issues = audit.flagsByCheck.first { $0.check == "label-issue" }?.count ?? 0
        #expect(issues > 200)

        let policy = try ReviewPolicy.load("default")
        let review = try ReviewService(store: store).apply(policy, dryRun: false)
        #expect(review.fixThreshold == nil)
        #expect(review.allProposals.allSatisfy { $0.action != .relabel })
        #expect((review.heldBackBy["label-issue"] ?? 0) > 200)

        let page = try ReportService().page(store: store)
        #expect(
            page.html.contains("planted like the audit&#39;s confusions")
                || page.html.contains("planted like the audit's confusions"))
        #expect(page.html.contains("nothing relabelled: the wrong labels look like mistakes between similar labels"))
    }

    @Test("an audit of examples without labels says that, not that embeddings are missing")
    func unlabelledExamples() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("unlabelled.csv")
        try "text\nMy card has not arrived\nWhere is my refund\n".write(to: csv, atomically: true, encoding: .utf8)
        let store = try Store()
        _ = try ImportService().run(paths: [csv.path], options: ImportOptions(), store: store)
        let pending = try store.pendingEmbeddings(model: "synthetic")
        try store.saveEmbeddings(pending.map { ($0, [1, 0, 0]) }, model: "synthetic")
        do {
            _ = try AuditService().run(store: store, modelID: "synthetic")
            Issue.record("an audit with no labels ran")
        } catch AuditError.noLabels(let message) {
            #expect(message.hasPrefix("no example has a label"))
        }
    }
}
