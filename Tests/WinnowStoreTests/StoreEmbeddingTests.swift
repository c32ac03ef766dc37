import Foundation
import Testing
import WinnowCore

@testable import WinnowStore

/// A vector that names its example, so a stored row shows whose it is.
private func vector(_ id: Int64, _ text: String) -> [Float] {
    [Float(id), Float(text.utf8.count), -1.5, 0.25]
}

private func embed(_ items: [PendingEmbedding]) -> [(pending: PendingEmbedding, vector: [Float])] {
    items.map { ($0, vector($0.exampleID, $0.text)) }
}

private func importTexts(_ test: TestStore, _ texts: [String]) throws {
    let source = try test.source("e.jsonl")
    _ = try test.store.commitBatch(
        source: source, examples: texts.enumerated().map { prepared($1, line: $0 + 1) }, failures: [],
        recordsDone: texts.count)
}

@Suite("Stored embeddings")
struct StoreEmbeddingTests {
    @Test(arguments: TestStore.Kind.allCases)
    func storedReadAndStaleAfterAnEdit(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        try importTexts(test, ["first", "second text", "third"])
        let pending = try test.store.pendingEmbeddings(model: "m")
        #expect(pending.map(\.exampleID) == [1, 2, 3])
        #expect(pending[1].textHash == Data(Store.textDigest("second text")))
        try test.store.saveEmbeddings(embed(Array(pending.prefix(2))), model: "m")
        #expect(try test.store.pendingEmbeddings(model: "m").map(\.exampleID) == [3])
        #expect(try test.store.embeddingCount(model: "m") == 2)
        #expect(try test.store.embeddingCount(model: "other") == 0)
        let matrix = try test.store.embeddings(model: "m")
        #expect(matrix.exampleIDs == [1, 2])
        #expect(matrix.dimension == 4)
        #expect(Array(matrix.row(1)) == vector(2, "second text"))
        #expect(try test.store.embeddings(model: "m", exampleIDs: [2, 3]).exampleIDs == [2])
        // An edited text is pending again (its hash computed by the database on PostgreSQL, by Winnow on SQLite).
        try test.execute("UPDATE examples SET edited_input = 'ünïcödé 🙂 edit' WHERE id = 1")
        let again = try test.store.pendingEmbeddings(model: "m")
        #expect(again.map(\.exampleID) == [1, 3])
        #expect(again.first?.text == "ünïcödé 🙂 edit")
        try test.store.saveEmbeddings(embed(again), model: "m")
        #expect(try test.store.pendingEmbeddings(model: "m").isEmpty)
        #expect(Array(try test.store.embeddings(model: "m").row(0)) == vector(1, "ünïcödé 🙂 edit"))
    }
}

@Suite(
    "The shared embedding queue", .enabled(if: TestStore.postgresServer != nil, "make test starts a PostgreSQL server"))
