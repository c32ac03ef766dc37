import Foundation
import GRDB
import Testing
import WinnowApp
import WinnowCore
import WinnowEncoder
import WinnowImport
import WinnowStore

/// `winnow embed` with the real model: an interrupted run keeps its committed chunks and the next run finishes
/// the rest; nothing is embedded twice, and a changed text is embedded again.
@Suite("Embedding runs")
struct EmbeddingResumeTests {
    @Test("an interrupted run resumes, and only changed texts are embedded again")
    func interruptAndResume() throws {
        let store = try Store()
        let fixture = CommandLineTool.packageRoot.appendingPathComponent("Fixtures/tickets.jsonl").path
        _ = try ImportService().run(paths: [fixture], options: ImportOptions(), store: store)
        let total = try store.count()
        let service = try EmbeddingService(threads: 2)

        // Stop during the second chunk: the first chunk of 8 is committed, the second is not.
        let first = try service.embedPending(store: store, chunkSize: 8) { $0.done < 16 }
        #expect(first.interrupted)
        #expect(first.embedded == 8)
        let afterFirst = try store.embeddingCount(model: service.modelID)
        #expect(afterFirst == first.embedded)

        let second = try service.embedPending(store: store, chunkSize: 8)
        #expect(!second.interrupted)
        #expect(second.embedded == total - afterFirst)
        #expect(try store.embeddingCount(model: service.modelID) == total)

        let third = try service.embedPending(store: store, chunkSize: 8)
        #expect(third.embedded == 0)
        #expect(third.upToDate == total)

        try store.writer.write { db in
            try db.execute(sql: "UPDATE examples SET edited_input = 'Where is my parcel?' WHERE id = 1")
        }
        let fourth = try service.embedPending(store: store, chunkSize: 8)
        #expect(fourth.embedded == 1)
        let matrix = try store.embeddings(model: service.modelID, exampleIDs: [1])
        let expected = try service.encoder.embed(["Where is my parcel?"])[0]
        let stored = Array(matrix.row(0))
        #expect(zip(stored, expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}
