import Foundation
import GRDB
import Testing
import WinnowCore

@testable import WinnowStore

@Suite("Store: background checkpoints")
struct BackgroundCheckpointerTests {
    /// Commits `batches` batches of 20 examples with long inputs (several pages each) through `checkpointer`,
    /// returning the largest WAL size seen after a commit.
    private func importBatches(
        _ batches: Int, into test: TestStore, checkpointer: BackgroundCheckpointer?
    ) throws -> UInt64 {
        let source = try test.source("big.jsonl")
        // Start from an empty WAL (the migrations' pages would otherwise set its size).
        try test.store.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let walPath = try #require(test.store.path) + "-wal"
        let filler = String(repeating: "a long ticket body that fills pages ", count: 60)
        var largest: UInt64 = 0
        for batch in 0..<batches {
            let examples = (0..<20).map { prepared("\(batch)-\($0) \(filler)", line: batch * 20 + $0 + 1) }
            _ = try test.store.commitBatch(
                source: source, examples: examples, failures: [], recordsDone: (batch + 1) * 20)
            checkpointer?.committed()
            let size = (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? UInt64) ?? 0
            largest = max(largest, size)
        }
        return largest
    }

    @Test func walStaysBoundedAndEverythingIsKept() throws {
        let test = try TestStore(.file)
        let checkpointer = try #require(try BackgroundCheckpointer(store: test.store, restartFrames: 16))
        let autocheckpoint = try test.store.writer.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
        }
        #expect(autocheckpoint == 0, "the writer leaves checkpoints to the checkpointer")
        let largest = try importBatches(60, into: test, checkpointer: checkpointer)
        try checkpointer.finish()
        try checkpointer.finish()  // a second call does nothing

        // 60 batches of about 8 pages of 16 KiB each: 480 pages without restarts. With restarts at 16 pages the
        // WAL holds at most one batch beyond that.
        #expect(largest > 0)
        #expect(largest < 32 * 16_408, "WAL reached \(largest) bytes")
        let restored = try test.store.writer.writeWithoutTransaction { db in
            try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
        }
        #expect(restored == 2048)
        let reopened = try Store(path: try #require(test.store.path))
        #expect(try reopened.count() == 1200)
    }

    @Test func withoutItsCheckpointsTheWALHoldsEverything() throws {
        // The control for the test above: with the writer's own checkpoints off and none asked for, the same writes
        // grow the WAL past the bound, so the bound above is the checkpointer's doing.
        let test = try TestStore(.file)
        let checkpointer = try #require(try BackgroundCheckpointer(store: test.store))
        let largest = try importBatches(60, into: test, checkpointer: nil)
        try checkpointer.finish()
        #expect(largest > 256 * 16_408, "WAL reached only \(largest) bytes")
        let reopened = try Store(path: try #require(test.store.path))
        #expect(try reopened.count() == 1200)
    }

    @Test func smallCommitsShareACheckpoint() throws {
        // A folder of small files commits a few pages per file: a checkpoint (two fsyncs) is asked for once the WAL
        // has grown by the step, not after every commit, and the last one copies everything.
        let test = try TestStore(.file)
        let checkpointer = try #require(try BackgroundCheckpointer(store: test.store, stepFrames: 64))
        let source = try test.source("small.jsonl")
        for index in 0..<200 {
            _ = try test.store.commitBatch(
                source: source, examples: [prepared("ticket \(index)", line: index + 1)], failures: [],
                recordsDone: index + 1)
            checkpointer.committed()
        }
        let asked = checkpointer.checkpointsAsked
        #expect(asked >= 1, "200 commits grew the WAL past 64 pages")
        #expect(asked <= 20, "\(asked) checkpoints for 200 commits")
        try checkpointer.finish()
        // Everything is in the database file itself once the last checkpoint has run: a copy of the file without
        // its WAL holds every example.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("checkpointed-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: try #require(test.store.path), toPath: copy)
        #expect(try Store(path: copy).count() == 200)
    }

    @Test func memoryStoreHasNothingToCheckpoint() throws {
        let test = try TestStore(.memory)
        #expect(try BackgroundCheckpointer(store: test.store) == nil)
    }
}
