import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowExport
import WinnowStore

@Suite("Split service")
struct SplitServiceTests {
    @Test("approved examples are split; pending ones only with --include-pending and no warning; rejected never")
    func eligibility() throws {
        let fixture = try SplitFixture()
        let all = try fixture.store.splitFacts()
        let rejected = fixture.id("T-1001")
        let approved = all.prefix(20).map(\.id).filter { $0 != rejected }
        try fixture.execute(
            "UPDATE examples SET status = 'approved' WHERE id IN (\(approved.map(String.init).joined(separator: ",")))")
        try fixture.execute("UPDATE examples SET status = 'rejected' WHERE id = ?", [rejected])
        let service = SplitService()

        let strict = try service.run(store: fixture.store, parameters: SplitParameters(), name: nil)
        #expect(strict.split.name == "split-1")
        #expect(Set(strict.plan.assignments.map(\.exampleID)) == Set(approved))
        #expect(strict.exclusions.rejected == 1)

        let loose = try service.run(
            store: fixture.store, parameters: SplitParameters(includePending: true), name: nil)
        #expect(loose.split.name == "split-2")
        let members = Set(try fixture.store.splitMembers(splitID: loose.split.id).map(\.exampleID))
        let facts = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        let expected = Set(all.filter { $0.id != rejected && (approved.contains($0.id) || !$0.hasWarning) }.map(\.id))
        #expect(members == expected)
        #expect(!members.contains(rejected))
        // T-1006 (a card number: error) and T-1011 (blank response: warning) stay out while pending.
        for ticket in ["T-1006", "T-1011"] where !approved.contains(fixture.id(ticket)) {
            #expect(facts[fixture.id(ticket)]?.hasWarning == true)
            #expect(!members.contains(fixture.id(ticket)))
        }
        #expect(loose.exclusions.pendingFlagged > 0)
    }