struct EmbeddingQueueTests {
    @Test func workersClaimDisjointBatchesAndFinishThem() throws {
        let test = try TestStore(.postgres)
        try importTexts(test, (1...10).map { "text \($0)" })
        let other = try Store(postgres: try #require(test.store.postgres).address)
        #expect(try test.store.queueEmbeddings(model: "m") == 10)
        #expect(try other.queueEmbeddings(model: "m") == 0)
        let a = try test.store.claimEmbeddings(model: "m", worker: "a", limit: 4, lease: 60)
        let b = try other.claimEmbeddings(model: "m", worker: "b", limit: 4, lease: 60)
        #expect(a.items.map(\.exampleID) == [1, 2, 3, 4])
        #expect(b.items.map(\.exampleID) == [5, 6, 7, 8])
        #expect(a.items[0].text == "text 1")
        #expect(try test.store.embeddingQueue(model: "m").held == 8)
        #expect(try test.store.saveClaimedEmbeddings(embed(a.items), model: "m", worker: "a") == 4)
        // A worker cannot store what it does not hold.
        #expect(try test.store.saveClaimedEmbeddings(embed(b.items), model: "m", worker: "a") == 0)
        #expect(try other.saveClaimedEmbeddings(embed(b.items), model: "m", worker: "b") == 4)
        let rest = try other.claimEmbeddings(model: "m", worker: "b", limit: 4, lease: 60)
        #expect(rest.items.map(\.exampleID) == [9, 10])
        #expect(try test.store.claimEmbeddings(model: "m", worker: "a", limit: 4, lease: 60).items.isEmpty)
        #expect(try other.saveClaimedEmbeddings(embed(rest.items), model: "m", worker: "b") == 2)
        #expect(try test.store.embeddingQueue(model: "m") == WorkQueueState(open: 0, held: 0, nextExpiry: nil))
        #expect(try test.store.embeddingCount(model: "m") == 10)
        #expect(try test.store.pendingEmbeddings(model: "m").isEmpty)
        // Finished texts are not queued again; an edited one is, once.
        #expect(try test.store.queueEmbeddings(model: "m") == 0)
        try test.execute("UPDATE examples SET edited_input = 'changed' WHERE id = 3")
        #expect(try test.store.queueEmbeddings(model: "m") == 1)
        #expect(try other.queueEmbeddings(model: "m") == 0)
        let edited = try other.claimEmbeddings(model: "m", worker: "b", limit: 4, lease: 60)
        #expect(edited.items.map(\.text) == ["changed"])
        #expect(edited.reclaimed == 0)
    }

    @Test func anExpiredLeaseIsTakenOverAndTheLateWorkerKeepsNothing() throws {
        let test = try TestStore(.postgres)
        try importTexts(test, ["one", "two", "three"])
        _ = try test.store.queueEmbeddings(model: "m")
        let dead = try test.store.claimEmbeddings(model: "m", worker: "dead", limit: 2, lease: 0.2)
        #expect(dead.items.count == 2)
        // While the lease holds, nobody else gets those texts.
        #expect(try test.store.claimEmbeddings(model: "m", worker: "live", limit: 5, lease: 60).items.count == 1)
        let state = try test.store.embeddingQueue(model: "m")
        #expect(state.held == 3)
        #expect(state.nextExpiry != nil)
        Thread.sleep(forTimeInterval: 0.3)
        let taken = try test.store.claimEmbeddings(model: "m", worker: "live", limit: 5, lease: 60)
        #expect(taken.items.map(\.exampleID) == dead.items.map(\.exampleID))
        #expect(taken.reclaimed == 2)
        // The slow worker comes back: its vectors are not stored over the new holder's.
        #expect(try test.store.saveClaimedEmbeddings(embed(dead.items), model: "m", worker: "dead") == 0)
        #expect(try test.store.embeddingCount(model: "m") == 0)
        #expect(try test.store.saveClaimedEmbeddings(embed(taken.items), model: "m", worker: "live") == 2)
        #expect(try test.store.embeddingCount(model: "m") == 2)
    }

    @Test func aReleasedClaimIsFreeAtOnce() throws {
        let test = try TestStore(.postgres)
        try importTexts(test, ["one", "two"])
        _ = try test.store.queueEmbeddings(model: "m")
        #expect(try test.store.claimEmbeddings(model: "m", worker: "a", limit: 5, lease: 600).items.count == 2)
        try test.store.releaseEmbeddingClaims(model: "m", worker: "a")
        let again = try test.store.claimEmbeddings(model: "m", worker: "b", limit: 5, lease: 600)
        #expect(again.items.count == 2)
        #expect(again.reclaimed == 2)
    }

    @Test func aSQLiteStoreDoesNotShareWork() throws {
        let test = try TestStore(.memory)
        #expect(!test.store.sharesWork)
        #expect(throws: StoreError.sharedWorkNeedsPostgres) { try test.store.queueEmbeddings(model: "m") }
    }
}

@Suite("Shared check runs", .enabled(if: TestStore.postgresServer != nil, "make test starts a PostgreSQL server"))
struct SharedRunTests {
    @Test func workersJoinOneRunStoreOnlyWhatTheyHoldAndTheLastClosesIt() throws {
        let test = try TestStore(.postgres)
        try importTexts(test, (1...6).map { "text \($0)" })
        let other = try Store(postgres: try #require(test.store.postgres).address)
        let first = try test.store.openSharedRun(command: "check", key: "r1,r2", parameters: JSONObject())
        let second = try other.openSharedRun(command: "check", key: "r1,r2", parameters: JSONObject())
        #expect(!first.joined)
        #expect(second.joined)
        #expect(second.runID == first.runID)
        // Other rules make another run.
        let unrelated = try other.openSharedRun(command: "check", key: "r3", parameters: JSONObject())
        #expect(unrelated.runID != first.runID)

        let a = try test.store.claimWork(task: first.task, worker: "a", limit: 2, lease: 60)
        let dead = try other.claimWork(task: first.task, worker: "dead", limit: 2, lease: 0.2)
        #expect(a.ids == [1, 2])
        #expect(dead.ids == [3, 4])
        func flags(_ ids: [Int64]) -> [Flag] {
            ids.map { Flag(exampleID: $0, check: "r1", severity: .warning, message: "m", runID: first.runID) }
        }
        let saved = try test.store.saveCheckedWork(
            task: first.task, worker: "a", exampleIDs: a.ids, checks: ["r1", "r2"], flags: flags(a.ids + [3]),
            runID: first.runID, rejections: [(exampleID: 2, ruleID: "r2"), (exampleID: 3, ruleID: "r2")])
        #expect(saved.held == [1, 2])
        #expect(saved.rejected == 1)
        #expect(try test.store.flags(check: "r1").map(\.exampleID) == [1, 2])
        #expect(!(try test.store.closeSharedRun(first, summary: JSONObject())))
        Thread.sleep(forTimeInterval: 0.3)
        let rest = try other.claimWork(task: first.task, worker: "b", limit: 10, lease: 60)
        #expect(rest.ids == [3, 4, 5, 6])
        #expect(rest.reclaimed == 2)
        #expect(
            try other.saveCheckedWork(
                task: first.task, worker: "dead", exampleIDs: dead.ids, checks: ["r1", "r2"], flags: flags(dead.ids),
                runID: first.runID, rejections: []
            ).held.isEmpty)
        _ = try other.saveCheckedWork(
            task: first.task, worker: "b", exampleIDs: rest.ids, checks: ["r1", "r2"], flags: flags(rest.ids),
            runID: first.runID, rejections: [])
        let totals = try test.store.sharedRunTotals(first)
        #expect(totals.examples == 6)
        #expect(totals.byCheck["r1"]?.flags == 6)
        #expect(try other.closeSharedRun(first, summary: JSONObject([("examples", .number(6))])))
        #expect(!(try test.store.closeSharedRun(first, summary: JSONObject())))
        #expect(try test.store.runs(command: "check").first { $0.id == first.runID }?.status == "complete")
        // A finished run is not joined again.
        #expect(
            try test.store.openSharedRun(command: "check", key: "r1,r2", parameters: JSONObject()).runID != first.runID)
    }

