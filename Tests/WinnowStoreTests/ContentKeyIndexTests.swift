import Foundation
import GRDB
import Testing
import WinnowCore

@testable import WinnowStore

/// A prepared example whose content hash is `hash` (so tests can make two hashes share their first 8 bytes).
private func prepared(_ input: String, line: Int, hash: [UInt8]) -> PreparedExample {
    PreparedExample(ExampleDraft(input: input, locator: .line(line)), contentHash: hash)
}

/// A 32-byte hash: `prefix` as the first 8 bytes (the key), `rest` filling the other 24.
private func hash(prefix: UInt64, rest: UInt8) -> [UInt8] {
    withUnsafeBytes(of: prefix.bigEndian) { Array($0) } + [UInt8](repeating: rest, count: 24)
}

/// An outcome without quarantined records.
private func outcomeOf(imported: Int, duplicates: Int) -> BatchOutcome {
    var outcome = BatchOutcome()
    outcome.imported = imported
    outcome.duplicates = duplicates
    return outcome
}

private func keyRows(_ store: Store) throws -> (keys: Int, mergedThrough: Int64) {
    try store.writer.read { db in
        (
            try Int.fetchOne(db, sql: "SELECT count(*) FROM content_keys") ?? -1,
            try Int64.fetchOne(db, sql: "SELECT merged_through FROM content_key_state") ?? -1
        )
    }
}

@Suite("Store: content-key index")
struct ContentKeyIndexTests {
    /// Two hashes with the same 8-byte key are different content: both are stored, and each is found again, both
    /// while they are newer examples and after their keys are merged.
    @Test(arguments: [false, true])
    func sameKeyDifferentHash(merged: Bool) throws {
        let test = try TestStore(.file)
        test.store.contentKeys.mergeThreshold = merged ? 2 : 1000
        let source = try test.source("a.jsonl")
        let first = hash(prefix: 0xABCD, rest: 1)
        let second = hash(prefix: 0xABCD, rest: 2)
        let outcome = try test.store.commitBatchSkippingText(
            source: source,
            examples: [prepared("one", line: 1, hash: first), prepared("two", line: 2, hash: second)],
            failures: [], recordsDone: 2)
        #expect(outcome == outcomeOf(imported: 2, duplicates: 0))
        #expect(try keyRows(test.store).keys == (merged ? 2 : 0))

        // The same two again, and a third with the same key: two duplicates and one new example.
        let third = hash(prefix: 0xABCD, rest: 3)
        let again = try test.store.commitBatchSkippingText(
            source: source,
            examples: [
                prepared("two", line: 3, hash: second), prepared("one", line: 4, hash: first),
                prepared("three", line: 5, hash: third),
            ],
            failures: [], recordsDone: 5)
        #expect(again == outcomeOf(imported: 1, duplicates: 2))
        // A store opened afterwards finds all three.
        let reopened = try Store(path: try #require(test.store.path))
        let lastTime = try reopened.commitBatchSkippingText(
            source: source,
            examples: [
                prepared("three", line: 6, hash: third), prepared("one", line: 7, hash: first),
                prepared("two", line: 8, hash: second),
            ],
            failures: [], recordsDone: 8)
        #expect(lastTime == outcomeOf(imported: 0, duplicates: 3))
        #expect(try test.store.examples().map(\.input) == ["one", "two", "three"])
    }

    /// A record met twice in one batch is stored once, at its first place.
    @Test func duplicateWithinOneBatch() throws {
        let test = try TestStore()
        let source = try test.source("a.jsonl")
        let outcome = try test.store.commitBatchSkippingText(
            source: source,
            examples: [
                prepared("Refund please", line: 1), prepared("Other", line: 2), prepared("  Refund   please", line: 3),
            ],
            failures: [], recordsDone: 3)
        #expect(outcome.imported == 2)
        #expect(outcome.duplicates == 1)
        #expect(try test.store.examples().map(\.locator) == [.line(1), .line(2)])
    }

    /// Rows go in 16 to a statement: a batch of 45 with repeats inside a group and across groups stores each text
    /// once, in order, and every merged key points at the example whose hash it starts.
    @Test func groupsOfRowsGetTheirOwnIDs() throws {
        let test = try TestStore(.file)
        test.store.contentKeys.mergeThreshold = 10
        let source = try test.source("a.jsonl")
        let texts = (1...45).map { line in line % 7 == 0 ? "text \(line / 2)" : "text \(line)" }
        let outcome = try test.store.commitBatchSkippingText(
            source: source, examples: texts.enumerated().map { prepared($1, line: $0 + 1) }, failures: [],
            recordsDone: 45)
        let unique = Set(texts).count
        #expect(outcome == outcomeOf(imported: unique, duplicates: 45 - unique))
        let stored = try test.store.examples()
        #expect(stored.map(\.id) == Array(1...Int64(unique)))
        #expect(stored.map(\.input) == texts.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
        let pairs = try test.store.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT k.key, e.content_hash FROM content_keys k JOIN examples e ON e.id = k.example_id")
        }
        let mismatched = pairs.filter { row in
            let hash: Data = row["content_hash"]
            let prefix = hash.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return Int64(bitPattern: prefix) != row["key"]
        }
        #expect(try keyRows(test.store).keys == unique)
        #expect(pairs.count == unique)
        #expect(mismatched.isEmpty)
    }

