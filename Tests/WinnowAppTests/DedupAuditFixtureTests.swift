import Foundation
import Testing
import WinnowApp
import WinnowCore
import WinnowDedup
import WinnowEncoder
import WinnowImport
import WinnowStore

/// `dedup` and `audit` end to end on the fixtures with the real model: the planted duplicates and the conflicting
/// label of Fixtures/README.md are found.
@Suite("Dedup and audit on the fixtures")
struct DedupAuditFixtureTests {
    @Test("planted duplicates, the paraphrase at a lower threshold, and the conflicting label")
    func plantedProblems() throws {
        let store = try Store()
        let root = CommandLineTool.packageRoot.appendingPathComponent("Fixtures")
        _ = try ImportService().run(
            paths: ["tickets.jsonl", "export.csv"].map { root.appendingPathComponent($0).path },
            options: ImportOptions(), store: store)
        // Only tickets.jsonl is embedded (the debug encoder is slow): the exact and lexical tiers need no
        // embeddings, and export.csv's examples then take no part in the semantic tier and the audit.
        let embedding = try EmbeddingService(threads: 2)
        var idOfTicket: [String: Int64] = [:]
        var fromTickets = Set<Int64>()
        for example in try store.examples() {
            idOfTicket[example.ticketID ?? ""] = example.id
            if example.sourcePath.hasSuffix("tickets.jsonl") { fromTickets.insert(example.id) }
        }
        let pending = try store.pendingEmbeddings(model: embedding.modelID).filter {
            fromTickets.contains($0.exampleID)
        }
        let vectors = try embedding.encoder.embed(pending.map(\.text))
        try store.saveEmbeddings(Array(zip(pending, vectors)).map { ($0.0, $0.1) }, model: embedding.modelID)
        func id(_ ticket: String) -> Int64 { idOfTicket[ticket] ?? -1 }
        func duplicates() throws -> [Int64: (check: String, representative: Int64, tier: String)] {
            var found: [Int64: (String, Int64, String)] = [:]
            for check in DedupService.checks {
                for flag in try store.flags(check: check) {
                    found[flag.exampleID] = (
                        check, Int64(flag.evidence["representative"]?.scalarText ?? "") ?? -1,
                        flag.evidence["tier"]?.scalarText ?? ""
                    )
                }
            }
            return found
        }

        // Defaults: the re-cased copy and the one-character change are exact, the re-typed copy is lexical.
        let first = try DedupService().run(store: store, modelID: embedding.modelID)
        var found = try duplicates()
        #expect(found[id("T-1010")]?.check == "exact-duplicate" && found[id("T-1010")]?.representative == id("T-1004"))
        #expect(
            found[id("CS-2007")]?.check == "exact-duplicate" && found[id("CS-2007")]?.representative == id("CS-2001"))
        #expect(found[id("T-1009")]?.check == "near-duplicate" && found[id("T-1009")]?.representative == id("T-1003"))
        #expect(found[id("T-1009")]?.tier == "lexical")
        // T-1008 rewords T-1001 (input embeddings at cosine 0.80): no duplicate at the default 0.95.
        #expect(found[id("T-1008")] == nil)
        #expect(found.count == first.result.flaggedCount)

        // At 0.8 the paraphrase joins; the re-run replaces the previous flags.
        var parameters = DedupParameters()
        parameters.semanticThreshold = 0.8
        _ = try DedupService(parameters: parameters).run(store: store, modelID: embedding.modelID)
        found = try duplicates()
        #expect(found[id("T-1008")]?.representative == id("T-1001"))
        #expect(found[id("T-1008")]?.tier == "semantic")
        #expect(found[id("T-1010")]?.representative == id("T-1004"))
        let comparison = try ClusterComparison.of(exampleID: id("T-1008"), store: store)
        #expect(comparison?.representative.id == id("T-1001"))
        #expect(
            comparison?.members.first?.inputDiff.contains { $0.kind == .added && $0.text.contains("Double") } == true)

        // The audit: 'billing' is a spelling variant of 'Billing' and conflicts with its cluster.
        _ = try AuditService().run(store: store, modelID: embedding.modelID)
        let taxonomy = try store.flags(check: "label-taxonomy", exampleID: id("T-1008"))
        #expect(
            taxonomy.contains {
                $0.evidence["kind"]?.scalarText == "variant" && $0.evidence["suggested_label"]?.scalarText == "Billing"
            })
        // The conflict is with a paraphrase (not a copy of the text), so it is a label-doubt, not a label-issue.
        let doubt = try store.flags(check: "label-doubt", exampleID: id("T-1008")).first
        #expect(doubt?.evidence["suggested_label"]?.scalarText == "Billing")
        #expect(doubt?.evidence["kinds"]?.arrayValue?.contains(.string("cluster-conflict")) == true)
        #expect(doubt?.evidence["cluster_copy"] == .bool(false))
        let confidence = Double(doubt?.evidence["confidence"]?.scalarText ?? "") ?? -1
        #expect((0...1).contains(confidence))
        #expect(try store.runs(command: "audit").count == 1 && store.runs(command: "dedup").count == 2)
    }
}
