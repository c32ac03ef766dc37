import Foundation
import GRDB
import Testing
import WinnowCore

@testable import WinnowStore

@Suite("Store: schema and files")
struct StoreSchemaTests {
    @Test(arguments: TestStore.Kind.sqlite)
    func migrationsCreateAllTables(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let tables = try test.store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for table in [
            "sources", "examples", "import_errors", "runs", "flags", "decisions", "splits", "split_members",
            "test_cases", "test_case_events", "users", "web_sessions", "sign_in_failures", "work_claims",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let applied = try test.store.writer.read { db in try Store.migrator.appliedIdentifiers(db) }
        #expect(
            applied == [
                "v1-sources-examples-errors", "v1-runs-flags-decisions", "v2-embeddings", "v3-splits",
                "v3-decision-versions", "v3-content-keys", "v4-import-identity", "v4-project-settings",
                "v5-test-cases", "v6-users-sessions", "v7-work-claims", "v8-bulk-import", "v9-import-indexes",
                "v10-source-paths",
            ])
    }

    @Test func fileStoreUsesWALAndKeepsDataAcrossOpenings() throws {
        let test = try TestStore(.file)
        let path = try #require(test.store.path)
        let mode = try test.store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let pageSize = try test.store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        #expect(pageSize == 16384)
        let source = try test.source("a.jsonl")
        _ = try test.store.commitBatch(source: source, examples: [prepared("hello")], failures: [], recordsDone: 1)
        #expect(Store.exists(at: path))

        let reopened = try Store(path: path)
        #expect(try reopened.count() == 1)
        #expect(try reopened.examples().first?.input == "hello")
    }

    @Test(arguments: [1, 200])
    func nonSQLiteFileIsNotAStore(repeats: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("notes.db").path
        try Data(String(repeating: "These are notes, not a database.\n", count: repeats).utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notAStore(path: path)) { try Store(path: path) }
    }

    @Test func missingStoreIsReported() {
        #expect(!Store.exists(at: "/nonexistent/winnow-\(UUID()).db"))
        #expect(StoreError.noSuchExample(7).description == "no example with id 7")
    }
}

@Suite("Store: importing batches")
struct StoreImportTests {
    @Test(arguments: TestStore.Kind.allCases)
    func registerSourceIsKeyedBySHA256(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let first = try test.store.registerSource(path: "a.jsonl", sha256: "abc", format: .jsonl, size: 10)
        let again = try test.store.registerSource(path: "renamed.jsonl", sha256: "abc", format: .jsonl, size: 10)
        let other = try test.store.registerSource(path: "a.jsonl", sha256: "def", format: .jsonl, size: 10)
        #expect(first.id == again.id)
        #expect(again.path == "a.jsonl")
        #expect(other.id != first.id)
        #expect(!first.isComplete)
        #expect(first.recordsDone == 0)
        #expect(try test.store.sources().count == 2)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func commitBatchSkippingTextSkipsKnownContentHashes(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("a.jsonl")
        let byText = ImportIdentity(skipDuplicateText: true)
        let first = try test.store.commitBatch(
            source: source,
            examples: [
                prepared("Refund please", response: "Done", label: "Billing", line: 1),
                prepared("Where is my parcel?", line: 2),
                prepared("  Refund\n please ", response: "Done", label: "Billing", line: 3),
            ],
            failures: [], recordsDone: 3, identity: byText)
        #expect(first.imported == 2)
        #expect(first.duplicates == 1)
        #expect(first.skipped == [SkippedRecord(locator: .line(3), reason: .sameText, duplicateOf: 1)])
        #expect(first.quarantined == 0)

        let second = try test.store.commitBatch(
            source: source, examples: [prepared("Where is my parcel?", line: 4), prepared("New one", line: 5)],
            failures: [], recordsDone: 5, identity: byText)
        #expect(second.imported == 1)
        #expect(second.duplicates == 1)
        #expect(try test.store.count() == 3)
        #expect(try test.store.examples().map(\.locator) == [.line(1), .line(2), .line(5)])
        #expect(try test.store.skippedRecords().map(\.record.locator) == [.line(3), .line(4)])
    }