    @Test("a name is never reused, and a stored split cannot be changed or deleted")
    func immutability() throws {
        let fixture = try SplitFixture()
        try fixture.approveAll()
        let service = SplitService()
        let first = try service.run(store: fixture.store, parameters: SplitParameters(), name: "frozen")
        #expect(throws: SplitStoreError.nameTaken("frozen")) {
            try service.run(store: fixture.store, parameters: SplitParameters(seed: 1), name: "frozen")
        }
        for sql in [
            "UPDATE split_members SET part = 'test' WHERE split_id = ?", "DELETE FROM split_members WHERE split_id = ?",
            "UPDATE splits SET name = 'thawed' WHERE id = ?", "DELETE FROM splits WHERE id = ?",
        ] {
            #expect(throws: DatabaseError.self) { try fixture.execute(sql, [first.split.id]) }
        }
        #expect(try fixture.store.split(named: "frozen").counts == first.split.counts)
        #expect(throws: SplitServiceError.self) {
            try service.run(store: fixture.store, parameters: SplitParameters(), name: "")
        }
        // The trainer's API: a part's examples by split name.
        let test = try fixture.store.splitExamples(named: "frozen", part: .test)
        #expect(test.map(\.id) == first.plan.members(of: .test))
        #expect(
            try fixture.store.splitExampleIDs(splitID: first.split.id, part: .train) == first.plan.members(of: .train))
    }

    @Test("planted near-duplicates and ticket threads never cross parts; same seed, same split")
    func leakFreedom() throws {
        let fixture = try SplitFixture()
        try fixture.approveAll()
        // The fixtures' planted near-duplicates, plus a chain through a rejected example.
        let pairs = [("T-1008", "T-1001"), ("T-1009", "T-1003"), ("T-1010", "T-1004"), ("CS-2007", "CS-2001")]
        for (cluster, pair) in pairs.enumerated() {
            try fixture.plantDuplicate(fixture.id(pair.0), of: fixture.id(pair.1), cluster: cluster)
        }
        try fixture.execute("UPDATE examples SET status = 'rejected' WHERE id = ?", [fixture.id("T-1020")])
        try fixture.plantDuplicate(fixture.id("T-1019"), of: fixture.id("T-1020"), cluster: 9)
        try fixture.plantDuplicate(fixture.id("T-1021"), of: fixture.id("T-1020"), cluster: 9)
        // One ticket thread spread over three examples of the same source.
        for ticket in ["T-1022", "T-1023", "T-1024"] {
            try fixture.execute("UPDATE examples SET ticket_id = 'THREAD-1' WHERE id = ?", [fixture.id(ticket)])
        }
        let groups: [[Int64]] =
            pairs.map { [fixture.id($0.0), fixture.id($0.1)] } + [[fixture.id("T-1019"), fixture.id("T-1021")]]
            + [["T-1022", "T-1023", "T-1024"].map(fixture.id)]
        var previous: [(exampleID: Int64, part: SplitPart)]?
        for seed in 0..<8 as Range<UInt64> {
            let report = try SplitService().run(
                store: fixture.store,
                parameters: SplitParameters(validationFraction: 0.2, testFraction: 0.2, seed: seed),
                name: "seed-\(seed)")
            let parts = Dictionary(
                uniqueKeysWithValues: try fixture.store.splitMembers(splitID: report.split.id).map {
                    ($0.exampleID, $0.part)
                })
            for group in groups {
                #expect(Set(group.map { parts[$0] }).count == 1, "seed \(seed): \(group) crosses parts")
            }
            if seed == 0 { previous = try fixture.store.splitMembers(splitID: report.split.id) }
        }
        let again = try SplitService().run(
            store: fixture.store, parameters: SplitParameters(validationFraction: 0.2, testFraction: 0.2, seed: 0),
            name: "seed-0-again")
        let repeated = try fixture.store.splitMembers(splitID: again.split.id)
        #expect(repeated.map(\.exampleID) == previous?.map(\.exampleID))
        #expect(repeated.map(\.part) == previous?.map(\.part))
    }

    @Test("the highest train-to-test similarity is found block by block, and its absence is explained")
    func similarity() throws {
        let fixture = try SplitFixture()
        try fixture.approveAll()
        let none = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "plain")
        #expect(none.leakage.model == nil)
        let note = none.split.summary["highest_train_test_similarity"]?.value(atPath: "note")?.scalarText ?? ""
        #expect(note.contains("winnow embed"))

        // Unit vectors in 8 dimensions from a seeded generator; the summary must name the best pair.
        var random = SeededRandom(seed: 5)
        let facts = try fixture.store.splitFacts()
        var vectors: [Int64: [Float]] = [:]
        for fact in facts {
            var vector = (0..<8).map { _ in Float(random.next() % 2001) / 1000 - 1 }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            vector = vector.map { $0 / norm }
            vectors[fact.id] = vector
            try fixture.execute(
                """
                INSERT INTO embeddings (example_id, model, text_hash, dimension, vector, created_at)
                VALUES (?, 'test-model', x'00', 8, ?, ?)
                """, [fact.id, vector.withUnsafeBytes { Data($0) }, Date()])
        }
        let report = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "embedded")
        var best: (Float, Int64, Int64) = (-2, 0, 0)
        for train in report.plan.members(of: .train) {
            for test in report.plan.members(of: .test) {
                let score = zip(vectors[train] ?? [], vectors[test] ?? []).reduce(0) { $0 + $1.0 * $1.1 }
                if score > best.0 { best = (score, train, test) }
            }
        }
        let pair = try #require(report.leakage.pair)
        #expect(report.leakage.model == "test-model")
        #expect(abs(pair.score - best.0) < 1e-5)
        #expect(pair.firstID == best.1)
        #expect(pair.secondID == best.2)
        // Blocks smaller than either side give the same answer.
        let matrix = try fixture.store.embeddings(model: "test-model")
        let blocked = TrainTestSimilarity.highest(
            between: report.plan.members(of: .train), and: report.plan.members(of: .test), in: matrix, blockRows: 3)
        #expect(blocked?.firstID == pair.firstID && blocked?.secondID == pair.secondID)
        #expect(abs((blocked?.score ?? 0) - pair.score) < 1e-5)
    }
}
