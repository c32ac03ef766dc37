import Foundation
import Testing
import WinnowCore

@testable import WinnowStore

@Suite("Store: review decisions and the queue")
struct StoreReviewTests {
    /// Among examples whose flags are equally severe and as many, label issues come most confident suggestion
    /// first: a reviewer starts where the audit's suggestions are most likely right.
    @Test(arguments: TestStore.Kind.allCases)
    func labelIssuesByConfidence(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let store = test.store
        try test.commit((1...5).map { prepared("text \($0)", label: "a", line: $0) }, from: "q.jsonl")
        func issue(_ id: Int64, _ confidence: Double) -> Flag {
            Flag(
                exampleID: id, check: "label-issue", severity: .warning, message: "label",
                evidence: JSONObject([("suggested_label", .string("b")), ("confidence", .number(confidence))]))
        }
        try store.replaceFlags(
            ofChecks: ["label-issue", "other"],
            with: [
                issue(1, 0.42), issue(2, 0.97), issue(3, 0.71),
                Flag(exampleID: 4, check: "other", severity: .warning, message: "w"),
                Flag(exampleID: 5, check: "other", severity: .error, message: "e"),
                // An info flag (a paraphrase, say) does not put the least confident label issue first.
                Flag(exampleID: 1, check: "other", severity: .info, message: "i"),
            ], runID: nil)
        let queue = try store.reviewQueue(ExampleFilter())
        #expect(queue.map(\.example.id) == [5, 2, 3, 1, 4])
        #expect(queue.first { $0.example.id == 1 }?.flagCount == 2)
        #expect(try store.reviewQueueIDs(ExampleFilter(flagged: true)) == [5, 2, 3, 1, 4])
        #expect(try store.reviewQueue(ExampleFilter(limit: 2, offset: 1)).map(\.example.id) == [2, 3])
    }

    /// A reviewer selects examples by the label they are suggested, and by how sure the suggestion is: the audit's
    /// `suggested_label` or a rule's `suggestion`, only from `label-` checks; a confidence that is not a number never
    /// passes, in both stores alike.
    @Test(arguments: TestStore.Kind.allCases)
    func bySuggestion(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let store = test.store
        try test.commit((1...6).map { prepared("text \($0)", label: "a", line: $0) }, from: "s.jsonl")
        func flag(_ id: Int64, _ check: String, _ fields: [(String, JSONValue)]) -> Flag {
            Flag(exampleID: id, check: check, severity: .warning, message: "m", evidence: JSONObject(fields))
        }
        try store.replaceFlags(
            ofChecks: ["label-issue", "label-allowed", "other"],
            with: [
                flag(1, "label-issue", [("suggested_label", .string("b")), ("confidence", .number(0.92))]),
                flag(2, "label-issue", [("suggested_label", .string("b")), ("confidence", .number(0.41))]),
                flag(3, "label-issue", [("suggested_label", .string("c")), ("confidence", .number(0.95))]),
                flag(4, "label-allowed", [("suggestion", .string("b"))]),
                flag(5, "label-issue", [("suggested_label", .string("b")), ("confidence", .string("high"))]),
                // Not a label check: its evidence suggests nothing.
                flag(6, "other", [("suggested_label", .string("b")), ("confidence", .number(0.99))]),
            ], runID: nil)
        #expect(try store.exampleIDs(ExampleFilter(suggestion: "b")) == [1, 2, 4, 5])
        #expect(try store.exampleIDs(ExampleFilter(suggestion: "b", minimumConfidence: 0.9)) == [1])
        #expect(try store.exampleIDs(ExampleFilter(minimumConfidence: 0.9)) == [1, 3])
        #expect(try store.exampleIDs(ExampleFilter(minimumConfidence: 0.41)) == [1, 2, 3])
        #expect(try store.count(ExampleFilter(suggestion: "c")) == 1)
        #expect(try store.exampleIDs(ExampleFilter(suggestion: "b%")) == [])
        // A confidence that is not a number ranks as none (it once stopped the PostgreSQL queue).
        #expect(try store.reviewQueueIDs(ExampleFilter(suggestion: "b")) == [1, 2, 4, 5])
    }