    @Test func aRunOfASelectionQueuesOnlyItsExamples() throws {
        let test = try TestStore(.postgres)
        try importTexts(test, ["apple one", "pear two", "Apple three", "plum four"])
        let selection = ExampleFilter(text: "apple")
        #expect(selection.selectionKey == ExampleFilter(text: "apple", limit: 3, offset: 1).selectionKey)
        #expect(selection.selectionKey != ExampleFilter(text: "pear").selectionKey)
        #expect(ExampleFilter().selectionKey.isEmpty)
        let key = "r1 " + selection.selectionKey
        let run = try test.store.openSharedRun(
            command: "check", key: key, parameters: JSONObject(), selection: selection)
        #expect(try test.store.workQueue(task: run.task).open == 2)
        let other = try Store(postgres: try #require(test.store.postgres).address)
        let joined = try other.openSharedRun(command: "check", key: key, parameters: JSONObject(), selection: selection)
        #expect(joined.joined && joined.runID == run.runID)
        // Every example is another run.
        let whole = try other.openSharedRun(command: "check", key: "r1", parameters: JSONObject())
        #expect(whole.runID != run.runID)
        #expect(try other.workQueue(task: whole.task).open == 4)
        #expect(try test.store.claimWork(task: run.task, worker: "a", limit: 10, lease: 60).ids == [1, 3])
    }
}
