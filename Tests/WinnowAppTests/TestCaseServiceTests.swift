import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowExport
import WinnowImport
import WinnowStore

/// Test cases: import with duplicate checks against training data, promotion, removal, history, and splits that
/// never put a case (or what it copies) into training.
@Suite("Test cases")
struct TestCaseServiceTests {
    /// The input of the example of `ticket`.
    static func input(_ fixture: SplitFixture, _ ticket: String) throws -> String {
        try fixture.store.example(id: fixture.id(ticket)).effectiveInput
    }

    @Test("imported cases are checked for exact and near copies of training examples; bad records name their row")
    func importWithDuplicates() throws {
        let fixture = try SplitFixture()
        let copied = try Self.input(fixture, "T-1004")
        // The same text with different case and punctuation, and one with a word changed.
        let exact = copied.uppercased() + "!!"
        var words = try Self.input(fixture, "T-1012").split(separator: " ").map(String.init)
        words[words.count / 2] = "really"
        let near = words.joined(separator: " ")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-cases-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cases.jsonl").path
        try Data(
            [
                #"{"text": \#(JSONValue.string(exact).serialized), "expected": "Technical", "training_point": "crash"}"#,
                #"{"text": \#(JSONValue.string(near).serialized), "label": "Billing", "note": "hand-written"}"#,
                #"{"text": "A question nobody asked before about carrier pigeons", "expected_label": "Shipping"}"#,
                #"{"text": "no label here"}"#,
                #"{"text": "#,
            ].joined(separator: "\n").appending("\n").utf8
        ).write(to: URL(fileURLWithPath: file))
        let report = try TestCaseService().importCases(
            path: file, format: nil, mapping: FieldMapping(), store: fixture.store, actor: "ana")
        #expect(report.cases.count == 3)
        #expect(report.failures.count == 2)
        #expect(report.failures.map { $0.locator } == [.line(4), .line(5)])
        #expect(report.duplicates == 2)
        let cases = try fixture.store.testCases()
        #expect(cases.map(\.expectedLabel) == ["Technical", "Billing", "Shipping"])
        #expect(cases.map(\.effectiveTrainingPoint) == ["crash", "Billing", "Shipping"])
        #expect(cases[0].duplicate == TestCaseDuplicate(exampleID: fixture.id("T-1004"), tier: "exact", similarity: 1))
        #expect(cases[1].duplicate?.exampleID == fixture.id("T-1012"))
        #expect(cases[1].duplicate?.tier == "lexical")
        #expect((cases[1].duplicate?.similarity ?? 0) >= 0.8 && (cases[1].duplicate?.similarity ?? 1) < 1)
        #expect(cases[1].note == "hand-written")
        #expect(cases[2].duplicate == nil)
        let history = try fixture.store.testCaseEvents(caseID: cases[0].id).map(\.action)
        #expect(history == ["imported", "duplicate"])
    }

    @Test("a promoted example and every copy of a case stay out of train and validation, in old and new splits")
    func splitsNeverTrainOnCases() throws {
        let fixture = try SplitFixture()
        try fixture.approveAll()
        let before = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "before")
        let promotedID = fixture.id("T-1002")
        let copiedID = fixture.id("T-1004")
        // T-1010 (T-1004 in capitals) sits in T-1004's duplicate cluster: it goes with it.
        let clusterMate = fixture.id("T-1010")
        try fixture.plantDuplicate(clusterMate, of: copiedID)

        let promoted = try TestCaseService().promote([promotedID], store: fixture.store, actor: "ana")
        #expect(promoted.map(\.exampleID) == [promotedID])
        #expect(promoted[0].origin == .promoted)
        _ = try TestCaseService().add(
            TestCaseDraft(input: try Self.input(fixture, "T-1004"), expectedLabel: "Technical"), store: fixture.store,
            actor: "ana")

        // The split made before: its train and validation parts no longer hand those examples to a trainer.
        for part in [SplitPart.train, .validation] {
            let ids = Set(try fixture.store.splitExamples(named: "before", part: part).map(\.id))
            #expect(!ids.contains(promotedID) && !ids.contains(copiedID) && !ids.contains(clusterMate))
        }
        // What training reads (the export records of the split) leaves them out too, counting them.
        let data = try TrainingData(store: fixture.store, splitName: "before")
        let trained = Set((data.training + data.validation).compactMap(\.id))
        #expect(!trained.isEmpty)
        for id in [promotedID, copiedID, clusterMate] { #expect(!trained.contains(id)) }
        let members = try fixture.store.splitMembers(splitID: before.split.id)
        #expect(members.contains { $0.exampleID == promotedID })

        // A new split leaves the promoted example, the copied one and its cluster out.
        let after = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "after")
        let assigned = Set(after.plan.assignments.map(\.exampleID))
        for id in [promotedID, copiedID, clusterMate] { #expect(!assigned.contains(id)) }
        #expect(after.exclusions.testCases == 3)
        #expect(after.split.summary["excluded"]?.value(atPath: "test_cases") == .number(3))

        // Removing the cases gives the examples back to the next split.
        try fixture.store.removeTestCases(try fixture.store.testCases().map(\.id), actor: "ben")
        let again = try SplitService().run(store: fixture.store, parameters: SplitParameters(), name: "again")
        let back = Set(again.plan.assignments.map(\.exampleID))
        for id in [promotedID, copiedID, clusterMate] { #expect(back.contains(id)) }
        #expect(again.exclusions.testCases == 0)
        let history = try fixture.store.testCaseEvents(caseID: promoted[0].id)
        #expect(history.map(\.action) == ["promoted", "removed"])
        #expect(history.map(\.actor) == ["ana", "ben"])
    }

    @Test("promotion refuses rejected, unlabelled and already promoted examples; removal refuses unknown cases")
    func refusals() throws {
        let fixture = try SplitFixture()
        let service = TestCaseService()
        let rejected = fixture.id("T-1003")
        try fixture.execute("UPDATE examples SET status = 'rejected' WHERE id = ?", [rejected])
        #expect(throws: TestCaseServiceError.rejected(rejected)) {
            try service.promote([rejected], store: fixture.store, actor: "ana")
        }
        let unlabelled = fixture.id("T-1005")
        try fixture.execute("UPDATE examples SET label = NULL, label_override = NULL WHERE id = ?", [unlabelled])
        #expect(throws: TestCaseServiceError.noLabel(unlabelled)) {
            try service.promote([unlabelled], store: fixture.store, actor: "ana")
        }
        let once = try service.promote([fixture.id("T-1002")], store: fixture.store, actor: "ana")
        #expect(throws: TestCaseStoreError.exampleAlreadyCase(example: fixture.id("T-1002"), testCase: once[0].id)) {
            try service.promote([fixture.id("T-1002")], store: fixture.store, actor: "ana")
        }
        #expect(throws: TestCaseStoreError.notFound(999)) {
            try fixture.store.removeTestCases([999], actor: "ana")
        }
        try fixture.store.removeTestCases([once[0].id], actor: "ana")
        #expect(throws: TestCaseStoreError.alreadyRemoved(once[0].id)) {
            try fixture.store.removeTestCases([once[0].id], actor: "ana")
        }
        #expect(try fixture.store.testCases().isEmpty)
        #expect(try fixture.store.testCases(includeRemoved: true).count == 1)
    }
}