    @Test(arguments: TestStore.Kind.allCases)
    func decisionsQueueAndLabels(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let store = test.store
        try test.commit(
            [
                prepared("one", label: "b"), prepared("two", label: "a", line: 2),
                prepared("three", label: "b", line: 3),
                prepared("four", label: "c", line: 4), prepared("five", line: 5),
            ], from: "r.jsonl")
        try store.replaceFlags(
            ofChecks: ["x", "y"],
            with: [
                Flag(exampleID: 4, check: "x", severity: .error, message: "e"),
                Flag(exampleID: 2, check: "y", severity: .warning, message: "w"),
                Flag(exampleID: 2, check: "x", severity: .info, message: "i"),
            ], runID: nil)
        // Most severe first, then most flags, then id; checks listed once, sorted.
        let queue = try store.reviewQueue(ExampleFilter())
        #expect(queue.map(\.example.id) == [4, 2, 1, 3, 5])
        #expect(queue[1].checks == ["x", "y"])
        #expect(queue[1].flagCount == 2)
        #expect(queue[0].maxSeverity == .error)
        #expect(queue[2].maxSeverity == nil)
        #expect(try store.reviewQueue(ExampleFilter(limit: 2, offset: 1)).map(\.example.id) == [2, 1])
        #expect(try store.reviewQueueIDs(ExampleFilter(flagged: true)) == [4, 2])
        #expect(try store.knownLabels() == ["b", "a", "c"])
        #expect(try store.lastDecisionID() == 0)

        let approve = DecisionRequest(
            exampleID: 1, basedOn: 0, action: "approve", after: ReviewState(status: .approved))
        let relabel = DecisionRequest(
            exampleID: 2, basedOn: 0, action: "relabel", after: ReviewState(labelOverride: "c"), note: "moved")
        let outcomes = try store.record([approve, relabel], reviewer: "ada")
        guard case .applied(let first) = outcomes[0], case .applied(let second) = outcomes[1] else {
            Issue.record("not applied: \(outcomes)")
            return
        }
        #expect(first.version == 1 && first.basedOn == 0)
        #expect(second.note == "moved")
        #expect(try store.knownLabels() == ["b", "c"])  // two each: by name
        #expect(try store.record([approve], reviewer: "bob") == [.unchanged(exampleID: 1)])
        let stale = try store.record(
            [DecisionRequest(exampleID: 1, basedOn: 0, action: "reject", after: ReviewState(status: .rejected))],
            reviewer: "bob")
        guard case .stale(let refusal) = stale.first else {
            Issue.record("not refused: \(stale)")
            return
        }
        #expect(refusal.currentVersion == 1)
        #expect(refusal.latest?.reviewer == "ada")
        // A bulk decision made against a page drawn before decision `first` refuses examples decided since.
        let bulk = try store.record(
            [DecisionRequest(exampleID: 2, basedOn: 1, action: "approve", after: ReviewState(status: .approved))],
            reviewer: "bob", notAfter: first.id)
        #expect(bulk.count == 1)
        if case .stale = bulk[0] {} else { Issue.record("bulk decision not refused: \(bulk)") }

        #expect(try store.lastDecisionID() == second.id)
        #expect(try store.decision(id: second.id)?.action == "relabel")
        #expect(try store.decisions(exampleID: 2, after: 0).map(\.id) == [second.id])
        #expect(try store.undoableDecisions(reviewer: "ada", limit: 5).map(\.id) == [second.id, first.id])
        let undo = DecisionRequest(
            exampleID: 2, basedOn: 1, action: "undo", after: ReviewState(), reverts: second.id)
        _ = try store.record([undo], reviewer: "ada")
        #expect(try store.undoableDecisions(reviewer: "ada", limit: 5).map(\.id) == [first.id])
        _ = try store.record(
            [DecisionRequest(exampleID: 3, basedOn: 0, action: "reject", after: ReviewState(status: .rejected))],
            reviewer: "policy:default")
        #expect(try store.examplesDecidedByPeople() == [1])
        #expect(try store.decisionCounts().map(\.reviewer) == ["ada", "policy:default"])
        #expect(try store.decisionTotals().byAction == ["approve": 1, "relabel": 1, "undo": 1, "reject": 1])
        #expect(try store.example(id: 2).labelOverride == nil)
        #expect(try store.example(id: 2).version == 2)
    }
}