    /// Keys are merged in sorted runs once enough newer examples gather; duplicates are found before and after,
    /// and by a store opened afterwards (which rebuilds the in-memory part).
    @Test func mergesAndFindsDuplicatesAfterwards() throws {
        let test = try TestStore(.file)
        test.store.contentKeys.mergeThreshold = 4
        let source = try test.source("a.jsonl")
        var line = 0
        func batch(_ texts: [String]) throws -> BatchOutcome {
            let examples = texts.map { text -> PreparedExample in
                line += 1
                return prepared(text, line: line)
            }
            return try test.store.commitBatchSkippingText(
                source: source, examples: examples, failures: [], recordsDone: line)
        }
        #expect(try batch(["a", "b", "c"]).imported == 3)
        #expect(try keyRows(test.store).keys == 0)
        #expect(try batch(["d", "a"]) == outcomeOf(imported: 1, duplicates: 1))
        #expect(try keyRows(test.store) == (4, 4))
        #expect(try batch(["e", "b", "d"]) == outcomeOf(imported: 1, duplicates: 2))

        let reopened = try Store(path: try #require(test.store.path))
        let again = try reopened.commitBatchSkippingText(
            source: source, examples: ["a", "b", "c", "d", "e", "f"].map { prepared($0, line: 99) }, failures: [],
            recordsDone: 99)
        #expect(again == outcomeOf(imported: 1, duplicates: 5))
        #expect(try reopened.examples().map(\.input) == ["a", "b", "c", "d", "e", "f"])
    }

    /// Two connections writing one store: each sees what the other stored or merged.
    @Test func twoStoresOnOneFile() throws {
        let test = try TestStore(.file)
        let other = try Store(path: try #require(test.store.path))
        test.store.contentKeys.mergeThreshold = 3
        other.contentKeys.mergeThreshold = 3
        let source = try test.source("a.jsonl")
        func commit(_ store: Store, _ texts: [String]) throws -> BatchOutcome {
            try store.commitBatchSkippingText(
                source: source, examples: texts.map { prepared($0, line: 1) }, failures: [], recordsDone: 1)
        }
        #expect(try commit(test.store, ["x"]).imported == 1)
        #expect(try commit(other, ["x", "y"]) == outcomeOf(imported: 1, duplicates: 1))
        #expect(try commit(test.store, ["y", "z"]) == outcomeOf(imported: 1, duplicates: 1))
        // `test.store` merged x, y and z; `other` must notice and still find them.
        #expect(try keyRows(test.store).keys == 3)
        #expect(try commit(other, ["z", "x", "w"]) == outcomeOf(imported: 1, duplicates: 2))
        #expect(try commit(test.store, ["w"]).duplicates == 1)
        #expect(try test.store.count() == 4)
    }

    /// A batch that fails rolls back, and what the index learnt from it is forgotten: its records import later.
    @Test func failedBatchLeavesNoTrace() throws {
        let test = try TestStore()
        try test.store.writer.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse_boom BEFORE INSERT ON examples WHEN NEW.input = 'boom'
                    BEGIN SELECT RAISE(ABORT, 'boom refused'); END
                    """)
        }
        let source = try test.source("a.jsonl")
        #expect(throws: DatabaseError.self) {
            _ = try test.store.commitBatchSkippingText(
                source: source, examples: [prepared("lost", line: 1), prepared("boom", line: 2)], failures: [],
                recordsDone: 2)
        }
        #expect(try test.store.count() == 0)
        let outcome = try test.store.commitBatchSkippingText(
            source: source, examples: [prepared("lost", line: 1)], failures: [], recordsDone: 1)
        #expect(outcome.imported == 1)
        #expect(try test.store.count() == 1)
    }

    /// A store made before the content-key index: the migration drops the unique index, fills `content_keys`,
    /// keeps every row and id, and re-imports still find the old examples.
    @Test func migrationFromTheUniqueHashIndex() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-keys-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.db").path
        let old = try DatabasePool(path: path)
        try Store.migrator.migrate(old, upTo: "v2-embeddings")
        let texts = ["first", "second", "third"]
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sources (path, sha256, format, size, status, created_at, updated_at)
                    VALUES ('old.jsonl', 'abc', 'jsonl', 1, 'complete', 0, 0)
                    """)
            for (index, text) in texts.enumerated() {
                let digest = Data(ContentHash.digest(input: text, response: nil, label: nil).bytes)
                try db.execute(
                    sql: """
                        INSERT INTO examples (id, content_hash, input, source_id, locator, created_at)
                        VALUES (?, ?, ?, 1, ?, 0)
                        """,
                    arguments: [10 * (index + 1), digest, text, "line:\(index + 1)"])
            }
            try db.execute(
                sql: """
                    INSERT INTO flags (example_id, check_id, severity, message, created_at)
                    VALUES (20, 'demo', 'warning', 'kept', 0)
                    """)
        }
        try old.close()

        let store = try Store(path: path)
        let schema = try store.writer.read { db in
            (
                autoindexes: try Int.fetchOne(
                    db,
                    sql: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'examples'") ?? -1,
                ids: try Int64.fetchAll(db, sql: "SELECT id FROM examples ORDER BY id"),
                flagged: try Int64.fetchOne(db, sql: "SELECT example_id FROM flags"),
                foreignKeys: try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            )
        }
        #expect(schema.autoindexes == 0)
        #expect(schema.ids == [10, 20, 30])
        #expect(schema.flagged == 20)
        #expect(schema.foreignKeys.isEmpty)
        #expect(try keyRows(store) == (3, 30))

        let source = try store.registerSource(path: "new.jsonl", sha256: "def", format: .jsonl, size: 1)
        let outcome = try store.commitBatchSkippingText(
            source: source,
            examples: (texts + ["fourth"]).enumerated().map {
                PreparedExample(ExampleDraft(input: $1, locator: .line($0 + 1)))
            },
            failures: [], recordsDone: 4)
        #expect(outcome == outcomeOf(imported: 1, duplicates: 3))
        #expect(try store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM examples") } == 31)
    }
}

@Suite("Store: content-key filter and table of newer examples")
struct ContentKeyStructureTests {
    private static func digest(_ index: Int) -> ContentDigest {
        let bytes = ContentHash.digest(input: "text \(index)", response: nil, label: nil).bytes
        return bytes.withUnsafeBytes { ContentDigest($0) }
    }