    /// A text many tickets share (`Thanks!`), over several batches: each ticket's first example is found again
    /// however many came between, and a new ticket's is kept.
    @Test(arguments: TestStore.Kind.allCases)
    func aTextSharedByManyTicketsFindsEachTicketsFirstAcrossBatches(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("a.csv")
        let first = try test.store.commitBatch(
            source: source,
            examples: (0..<40).map { prepared("Thanks!", line: $0 + 1, ticket: "T-\($0)") },
            failures: [], recordsDone: 40)
        #expect(first.imported == 40)
        #expect(first.equalText == 39)
        let ids = try test.store.examples().map(\.id)
        let second = try test.store.commitBatch(
            source: source,
            examples: [
                prepared("Thanks!", line: 41, ticket: "T-40"), prepared("Thanks!", line: 42, ticket: "T-7"),
                prepared("Thanks!", line: 43, ticket: "T-40"), prepared("Thanks!", line: 44, ticket: "T-0"),
            ],
            failures: [], recordsDone: 44)
        #expect(second.imported == 1)
        #expect(second.equalText == 1)
        #expect(
            second.skipped.map(\.duplicateOf) == [ids[7], try test.store.examples().last.map(\.id), ids[0]])
        #expect(second.skipped.allSatisfy { $0.reason == .sameTicket })
    }

    /// The texts met again are forgotten at each merge of the newer examples' keys, and gathered again after it.
    @Test func aTextSharedByManyTicketsIsFoundAgainAfterTheKeysAreMerged() throws {
        let test = try TestStore(.file)
        test.store.contentKeys.mergeThreshold = 8
        let source = try test.source("a.csv")
        var line = 0
        func batch(_ tickets: [Int]) throws -> BatchOutcome {
            let examples = tickets.map { ticket -> PreparedExample in
                line += 1
                return prepared("Thanks!", line: line, ticket: "T-\(ticket)")
            }
            return try test.store.commitBatch(source: source, examples: examples, failures: [], recordsDone: line)
        }
        #expect(try batch(Array(0..<6)).imported == 6)
        // T-2 again, and new tickets past the merge threshold, then T-2 and T-9 again.
        let second = try batch([2, 6, 7, 8, 9, 10])
        #expect(second.imported == 5)
        #expect(second.skipped.map(\.duplicateOf) == [3])
        let third = try batch([2, 9, 11])
        #expect(third.imported == 1)
        #expect(third.skipped.map(\.duplicateOf) == [3, 10])
    }

    @Test(arguments: TestStore.Kind.allCases)
    func distinctTicketsWithEqualTextAreAllKept(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("a.csv")
        var sameTicket = prepared("My card has not arrived", line: 1)
        let outcome = try test.store.commitBatch(
            source: source,
            examples: [
                prepared("My card has not arrived", line: 1, ticket: "T-1"),
                prepared("My card has not arrived", line: 2, ticket: "T-2"),
                prepared("My card has not arrived", line: 3),
                prepared("My card has not arrived", line: 4, ticket: "T-1"),
            ],
            failures: [], recordsDone: 4)
        #expect(outcome.imported == 3)
        #expect(outcome.equalText == 2)
        #expect(outcome.duplicates == 1)
        #expect(outcome.skipped == [SkippedRecord(locator: .line(4), reason: .sameTicket, duplicateOf: 1)])

        // The same ticket with other text is kept: nothing is lost.
        let other = try test.source("b.csv")
        sameTicket = prepared("My card has not arrived, it has been two weeks", line: 1, ticket: "T-1")
        let second = try test.store.commitBatch(source: other, examples: [sameTicket], failures: [], recordsDone: 1)
        #expect(second.imported == 1)
        #expect(try test.store.count() == 4)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func aFileImportedBeforeAddsNothingByPosition(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("a.csv")
        _ = try test.store.commitBatch(
            source: source, examples: [prepared("one", line: 1), prepared("one", line: 2)], failures: [],
            recordsDone: 2)
        try test.store.completeSource(source, notes: [])
        let again = try test.store.registerSource(path: "copy.csv", sha256: source.sha256, format: .csv, size: 1)
        #expect(again.id == source.id)
        #expect(again.hasEarlierPass)
        let stored = try test.store.storedRecords(of: again)
        #expect(stored == ["line:1": 1, "line:2": 2])
        let outcome = try test.store.commitBatch(
            source: again, examples: [prepared("one", line: 1), prepared("one", line: 2), prepared("two", line: 3)],
            failures: [], recordsDone: 3, identity: ImportIdentity(storedRecords: stored))
        #expect(outcome.imported == 1)
        #expect(outcome.alreadyImported == 2)
        #expect(outcome.skipped.isEmpty)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func aRecordThatReadsDifferentlyAtAStoredPlaceIsStoredWhenHashesAreCompared(kind: TestStore.Kind) throws {
        // A mailbox imported alone, then with the mailbox holding its answers: its first thread holds more now.
        let test = try TestStore(kind)
        let source = try test.source("Inbox")
        _ = try test.store.commitBatch(
            source: source, examples: [prepared("question", line: 1), prepared("other", line: 2)], failures: [],
            recordsDone: 2)
        try test.store.completeSource(source, notes: [])
        let again = try test.store.registerSource(path: "Inbox", sha256: source.sha256, format: .mbox, size: 1)
        let identity = ImportIdentity(
            storedRecords: try test.store.storedRecords(of: again), storedHashes: try test.store.storedHashes(of: again)
        )
        #expect(identity.storedHashes["line:1"]?.count == 1)
        let whole = [prepared("question and its answer", line: 1), prepared("other", line: 2)]
        let outcome = try test.store.commitBatch(
            source: again, examples: whole, failures: [], recordsDone: 2, identity: identity)
        #expect(outcome.imported == 1)
        #expect(outcome.revised == 1)
        #expect(outcome.alreadyImported == 1)
        try test.store.completeSource(again, notes: [])
        // A third pass finds both versions at the place and adds nothing.
        let third = try test.store.registerSource(path: "Inbox", sha256: source.sha256, format: .mbox, size: 1)
        let hashes = try test.store.storedHashes(of: third)
        #expect(hashes["line:1"]?.count == 2)
        let none = try test.store.commitBatch(
            source: third, examples: whole, failures: [], recordsDone: 2,
            identity: ImportIdentity(storedRecords: try test.store.storedRecords(of: third), storedHashes: hashes))
        #expect(none.imported == 0)
        #expect(none.alreadyImported == 2)
        // Without the hashes (any file not threaded with others), the place alone decides, as before.
        let byPlace = try test.store.commitBatch(
            source: third, examples: [prepared("changed", line: 2)], failures: [], recordsDone: 2,
            identity: ImportIdentity(storedRecords: try test.store.storedRecords(of: third)))
        #expect(byPlace.imported == 0)
        #expect(byPlace.alreadyImported == 1)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func aPassOverOnePartKeepsTheOtherPartsQuarantine(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let whole = try test.store.registerSource(path: "d.json", sha256: "cc", format: .json, size: 1)
        let failures = [
            RecordFailure(kind: .noInput, file: "d.json", locator: .record(2), message: "no input text"),
            RecordFailure(
                kind: .noInput, file: "d.json", locator: .part("train", .record(2)), message: "no input text"),
            RecordFailure(
                kind: .noInput, file: "d.json", locator: .part("tráin", .record(3)), message: "no input text"),
        ]
        _ = try test.store.commitBatch(source: whole, examples: [], failures: failures, recordsDone: 3)
        try test.store.completeSource(whole, notes: [])
        // A pass over `train` drops only `train`'s entries; one over the default part only its own.
        _ = try test.store.registerSource(path: "d.json", sha256: "cc", format: .json, size: 1, part: "train")
        #expect(try test.store.quarantine().map(\.locator) == [.record(2), .part("tráin", .record(3))])
        _ = try test.store.registerSource(path: "d.json", sha256: "cc", format: .json, size: 1)
        #expect(try test.store.quarantine().map(\.locator) == [.part("tráin", .record(3))])
    }

    @Test(arguments: TestStore.Kind.allCases)
    func aNewAttemptAtAPathSupersedesItsQuarantine(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let first = try test.store.registerSource(
            path: "t.csv", absolutePath: "/data/t.csv", sha256: "aa", format: .csv, size: 1)
        _ = try test.store.commitBatch(source: first, examples: [], failures: [failure(line: 2)], recordsDone: 1)
        try test.store.completeSource(first, notes: [])
        #expect(try test.store.quarantine().count == 1)
        // The file fixed (other bytes), at the same path: the earlier attempt's entries go.
        let fixed = try test.store.registerSource(
            path: "./t.csv", absolutePath: "/data/t.csv", sha256: "bb", format: .csv, size: 1)
        #expect(fixed.id != first.id)
        #expect(try test.store.quarantine().isEmpty)
        // An interrupted pass resumed keeps what it quarantined so far.
        _ = try test.store.commitBatch(source: fixed, examples: [], failures: [failure(line: 3)], recordsDone: 1)
        let resumed = try test.store.registerSource(
            path: "t.csv", absolutePath: "/data/t.csv", sha256: "bb", format: .csv, size: 1)
        #expect(resumed.recordsDone == 1)
        #expect(try test.store.quarantine().count == 1)
        #expect(try test.store.clearQuarantine(source: "t.csv") == 1)
        #expect(try test.store.quarantine().isEmpty)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func quarantineIgnoresARepeatedLocator(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("in.jsonl")
        let outcome = try test.store.commitBatch(
            source: source, examples: [],
            failures: [failure(line: 2, column: 5), failure(line: 2), failure(line: 7, kind: .notAnObject)],
            recordsDone: 7)
        #expect(outcome.quarantined == 2)
        let again = try test.store.commitBatch(
            source: source, examples: [], failures: [failure(line: 2, column: 5)], recordsDone: 7)
        #expect(again.quarantined == 0)

        let quarantine = try test.store.quarantine()
        #expect(quarantine.map(\.locator) == [.line(2), .line(7)])
        #expect(quarantine.map(\.kind) == ["invalid_json", "not_an_object"])
        #expect(quarantine.first?.message == "column 5: bad line")
        #expect(quarantine.first?.snippet == "{oops")
        #expect(quarantine.first?.file == "in.jsonl")
        #expect(try test.store.statistics().quarantined == 2)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func fileLevelFailureHasNoLocator(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("in.jsonl")
        _ = try test.store.commitBatch(source: source, examples: [], failures: [failure(line: nil)], recordsDone: 0)
        let record = try #require(try test.store.quarantine().first)
        #expect(record.locator == nil)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func quarantineFiltersBySourceSuffix(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        for path in ["/d/one.jsonl", "/d/two.jsonl"] {
            _ = try test.store.commitBatch(
                source: try test.source(path), examples: [], failures: [failure(line: 1)], recordsDone: 1)
        }
        #expect(try test.store.quarantine(source: "two.jsonl").map(\.file) == ["/d/two.jsonl"])
        #expect(try test.store.quarantine(source: "%").isEmpty)
        #expect(try test.store.quarantine().count == 2)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func progressAndResume(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("big.jsonl")
        _ = try test.store.commitBatch(source: source, examples: [prepared("a")], failures: [], recordsDone: 10)

        let resumed = try test.source("big.jsonl")
        #expect(resumed.id == source.id)
        #expect(!resumed.isComplete)
        #expect(resumed.recordsDone == 10)

        _ = try test.store.commitBatch(source: resumed, examples: [prepared("b")], failures: [], recordsDone: 12)
        try test.store.completeSource(resumed, notes: ["read as Windows-1252"])
        let summary = try #require(try test.store.sources().first)
        #expect(summary.info.isComplete)
        #expect(summary.recordsRead == 12)
        #expect(summary.imported == 2)
        #expect(summary.notes == ["read as Windows-1252"])

        let rerun = try test.source("big.jsonl")
        #expect(rerun.id == source.id)
        #expect(rerun.isComplete)
        #expect(rerun.recordsDone == 0)
        let afterRerun = try #require(try test.store.sources().first)
        #expect(!afterRerun.info.isComplete)
        #expect(afterRerun.info.recordsDone == 0)
    }

    @Test(arguments: TestStore.Kind.allCases)
    func storedExampleKeepsEveryField(kind: TestStore.Kind) throws {
        let test = try TestStore(kind)
        let source = try test.source("/data/chat.jsonl")
        let messages = [Message(role: .system, content: "Be kind."), Message(role: .user, content: "Hi \"there\"")]
        let metadata = JSONObject([(key: "priority", value: "high"), (key: "tags", value: ["a", "b"])])
        _ = try test.store.commitBatch(
            source: source,
            examples: [
                prepared(
                    "Hi \"there\"", response: "Hello", label: "Greeting", line: 4, trainingPoint: "tone",
                    messages: messages, metadata: metadata)
            ],
            failures: [], recordsDone: 4)
        let stored = try #require(try test.store.examples().first)
        #expect(try test.store.example(id: stored.id) == stored)
        #expect(stored.input == "Hi \"there\"")
        #expect(stored.response == "Hello")
        #expect(stored.label == "Greeting")
        #expect(stored.trainingPoint == "tone")
        #expect(stored.effectiveTrainingPoint == "tone")
        #expect(stored.ticketID == "T-4")
        #expect(stored.messages == messages)
        #expect(stored.metadata == metadata)
        #expect(stored.sourcePath == "/data/chat.jsonl")
        #expect(stored.locator == .line(4))
        #expect(stored.status == .pending)
        #expect(stored.labelOverride == nil)
        #expect(stored.contentHash == ContentHash.of(input: "Hi \"there\"", response: "Hello", label: "Greeting"))
    }
}