    /// The filter never answers "no" for a key it was given, and answers "maybe" for few of the others.
    @Test func filterHasNoFalseNegativesAndFewFalsePositives() {
        var filter = ContentKeyFilter(capacity: 10_000)
        for index in 0..<10_000 { filter.insert(Self.digest(index).key) }
        #expect((0..<10_000).allSatisfy { filter.mayContain(Self.digest($0).key) })
        let wrong = (10_000..<30_000).filter { filter.mayContain(Self.digest($0).key) }.count
        #expect(wrong < 400, "\(wrong) of 20,000 absent keys answered maybe")
        #expect(!filter.wantsToGrow)
    }

    /// Hashes sharing the slot word still find their own ids; the table grows and empties.
    @Test func tableKeepsEveryHashApart() {
        var table = RecentExamples(capacity: 4)
        for index in 0..<5_000 { table.insert(Self.digest(index), id: Int64(index + 1)) }
        #expect(table.count == 5_000)
        #expect((0..<5_000).allSatisfy { table[Self.digest($0)] == Int64($0 + 1) })
        #expect(table[Self.digest(5_000)] == nil)
        let sameSlot = [UInt8](repeating: 7, count: 32)
        var other = sameSlot
        other[31] = 8
        table.insert(sameSlot.withUnsafeBytes { ContentDigest($0) }, id: 9_001)
        table.insert(other.withUnsafeBytes { ContentDigest($0) }, id: 9_002)
        #expect(table[other.withUnsafeBytes { ContentDigest($0) }] == 9_002)
        #expect(table[sameSlot.withUnsafeBytes { ContentDigest($0) }] == 9_001)
        #expect(Set(table.keysAndIDs.map(\.id)).count == 5_002)
        table.removeAll()
        #expect(table.count == 0)
        #expect(table[Self.digest(1)] == nil)
    }
}

extension Store {
    /// A batch committed with the rule that any stored text is a duplicate: what the content-key index answers.
    /// These tests count; the skipped records' list is tested with the store's import tests.
    fileprivate func commitBatchSkippingText(
        source: SourceInfo, examples: [PreparedExample], failures: [RecordFailure], recordsDone: Int
    ) throws -> BatchOutcome {
        var outcome = try commitBatch(
            source: source, examples: examples, failures: failures, recordsDone: recordsDone,
            identity: ImportIdentity(skipDuplicateText: true))
        outcome.skipped = []
        return outcome
    }
}
